import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { addScanOptions, analyzeAndReport, loadRulesForFlags, parseScanFlags, readInventoryArg } from '../scan-output.js';
import type { CliCommand, CommandContext } from './types.js';
import { scanAwsSubcommand } from './scan-aws.js';
import { scanGcpSubcommand } from './scan-gcp.js';

/** A provider subcommand of `aispm scan` (e.g. `aispm scan aws`); it reads the shared flags with optsWithGlobals(). */
export interface ScanSubcommand {
  register(scan: Command, ctx: CommandContext): void;
}

/** Provider subcommands, listed explicitly. Connector engineers add theirs here (scan-aws.ts, scan-gcp.ts). */
export const SCAN_SUBCOMMANDS: ScanSubcommand[] = [scanAwsSubcommand, scanGcpSubcommand];

export const scanCommand: CliCommand = {
  register(program, ctx) {
    const scan = addScanOptions(
      program
        .command('scan')
        .description('scan an inventory file (or a cloud account, with a provider subcommand) and report findings')
        .option('--inventory <file>', 'inventory JSON to scan offline (written by --inventory-out or by hand)'),
    ).action(async (opts: Record<string, unknown>) => {
      if (!opts.inventory) throw new InputError('scan: nothing to scan: pass --inventory FILE, or a provider subcommand (see "aispm scan --help")');
      const flags = parseScanFlags(opts);
      const rules = loadRulesForFlags(flags, ctx.io);
      const inventory = await readInventoryArg(ctx.io, String(opts.inventory));
      await analyzeAndReport(ctx, inventory, flags, rules);
    });
    for (const sub of SCAN_SUBCOMMANDS) sub.register(scan, ctx);
  },
};
