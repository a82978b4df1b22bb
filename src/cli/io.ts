import type { Writable } from 'node:stream';

/** Everything a command may touch of the process, passed in so commands are testable in-process. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

export const EXIT = {
  ok: 0,
  /** a failed finding at or above --fail-on (or a new one at or above --fail-on-new) */
  findings: 1,
  /** the user's mistake: bad flag, bad file, bad rule */
  usage: 2,
  /** a bug in aispm */
  internal: 3,
} as const;
