import { GetDataSourceCommand, GetKnowledgeBaseCommand, ListDataSourcesCommand, ListKnowledgeBasesCommand, type BedrockAgentClient, type KnowledgeBase } from '@aws-sdk/client-bedrock-agent';
import type { AwsBedrockKnowledgeBase, Gap } from '../../model/index.js';
import { call } from './api-calls.js';
import type { AwsCollector } from './collector.js';
import type { ServiceContext } from './context.js';
import { mapDataSource, mapKnowledgeBase } from './bedrock-mapping.js';

const PAGE = 100;

/** Knowledge bases with their data sources (the S3 buckets and prefixes they ingest). */
export const bedrockAgentCollector: AwsCollector = {
  service: 'bedrock-agent',
  scope: 'regional',
  phase: 'resources',
  calls: [
    call('bedrock-agent', 'ListKnowledgeBases', 'bedrock:ListKnowledgeBases'),
    call('bedrock-agent', 'GetKnowledgeBase', 'bedrock:GetKnowledgeBase'),
    call('bedrock-agent', 'ListDataSources', 'bedrock:ListDataSources'),
    call('bedrock-agent', 'GetDataSource', 'bedrock:GetDataSource'),
  ],
  async collect(ctx) {
    const client = ctx.clients.get('bedrock-agent', ctx.region);
    ctx.progress.start(ctx.task);
    const kbs = await ctx.list(
      'ListKnowledgeBases',
      (t) => client.send(new ListKnowledgeBasesCommand({ maxResults: ctx.pageSize(PAGE), nextToken: t })),
      (p) => p.knowledgeBaseSummaries,
      (p) => p.nextToken,
    );
    await Promise.all(kbs.map((s) => collectKnowledgeBase(ctx, client, s.knowledgeBaseId!, s.name ?? '', s.status ?? 'Unknown')));
    ctx.progress.finish(ctx.task);
  },
};

async function collectKnowledgeBase(ctx: ServiceContext, client: BedrockAgentClient, kbId: string, name: string, status: string) {
  const scope = { account: ctx.account, region: ctx.region };
  const gaps: Gap[] = [];
  const fallbackArn = `arn:aws:bedrock:${ctx.region}:${ctx.account}:knowledge-base/${kbId}`;
  const [kb, dataSources] = await Promise.all([
    ctx.request('GetKnowledgeBase', () => client.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: kbId })), { resourceId: fallbackArn, fields: ['roleArn', 'storageType'], gaps }),
    collectDataSources(ctx, client, kbId, fallbackArn, gaps),
  ]);
  const resource = mapKnowledgeBase(scope, kb.ok && kb.value.knowledgeBase ? kb.value.knowledgeBase : ({ knowledgeBaseId: kbId, knowledgeBaseArn: fallbackArn, name, status } as KnowledgeBase), dataSources, gaps);
  if (resource.roleArn) ctx.sink.referencedRoles.add(resource.roleArn);
  ctx.addResource(resource);
}

async function collectDataSources(ctx: ServiceContext, client: BedrockAgentClient, kbId: string, kbArn: string, gaps: Gap[]): Promise<AwsBedrockKnowledgeBase['dataSources']> {
  const summaries = await ctx.list(
    'ListDataSources',
    (t) => client.send(new ListDataSourcesCommand({ knowledgeBaseId: kbId, maxResults: ctx.pageSize(PAGE), nextToken: t })),
    (p) => p.dataSourceSummaries,
    (p) => p.nextToken,
    { resourceId: kbArn, fields: ['dataSources'], gaps },
  );
  const out = await Promise.all(
    summaries.map(async (s) => {
      const d = await ctx.request('GetDataSource', () => client.send(new GetDataSourceCommand({ knowledgeBaseId: kbId, dataSourceId: s.dataSourceId })), {
        resourceId: kbArn,
        fields: ['dataSources'],
        gaps,
      });
      return d.ok && d.value.dataSource ? mapDataSource(d.value.dataSource) : undefined;
    }),
  );
  return out.filter((d): d is NonNullable<typeof d> => !!d);
}
