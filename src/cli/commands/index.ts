import type { CliCommand } from './types.js';

/** Every CLI command, listed explicitly: a command missing here does not exist. */
export const COMMANDS: CliCommand[] = [];
