import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { startMockCloud, loadScenario, type LoadedScenario, type MockCloud } from '../../../mocks/cloud.js';
import { mergeInventories } from '../../model/merge.js';
import type { Inventory } from '../../model/inventory.js';
import { TrustSettings } from '../../model/trust.js';
import { loadRulesForFlags } from '../scan-output.js';
import { plainScanSettings } from '../scan-settings.js';
import { analyzeRecordAndReport } from '../recorded-scan.js';
import { modelArtifactStage } from '../model-artifact-step.js';
import { REPORTERS } from '../../reporters/index.js';
import { join } from 'node:path';
import { collectAwsWithProgress } from './scan-aws.js';
import { collectGcpWithProgress } from './scan-gcp.js';
import { gcpEndpointsFromEnv } from '../../connectors/gcp/index.js';
import type { CliIO } from '../io.js';
import type { CliCommand } from './types.js';

const scenarioPath = (file: string) => fileURLToPath(new URL(`../../../mocks/scenarios/${file}`, import.meta.url));

/**
 * One provider's half of the demo: the bundled scenario it serves and how it scans the running mock cloud
 * through the real connector. The GCP half adds an entry here (scenario demo-gcp.yaml, collect with the GCP
 * connector from `cloud.env`).
 */
export interface DemoProvider {
  name: string;
  scenarioFile: string;
  /** principals the demo story declares trusted (reported, not counted as external) */
  trust?: Partial<TrustSettings>;
  collect(cloud: MockCloud, io: CliIO): Promise<Inventory>;
}

export const DEMO_PROVIDERS: DemoProvider[] = [
  {
    name: 'AWS',
    scenarioFile: scenarioPath('demo-aws.yaml'),
    // acme-partner-drop's writer, a partner the scenario declares trusted
    trust: { trustedAccounts: ['210987654321'] },
    collect: (cloud, io) =>
      collectAwsWithProgress(io, {
        // the mock's own endpoint variables, passed in: nothing in process.env changes
        env: cloud.env,
        credentials: { accessKeyId: cloud.env.AWS_ACCESS_KEY_ID, secretAccessKey: cloud.env.AWS_SECRET_ACCESS_KEY },
      }),
  },
  {
    name: 'Google Cloud',
    scenarioFile: scenarioPath('demo-gcp.yaml'),
    // acme-vision-partner-labels is written by a labeling partner's project the scenario declares trusted
    trust: { trustedProjects: ['acme-labeling-partner'] },
    collect: (cloud, io) =>
      collectGcpWithProgress(io, {
        // every project of the demo organization, through the emulator variables the mock hands out
        projects: [],
        organization: '700000000001',
        locations: ['us-central1'],
        credentials: {},
        endpoints: gcpEndpointsFromEnv(cloud.env),
      }),
  },
];

/** Starts the mock cloud in-process with the bundled demo scenarios, scans it through the real SDK clients, writes every format. */
export const demoCommand: CliCommand = {
  register(program, ctx) {
    program
      .command('demo')
      .description('start the built-in mock cloud with a demo AI estate on AWS and Google Cloud, scan it through the real cloud SDKs, write table, JSON, SARIF, the HTML dashboard and a CycloneDX AI-BOM to ./aispm-output')
      .option('--output <dir>', 'output directory', 'aispm-output')
      .action(async (opts: { output: string }) => {
        const { io } = ctx;
        const trust = TrustSettings.parse({});
        const scenario: LoadedScenario = {};
        for (const p of DEMO_PROVIDERS) {
          Object.assign(scenario, await loadScenario(p.scenarioFile));
          trust.trustedAccounts.push(...(p.trust?.trustedAccounts ?? []));
          trust.trustedProjects.push(...(p.trust?.trustedProjects ?? []));
        }
        const flags = { formats: ['table' as const, 'json' as const, 'sarif' as const, 'html' as const, 'cyclonedx' as const], outputDir: opts.output, rules: [], onlyRules: [], trust };
        const rules = loadRulesForFlags(flags, io);
        const startedAt = new Date().toISOString();
        const cloud = await startMockCloud(scenario);
        try {
          io.stderr.write(`aispm: demo: mock cloud started on loopback; scanning ${DEMO_PROVIDERS.map((p) => `${p.name} (${relative(io.cwd, p.scenarioFile)})`).join(', ')} through the real SDK clients\n`);
          const inventory: Inventory = mergeInventories(await Promise.all(DEMO_PROVIDERS.map((p) => p.collect(cloud, io))));
          // the mock cloud stays up until the report is written: artifact scanning reads model files from it
          const models = await modelArtifactStage({ ...io, env: cloud.env }, inventory, {});
          await analyzeRecordAndReport(ctx, models.inventory, plainScanSettings(flags, io.cwd), rules, { startedAt, enrich: models.enrich });
        } finally {
          await cloud.close();
        }
        io.stderr.write(`aispm: open the dashboard: ${join(opts.output, REPORTERS.html.fileName)}\n`);
      });
  },
};
