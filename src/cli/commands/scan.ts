import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { addScanOptions, loadRulesForFlags, parseScanFlags, readInventoryArg } from '../scan-output.js';
import { resolveScanSettings } from '../scan-settings.js';
import { analyzeRecordAndReport } from '../recorded-scan.js';
import { collectConfiguredTargets } from '../configured-targets.js';
import { collectWithProgress } from '../collect-steps.js';
import { modelArtifactStage } from '../model-artifact-step.js';
import type { Inventory } from '../../model/inventory.js';
import type { CliCommand, CommandContext } from './types.js';
import { coverageSummary, scanAwsSubcommand } from './scan-aws.js';
import { gcpCoverageSummary, scanGcpSubcommand } from './scan-gcp.js';

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
        .description('scan an inventory file, the targets of a config file, or a cloud account (provider subcommand), and report findings')
        .option('--inventory <file>', 'inventory JSON to scan offline (written by --inventory-out or by hand)')
        .addHelpText(
          'after',
          [
            '',
            'Examples:',
            '  aispm scan aws --profile audit --format table,sarif --output out',
            '  aispm scan gcp --project my-ml-project --inventory-out inventory.json',
            '  aispm scan --inventory inventory.json --format json --fail-on high',
            '  aispm scan --config aispm.config.yaml',
            '',
            'Provider options: "aispm scan aws --help", "aispm scan gcp --help". Outputs and exit codes: docs/outputs.md',
          ].join('\n'),
        ),
    ).action(async (opts: Record<string, unknown>, command: Command) => {
      const settings = await resolveScanSettings(command, parseScanFlags(opts), ctx.io, !opts.inventory);
      const { aws, gcp } = settings.config.config.targets;
      if (!opts.inventory && aws.length + gcp.length === 0) {
        throw new InputError('scan: nothing to scan: pass --inventory FILE, a provider subcommand (see "aispm scan --help"), or a config file with targets');
      }
      const rules = loadRulesForFlags(settings.flags, ctx.io);
      const startedAt = new Date().toISOString();
      let inventory: Inventory;
      if (opts.inventory) inventory = await readInventoryArg(ctx.io, String(opts.inventory));
      else {
        inventory = await collectWithProgress(
          ctx.io,
          (progress) => collectConfiguredTargets(settings.config.config, ctx.io, progress),
          (inv) => [aws.length ? coverageSummary(inv) : '', gcp.length ? gcpCoverageSummary(inv) : ''].filter(Boolean).join('\n'),
        );
      }
      const models = await modelArtifactStage(ctx.io, inventory, settings.scanModels ? {} : undefined);
      await analyzeRecordAndReport(ctx, models.inventory, settings, rules, { startedAt, enrich: models.enrich });
    });
    for (const sub of SCAN_SUBCOMMANDS) sub.register(scan, ctx);
  },
};
