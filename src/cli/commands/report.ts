import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, formatIssues } from '../../model/errors.js';
import { STREAMING_READ_BYTES } from '../../model/inventory-file.js';
import { ScanResult } from '../../model/scan-result.js';
import { readScanResultStream } from '../../model/stream/read-scan-result.js';
import { REPORTER_NAMES } from '../../reporters/index.js';
import { parseScanFlags, writeScanOutputs } from '../scan-output.js';
import type { CliCommand, CommandContext } from './types.js';

/**
 * Reads a result written by `--format json` and checks it is one; every problem is named by its JSON path. A large
 * file is read as a stream, a finding at a time.
 */
export async function readScanResult(file: string, cwd: string): Promise<ScanResult> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    if ((await stat(path)).size >= STREAMING_READ_BYTES) return await readScanResultStream(path, { source: `--from ${file}` });
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--from ${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`--from ${file}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ScanResult.safeParse(json);
  if (!parsed.success) {
    throw new InputError(`--from ${file}: not an aispm JSON result (write one with --format json):\n${formatIssues(parsed.error.issues.slice(0, 20), json)}`);
  }
  return parsed.data;
}

export const reportCommand: CliCommand = {
  register(program: Command, ctx: CommandContext) {
    program
      .command('report')
      .description('re-render a saved JSON result (from --format json) in other formats, without rescanning')
      .requiredOption('--from <file>', 'aispm.json written by a scan')
      .option('--format <formats>', `comma-separated output formats: ${REPORTER_NAMES.join(', ')}`, 'table')
      .option('--output <dir>', 'write each format to a file in this directory; the table is also printed')
      .option('--fail-on <severity>', 'exit 1 when a failed, unsuppressed finding is at or above this severity')
      .addHelpText('after', '\nExample:\n  aispm scan aws --format json --output out && aispm report --from out/aispm.json --format html,sarif --output out\n')
      .action(async (opts: { from: string; format: string; output?: string; failOn?: string }) => {
        const flags = parseScanFlags(opts);
        const result = await readScanResult(opts.from, ctx.io.cwd);
        await writeScanOutputs(ctx, result, flags);
      });
  },
};
