import { fileURLToPath } from 'node:url';
import { readInventory } from '../../model/inventory-file.js';
import { analyzeAndReport, loadRulesForFlags } from '../scan-output.js';
import { noTrust } from '../../model/trust.js';
import type { CliCommand } from './types.js';

export const DEMO_INVENTORY = fileURLToPath(new URL('../../../mocks/examples/demo-inventory.json', import.meta.url));

/** Scans the bundled example estate (AWS + Google Cloud, with collection gaps) and writes every format. */
export const demoCommand: CliCommand = {
  register(program, ctx) {
    program
      .command('demo')
      .description('scan a bundled example AI estate on AWS and Google Cloud; writes table, JSON and SARIF to ./aispm-output')
      .option('--output <dir>', 'output directory', 'aispm-output')
      .action(async (opts: { output: string }) => {
        ctx.io.stderr.write(`aispm: scanning the bundled example inventory ${DEMO_INVENTORY}\n`);
        const flags = { formats: ['table', 'json', 'sarif'] as const, outputDir: opts.output, rules: [], onlyRules: [], trust: noTrust() };
        const rules = loadRulesForFlags(flags, ctx.io);
        await analyzeAndReport(ctx, await readInventory(DEMO_INVENTORY), { ...flags, formats: [...flags.formats] }, rules);
      });
  },
};
