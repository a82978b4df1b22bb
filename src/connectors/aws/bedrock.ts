import {
  GetCustomModelCommand,
  GetGuardrailCommand,
  GetModelCustomizationJobCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListCustomModelsCommand,
  ListGuardrailsCommand,
  ListModelCustomizationJobsCommand,
  type BedrockClient,
} from '@aws-sdk/client-bedrock';
import type { Gap } from '../../model/index.js';
import { call } from './api-calls.js';
import type { AwsCollector } from './collector.js';
import type { ServiceContext } from './context.js';
import { invocationLoggingId, mapCustomizationJob, mapCustomModel, mapInvocationLogging } from './bedrock-mapping.js';
import type { Scope } from './sagemaker-mapping.js';

const PAGE = 100;

export const bedrockCollector: AwsCollector = {
  service: 'bedrock',
  scope: 'regional',
  phase: 'resources',
  calls: [
    call('bedrock', 'ListCustomModels', 'bedrock:ListCustomModels'),
    call('bedrock', 'GetCustomModel', 'bedrock:GetCustomModel'),
    call('bedrock', 'ListModelCustomizationJobs', 'bedrock:ListModelCustomizationJobs'),
    call('bedrock', 'GetModelCustomizationJob', 'bedrock:GetModelCustomizationJob'),
    call('bedrock', 'ListGuardrails', 'bedrock:ListGuardrails'),
    call('bedrock', 'GetGuardrail', 'bedrock:GetGuardrail'),
    call('bedrock', 'GetModelInvocationLoggingConfiguration', 'bedrock:GetModelInvocationLoggingConfiguration'),
  ],
  async collect(ctx) {
    const client = ctx.clients.get('bedrock', ctx.region);
    const scope = { account: ctx.account, region: ctx.region };
    ctx.progress.start(ctx.task);
    const [, , guardrails] = await Promise.all([collectCustomModels(ctx, client, scope), collectCustomizationJobs(ctx, client, scope), collectGuardrails(ctx, client, scope)]);
    const gaps: Gap[] = [];
    const id = invocationLoggingId(scope);
    const logging = await ctx.request('GetModelInvocationLoggingConfiguration', () => client.send(new GetModelInvocationLoggingConfigurationCommand({})), {
      resourceId: id,
      fields: ['enabled', 's3Destination', 'cloudWatchLogGroup', 'textDataDelivery'],
      gaps,
    });
    if (guardrails.failed) gaps.push(...guardrails.failed.map((g) => ({ ...g, path: 'guardrailCount' })));
    ctx.addResource(mapInvocationLogging(scope, logging.ok ? logging.value.loggingConfig : undefined, guardrails.count, gaps));
    ctx.progress.finish(ctx.task);
  },
};

async function collectCustomModels(ctx: ServiceContext, client: BedrockClient, scope: Scope) {
  const models = await ctx.list(
    'ListCustomModels',
    (t) => client.send(new ListCustomModelsCommand({ maxResults: ctx.pageSize(PAGE), nextToken: t })),
    (p) => p.modelSummaries,
    (p) => p.nextToken,
  );
  await Promise.all(
    models.map(async (m) => {
      const gaps: Gap[] = [];
      const d = await ctx.request('GetCustomModel', () => client.send(new GetCustomModelCommand({ modelIdentifier: m.modelArn })), {
        resourceId: m.modelArn,
        fields: ['jobArn', 'modelKmsKeyArn', 'trainingDataS3Uri', 'outputDataS3Uri'],
        gaps,
      });
      const model = mapCustomModel(scope, d.ok ? d.value : { modelArn: m.modelArn, modelName: m.modelName, baseModelArn: m.baseModelArn, customizationType: m.customizationType, creationTime: m.creationTime });
      model.gaps = gaps;
      ctx.addResource(model);
    }),
  );
}

async function collectCustomizationJobs(ctx: ServiceContext, client: BedrockClient, scope: Scope) {
  const jobs = await ctx.list(
    'ListModelCustomizationJobs',
    (t) => client.send(new ListModelCustomizationJobsCommand({ maxResults: ctx.pageSize(PAGE), nextToken: t })),
    (p) => p.modelCustomizationJobSummaries,
    (p) => p.nextToken,
  );
  await Promise.all(
    jobs.map(async (j) => {
      const gaps: Gap[] = [];
      const d = await ctx.request('GetModelCustomizationJob', () => client.send(new GetModelCustomizationJobCommand({ jobIdentifier: j.jobArn })), {
        resourceId: j.jobArn,
        fields: ['roleArn', 'trainingDataS3Uri', 'invocationLogsS3Uri', 'validationDataS3Uris', 'outputDataS3Uri', 'outputModelKmsKeyArn', 'vpcConfig'],
        gaps,
      });
      const job = d.ok
        ? mapCustomizationJob(scope, d.value)
        : mapCustomizationJob(scope, { jobArn: j.jobArn, jobName: j.jobName, status: j.status, baseModelArn: j.baseModelArn, outputModelArn: j.customModelArn, outputModelName: j.customModelName } as never);
      job.gaps = gaps;
      if (job.roleArn) ctx.sink.referencedRoles.add(job.roleArn);
      ctx.addResource(job);
    }),
  );
}

/** The number of guardrails, and the gaps when they could not all be listed. */
async function collectGuardrails(ctx: ServiceContext, client: BedrockClient, scope: Scope): Promise<{ count: number; failed?: Gap[] }> {
  const listGaps: Gap[] = [];
  const guardrails = await ctx.list(
    'ListGuardrails',
    (t) => client.send(new ListGuardrailsCommand({ maxResults: ctx.pageSize(PAGE), nextToken: t })),
    (p) => p.guardrails,
    (p) => p.nextToken,
    { fields: ['guardrailCount'], gaps: listGaps },
  );
  await Promise.all(
    guardrails.map(async (g) => {
      const gaps: Gap[] = [];
      const d = await ctx.request('GetGuardrail', () => client.send(new GetGuardrailCommand({ guardrailIdentifier: g.id, guardrailVersion: g.version })), {
        resourceId: g.arn,
        fields: ['kmsKeyArn'],
        gaps,
      });
      ctx.addResource({
        id: g.arn!,
        kind: 'aws.bedrock.guardrail',
        category: 'ml.guardrail',
        provider: 'aws',
        account: scope.account,
        region: scope.region,
        name: g.name ?? g.id ?? '',
        tags: {},
        gaps,
        status: g.status ?? 'Unknown',
        ...(d.ok && d.value.kmsKeyArn ? { kmsKeyArn: d.value.kmsKeyArn } : {}),
        ...(g.version ? { version: g.version } : {}),
      });
    }),
  );
  return { count: guardrails.length, ...(listGaps.length ? { failed: listGaps } : {}) };
}
