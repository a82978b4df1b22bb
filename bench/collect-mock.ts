// The mock cloud for bench:collect, in its own process (as a real cloud would be): generates the estate with the
// scenario generators and their realistic-quota presets, serves it, and answers the parent over IPC.
//   parent -> { type: 'stats' }  child -> { type: 'stats', stats, cpuS } (cpuS: the mock process's CPU time since it was ready)
//   parent -> { type: 'close' }  child closes and exits
// On start the child sends { type: 'ready', env, expected, data }.
import { generateAwsScenario, realisticQuotas } from '../mocks/generate/aws.js';
import { generateGcpScenario, GCP_QUOTA_PRESET } from '../mocks/generate/gcp.js';
import { startAwsMock } from '../mocks/aws/start.js';
import { startGcpMock } from '../mocks/gcp/start.js';
import { benchArgs, positive } from './lib/args.js';

export interface MockReady {
  type: 'ready';
  env: Record<string, string>;
  /** resources the scan must find, per kind */
  expected: Record<string, number>;
  /** rate limits (requests per second) per rate-limit scope: "service" or "service@region" */
  rateLimits: Record<string, number>;
  /** facts about the estate that the minimum call count depends on */
  data: Record<string, number>;
  projects?: string[];
  locations?: string[];
}

type Json = Record<string, any>;

function awsEstate(buckets: number, jobs: number, latencyMs: number, seed: number) {
  const scenario = generateAwsScenario({ buckets, trainingJobs: jobs, seed, quotas: true });
  scenario.latencyMs = { default: latencyMs };
  const expected: Record<string, number> = { 'aws.s3.bucket': scenario.s3?.buckets?.length ?? 0 };
  const add = (kind: string, n: number) => (expected[kind] = (expected[kind] ?? 0) + n);
  const roles = new Set<string>();
  const data: Record<string, number> = { regions: scenario.enabledRegions?.length ?? 1, modelPackages: 0, knowledgeBaseDataSources: 0 };
  for (const region of Object.values(scenario.regions ?? {}) as Json[]) {
    const sm = region.sagemaker ?? {};
    add('aws.sagemaker.training-job', sm.TrainingJobs?.length ?? 0);
    add('aws.sagemaker.processing-job', sm.ProcessingJobs?.length ?? 0);
    add('aws.sagemaker.model', sm.Models?.length ?? 0);
    add('aws.sagemaker.endpoint-config', sm.EndpointConfigs?.length ?? 0);
    add('aws.sagemaker.endpoint', sm.Endpoints?.length ?? 0);
    add('aws.sagemaker.notebook-instance', sm.NotebookInstances?.length ?? 0);
    add('aws.sagemaker.domain', sm.Domains?.length ?? 0);
    add('aws.sagemaker.model-package-group', sm.ModelPackageGroups?.length ?? 0);
    for (const g of sm.ModelPackageGroups ?? []) data.modelPackages += g.ModelPackages?.length ?? 0;
    for (const list of [sm.TrainingJobs, sm.ProcessingJobs, sm.NotebookInstances]) for (const x of list ?? []) roles.add(x.RoleArn);
    for (const m of sm.Models ?? []) roles.add(m.ExecutionRoleArn);
    for (const d of sm.Domains ?? []) roles.add(d.DefaultUserSettings?.ExecutionRole);
    const br = region.bedrock ?? {};
    add('aws.bedrock.custom-model', br.CustomModels?.length ?? 0);
    add('aws.bedrock.customization-job', br.ModelCustomizationJobs?.length ?? 0);
    for (const j of br.ModelCustomizationJobs ?? []) roles.add(j.roleArn);
    const kbs = region.bedrockAgent?.KnowledgeBases ?? [];
    add('aws.bedrock.knowledge-base', kbs.length);
    for (const kb of kbs) {
      roles.add(kb.roleArn);
      data.knowledgeBaseDataSources += kb.DataSources?.length ?? 0;
    }
  }
  const account = scenario.accountId;
  const existing = (scenario.iam?.Roles ?? []) as Json[];
  // the connector reads the roles resources use and every role an ML service (SageMaker, Bedrock) can assume
  const mlTrust = (r: Json) => /sagemaker\.amazonaws\.com|bedrock\.amazonaws\.com/.test(JSON.stringify(r.AssumeRolePolicyDocument ?? {}));
  const collectedRoles = existing.filter((r) => roles.has(`arn:aws:iam::${account}:role${r.Path ?? '/'}${r.RoleName}`) || mlTrust(r));
  expected['aws.iam.role'] = collectedRoles.length;
  data.inlinePolicies = collectedRoles.reduce((n, r) => n + (r.RolePolicies?.length ?? 0), 0);
  data.attachedPolicies = new Set(collectedRoles.flatMap((r) => r.AttachedPolicies ?? [])).size;
  const rateLimits: Record<string, number> = {};
  for (const [service, rate] of Object.entries(realisticQuotas.rateLimits)) rateLimits[service] = rate;
  return { scenario, expected, data, rateLimits };
}

function gcpEstate(buckets: number, jobs: number, latencyMs: number, seed: number) {
  // training pipelines and custom jobs are 40% of the generator's Vertex mix: size it so they add up to `jobs`
  const scenario = generateGcpScenario({ projects: 1, buckets, vertexResources: Math.round(jobs / 0.4), locations: 3, objectsPerBucket: 0, seed, quotas: true }) as Json;
  scenario.latencyMs = { default: latencyMs };
  const project = scenario.gcp.projects[0];
  const expected: Record<string, number> = { 'gcp.storage.bucket': project.storage.buckets.length };
  const kinds: Record<string, string> = { datasets: 'gcp.vertexai.dataset', trainingPipelines: 'gcp.vertexai.training-pipeline', customJobs: 'gcp.vertexai.custom-job', models: 'gcp.vertexai.model', endpoints: 'gcp.vertexai.endpoint' };
  for (const loc of Object.values(project.vertex.locations) as Json[]) for (const [list, kind] of Object.entries(kinds)) expected[kind] = (expected[kind] ?? 0) + (loc[list]?.length ?? 0);
  expected['gcp.notebooks.instance'] = Object.values(project.notebooks.locations as Json).reduce((n: number, z: Json) => n + z.instances.length, 0);
  const locations = Object.keys(project.vertex.locations);
  const rateLimits: Record<string, number> = {};
  for (const [service, limit] of Object.entries(GCP_QUOTA_PRESET.rateLimits)) rateLimits[service] = limit.perSecond;
  const legacyAcl = project.storage.buckets.filter((b: Json) => !b.iamConfiguration?.uniformBucketLevelAccess?.enabled).length;
  return { scenario, expected, data: { locations: locations.length, legacyAclBuckets: legacyAcl }, rateLimits, projects: [project.projectId], locations };
}

const args = benchArgs({ provider: { type: 'string', default: 'aws' }, buckets: { type: 'string' }, jobs: { type: 'string' }, 'latency-ms': { type: 'string' }, seed: { type: 'string' } });
const sizes = [positive('buckets', args.buckets), positive('jobs', args.jobs), Number(args['latency-ms'] ?? 0), positive('seed', args.seed ?? '1')] as const;
if (args.provider === 'gcp') {
  const estate = gcpEstate(...sizes);
  const mock = await startGcpMock(estate.scenario);
  serve({ type: 'ready', env: mock.env, expected: estate.expected, rateLimits: estate.rateLimits, data: estate.data, projects: estate.projects, locations: estate.locations }, () => mock.stats.snapshot(), () => mock.close());
} else {
  const estate = awsEstate(...sizes);
  const mock = await startAwsMock(estate.scenario);
  serve({ type: 'ready', env: mock.env, expected: estate.expected, rateLimits: estate.rateLimits, data: estate.data }, () => mock.stats.snapshot(), () => mock.close());
}

function serve(ready: MockReady, stats: () => unknown, close: () => Promise<void>) {
  const cpu0 = process.cpuUsage();
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'stats') {
      const cpu = process.cpuUsage(cpu0);
      process.send!({ type: 'stats', stats: stats(), cpuS: (cpu.user + cpu.system) / 1e6 });
    }
    if (m.type === 'close') {
      await close();
      process.disconnect();
    }
  });
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.send!(ready);
}
