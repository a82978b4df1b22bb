import pLimit from 'p-limit';
import { INVENTORY_SCHEMA_VERSION, InputError, type Inventory, type ServiceCoverage } from '../../model/index.js';
import { silentProgress } from '../progress.js';
import { allowlistOf, leastPrivilegePolicy, type ApiCall, type AwsService } from './api-calls.js';
import { ACCOUNT_CALLS, callerAccount, enabledRegions } from './account.js';
import { AwsClientFactory } from './clients.js';
import type { AwsCollector } from './collector.js';
import { InventorySink, ServiceContext, type Limit } from './context.js';
import { classifyError } from './errors.js';
import { lineageEdges } from './lineage.js';
import { DEFAULT_CONCURRENCY, type AwsScanOptions } from './options.js';
import { s3ControlCollector } from './s3-control.js';
import { s3Collector } from './s3.js';
import { sagemakerCollector } from './sagemaker.js';
import { bedrockCollector } from './bedrock.js';
import { bedrockAgentCollector } from './bedrock-agent.js';
import { iamCollector } from './iam.js';

export type { AwsScanOptions } from './options.js';

/** Every AWS service collector, listed explicitly: a collector missing here is not run and needs no permission. */
export const AWS_COLLECTORS: readonly AwsCollector[] = [s3ControlCollector, s3Collector, sagemakerCollector, bedrockCollector, bedrockAgentCollector, iamCollector];

/** Every call aispm may make to AWS: the read-only allowlist and the least-privilege policy come from this list. */
export const AWS_API_CALLS: readonly ApiCall[] = [...ACCOUNT_CALLS, ...AWS_COLLECTORS.flatMap((c) => c.calls)];

export const awsLeastPrivilegePolicy = () => leastPrivilegePolicy(AWS_API_CALLS);


/** Collects one AWS account into an inventory. Only a failure to learn who we are or where to look aborts the scan. */
export async function collectAws(options: AwsScanOptions): Promise<Inventory> {
  const now = options.now ?? (() => new Date());
  const progress = options.progress ?? silentProgress;
  const homeRegion = options.regions?.[0] ?? options.env.AWS_REGION ?? options.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const clients = new AwsClientFactory(options, allowlistOf(AWS_API_CALLS), homeRegion);
  try {
    const { account } = await callerAccount(clients).catch((err) => {
      const e = classifyError(err);
      throw new InputError(
        `cannot identify the AWS account (sts:GetCallerIdentity failed: ${e.code}: ${e.message}). ` +
          'Check the credentials: --profile NAME (SSO and assume-role profiles work), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or --role-arn.',
      );
    });
    const regions = options.regions?.length
      ? options.regions
      : await enabledRegions(clients).catch((err) => {
          const e = classifyError(err);
          throw new InputError(`cannot list the enabled regions (ec2:DescribeRegions failed: ${e.code}: ${e.message}); pass --regions r1,r2 instead`);
        });

    const sink = new InventorySink();
    const limits = new Map<AwsService, Limit>();
    const limitOf = (service: AwsService) => {
      let l = limits.get(service);
      if (!l) limits.set(service, (l = pLimit(options.concurrency?.[service] ?? DEFAULT_CONCURRENCY[service])));
      return l;
    };
    const contexts: ServiceContext[] = [];
    const startPhase = (phase: AwsCollector['phase']) => {
      const runs: Promise<void>[] = [];
      for (const collector of AWS_COLLECTORS.filter((c) => c.phase === phase)) {
        const targets = collector.scope === 'global' ? [[homeRegion, 'global']] : regions.map((r) => [r, r]);
        for (const [region, coverageRegion] of targets) {
          const ctx = new ServiceContext(collector.service, account, region, coverageRegion, clients, sink, limitOf(collector.service), progress, AWS_API_CALLS);
          ctx.pageSizeLimit = options.pageSize;
          contexts.push(ctx);
          runs.push(runCollector(collector, ctx));
        }
      }
      return Promise.all(runs);
    };
    await startPhase('account');
    // Identities start with the resources, not after them: each service has its own rate limit, so reading IAM while
    // SageMaker is being listed costs no extra time. Identity collectors wait for sink.resourcesCollected before
    // reading the roles that only the resources name.
    const resourcesDone = startPhase('resources');
    const identitiesDone = startPhase('identities');
    await resourcesDone;
    sink.markResourcesCollected();
    await identitiesDone;

    const resources = [...sink.resources.values()];
    const edges = lineageEdges(resources);
    resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      generatedAt: now().toISOString(),
      targets: [{ provider: 'aws', account, regions }],
      resources,
      edges,
      coverage: { services: coverageOf(contexts, clients, account, homeRegion), failures: sink.failures },
    };
  } finally {
    clients.destroy();
  }
}

/** A collector bug must not lose the rest of the scan: it becomes a failed service in coverage. */
async function runCollector(collector: AwsCollector, ctx: ServiceContext): Promise<void> {
  try {
    await collector.collect(ctx);
  } catch (err) {
    const e = classifyError(err);
    ctx.failedCalls++;
    ctx.listFailed = true;
    ctx.sink.failures.push({ provider: 'aws', account: ctx.account, region: ctx.coverageRegion, service: ctx.service, operation: 'collect', fields: [], errorCode: e.code, message: e.message });
    ctx.progress.note(`${ctx.task}: collection stopped: ${e.message}`);
    ctx.progress.finish(ctx.task);
  }
}

function coverageOf(contexts: ServiceContext[], clients: AwsClientFactory, account: string, homeRegion: string): ServiceCoverage[] {
  const out: ServiceCoverage[] = [];
  const seen = new Set<string>();
  for (const ctx of contexts) {
    const counters = clients.countersFor(ctx.service, ctx.coverageRegion);
    seen.add(`${ctx.service}\u0000${ctx.coverageRegion}`);
    const status = ctx.failedCalls === 0 ? 'ok' : ctx.listFailed && ctx.resources === 0 ? 'failed' : 'partial';
    out.push({ provider: 'aws', account, region: ctx.coverageRegion, service: ctx.service, status, resources: ctx.resources, calls: counters.calls, retries: counters.retries, throttles: counters.throttles });
  }
  for (const service of ['sts', 'ec2'] as const) {
    const counters = clients.counters.get(`${service}\u0000global`);
    if (counters && !seen.has(`${service}\u0000global`)) out.push({ provider: 'aws', account, region: 'global', service, status: 'ok', resources: 0, calls: counters.calls, retries: counters.retries, throttles: counters.throttles, note: service === 'sts' ? `account ${account}` : `home region ${homeRegion}` });
  }
  return out.sort((a, b) => a.service.localeCompare(b.service) || a.region.localeCompare(b.region));
}
