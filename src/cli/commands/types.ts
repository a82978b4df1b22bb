import type { Command } from 'commander';
import type { CliIO } from '../io.js';

/** Commands set ctx.exitCode; they never exit the process. */
export interface CommandContext {
  io: CliIO;
  exitCode: number;
}

export interface CliCommand {
  /** Adds the command (and its subcommands) to the program. */
  register(program: Command, ctx: CommandContext): void;
}
