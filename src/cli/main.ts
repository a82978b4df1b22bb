import { Command, CommanderError } from 'commander';
import { InputError } from '../model/errors.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, processIO, type CliIO } from './io.js';
import type { CommandContext } from './commands/types.js';
import { VERSION } from '../version.js';

const HELP_EPILOG = `
Examples:
  aispm demo                                 scan a mock AWS and Google Cloud AI estate
  aispm scan aws --profile audit             scan an AWS account read-only
  aispm scan gcp --project my-ml-project     scan a Google Cloud project read-only
  aispm scan --inventory inventory.json --format sarif --output out --fail-on high
  aispm rules list                           the built-in rules

Exit codes: 0 ok, 1 a failed finding at or above --fail-on, 2 usage or input error,
3 internal error. Run "aispm <command> --help" for a command's options.`;

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('aispm')
    .description('Agentless AI security posture scanner: training data poisoning and model tampering paths on AWS and Google Cloud')
    .version(VERSION)
    .addHelpText('after', HELP_EPILOG)
    .exitOverride()
    .showHelpAfterError('(run "aispm --help" for usage)')
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  for (const command of COMMANDS) command.register(program, ctx);
  return program;
}

/** Runs the CLI and returns the exit code. Only this module (and bin/) decides exit codes. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const ctx: CommandContext = { io, exitCode: EXIT.ok };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      io.stderr.write(`aispm: ${err.message}\n`);
      return EXIT.usage;
    }
    const e = err as Error;
    io.stderr.write(`aispm: internal error: ${e?.message ?? String(err)}\n`);
    if (io.env.AISPM_DEBUG) io.stderr.write(`${e?.stack ?? ''}\n`);
    else io.stderr.write('(set AISPM_DEBUG=1 for the stack trace, and please report it)\n');
    return EXIT.internal;
  }
}
