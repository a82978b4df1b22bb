import type { CliCommand } from './types.js';
import { permissionsCommand } from './permissions.js';

/** Every CLI command, listed explicitly: a command missing here does not exist. */
export const COMMANDS: CliCommand[] = [permissionsCommand];
