import type { CliCommand } from './types.js';
import { permissionsCommand } from './permissions.js';
import { scanCommand } from './scan.js';
import { rulesCommand } from './rules.js';
import { demoCommand } from './demo.js';
import { scanModelCommand } from './scan-model.js';
import { mockCommand } from './mock.js';
import { diffCommand, historyCommand } from './history.js';
import { scheduleCommand } from './schedule.js';
import { reportCommand } from './report.js';

/** Every CLI command, listed explicitly: a command missing here does not exist. */
export const COMMANDS: CliCommand[] = [scanCommand, rulesCommand, demoCommand, permissionsCommand, scanModelCommand, mockCommand, historyCommand, diffCommand, scheduleCommand, reportCommand];
