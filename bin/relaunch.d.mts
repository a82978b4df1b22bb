export declare const CLI_V8_FLAGS: readonly string[];
export declare const RELAUNCHED_ENV: string;
export declare function missingV8Flags(execArgv: readonly string[], nodeOptions?: string): string[];
export declare function relaunchFlags(env?: NodeJS.ProcessEnv, execArgv?: readonly string[], argv?: readonly string[]): string[];
export declare function relaunch(flags: readonly string[], argv?: readonly string[], execArgv?: readonly string[]): Promise<number>;
