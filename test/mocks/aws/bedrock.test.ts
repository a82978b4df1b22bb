import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetCustomModelCommand,
  GetGuardrailCommand,
  GetModelCustomizationJobCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListCustomModelsCommand,
  ListGuardrailsCommand,
  ListModelCustomizationJobsCommand,
  paginateListCustomModels,
} from '@aws-sdk/client-bedrock';
import { GetDataSourceCommand, GetKnowledgeBaseCommand, ListDataSourcesCommand, ListKnowledgeBasesCommand, paginateListKnowledgeBases } from '@aws-sdk/client-bedrock-agent';
import { startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';
import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';
import { clients, failure } from './helpers.js';

const scenario: AwsScenarioInput = {
  accountId: '111122223333',
  regions: {
    'us-east-1': {
      bedrock: {
        CustomModels: Array.from({ length: 7 }, (_, i) => ({ modelName: `cm-${i}`, baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1', creationTime: `2025-02-0${i + 1}T00:00:00Z`, jobArn: `arn:aws:bedrock:us-east-1:111122223333:model-customization-job/j${i}`, trainingDataConfig: { s3Uri: `s3://data/ft-${i}.jsonl` } })),
        ModelCustomizationJobs: [{ jobName: 'j0', outputModelName: 'cm-0', outputModelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/cm-0', roleArn: 'arn:aws:iam::111122223333:role/br', trainingDataConfig: { s3Uri: 's3://data/ft-0.jsonl' }, validationDataConfig: { validators: [{ s3Uri: 's3://data/val.jsonl' }] }, outputDataConfig: { s3Uri: 's3://out/' }, baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1' }],
        Guardrails: [
          { guardrailId: 'g1', name: 'guard', version: 'DRAFT', blockedInputMessaging: 'no', blockedOutputsMessaging: 'no' },
          { guardrailId: 'g1', name: 'guard', version: '1', blockedInputMessaging: 'no', blockedOutputsMessaging: 'no' },
        ],
        LoggingConfig: { s3Config: { bucketName: 'logs', keyPrefix: 'bedrock/' }, textDataDeliveryEnabled: true },
      },
      bedrockAgent: {
        KnowledgeBases: Array.from({ length: 5 }, (_, i) => ({
          knowledgeBaseId: `KB${i}`,
          name: `kb-${i}`,
          roleArn: 'arn:aws:iam::111122223333:role/kb',
          knowledgeBaseConfiguration: { type: 'VECTOR', vectorKnowledgeBaseConfiguration: { embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0' } },
          DataSources: [{ dataSourceId: `DS${i}`, name: `ds-${i}`, dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::docs', inclusionPrefixes: [`kb${i}/`] } } }],
        })),
      },
    },
  },
  faults: [{ service: 'bedrock', operation: 'GetCustomModel', resource: 'cm-6', error: 'AccessDeniedException' }],
};

let mock: AwsMock;
let c: ReturnType<typeof clients>;
beforeAll(async () => {
  mock = await startAwsMock(scenario);
  c = clients(mock);
});
afterAll(() => mock.close());

describe('Bedrock', () => {
  it('pages custom models with nextToken and serves each one', async () => {
    const pages: string[][] = [];
    for await (const p of paginateListCustomModels({ client: c.bedrock, pageSize: 3 }, {})) pages.push((p.modelSummaries ?? []).map((m) => m.modelName!));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages[0][0]).toBe('cm-6');
    const model = await c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: 'cm-2' }));
    expect(model).toMatchObject({ modelName: 'cm-2', modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/cm-2', trainingDataConfig: { s3Uri: 's3://data/ft-2.jsonl' }, creationTime: new Date('2025-02-03T00:00:00Z') });
    expect((await c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: model.modelArn }))).modelName).toBe('cm-2');
    expect(await failure(c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: 'cm-6' })))).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(await failure(c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: 'nope' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await failure(c.bedrock.send(new ListCustomModelsCommand({ maxResults: 1001 })))).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('serves customization jobs, guardrails and invocation logging', async () => {
    const jobs = await c.bedrock.send(new ListModelCustomizationJobsCommand({}));
    expect(jobs.modelCustomizationJobSummaries?.[0]).toMatchObject({ jobName: 'j0', customModelName: 'cm-0', status: 'Completed' });
    const job = await c.bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: 'j0' }));
    expect(job.validationDataConfig?.validators?.[0].s3Uri).toBe('s3://data/val.jsonl');
    const list = await c.bedrock.send(new ListGuardrailsCommand({}));
    expect(list.guardrails?.map((g) => [g.id, g.version])).toEqual([['g1', 'DRAFT']]);
    expect((await c.bedrock.send(new ListGuardrailsCommand({ guardrailIdentifier: 'g1' }))).guardrails).toHaveLength(2);
    expect((await c.bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: 'g1', guardrailVersion: '1' }))).version).toBe('1');
    const logging = await c.bedrock.send(new GetModelInvocationLoggingConfigurationCommand({}));
    expect(logging.loggingConfig).toEqual({ s3Config: { bucketName: 'logs', keyPrefix: 'bedrock/' }, textDataDeliveryEnabled: true });
    const eu = clients(mock, 'eu-west-1').bedrock;
    expect((await eu.send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig).toBeUndefined();
  });
});

describe('Bedrock Agent', () => {
  it('pages knowledge bases and serves their S3 data sources', async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const p of paginateListKnowledgeBases({ client: c.bedrockAgent, pageSize: 2 }, {})) {
      pages++;
      ids.push(...(p.knowledgeBaseSummaries ?? []).map((k) => k.knowledgeBaseId!));
    }
    expect(pages).toBe(3);
    expect(ids).toEqual(['KB0', 'KB1', 'KB2', 'KB3', 'KB4']);
    const kb = (await c.bedrockAgent.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: 'KB3' }))).knowledgeBase!;
    expect(kb).toMatchObject({ name: 'kb-3', roleArn: 'arn:aws:iam::111122223333:role/kb', status: 'ACTIVE', knowledgeBaseArn: 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/KB3' });
    expect(kb).not.toHaveProperty('DataSources');
    const ds = await c.bedrockAgent.send(new ListDataSourcesCommand({ knowledgeBaseId: 'KB3' }));
    expect(ds.dataSourceSummaries?.map((d) => d.dataSourceId)).toEqual(['DS3']);
    const one = (await c.bedrockAgent.send(new GetDataSourceCommand({ knowledgeBaseId: 'KB3', dataSourceId: 'DS3' }))).dataSource!;
    expect(one.dataSourceConfiguration?.s3Configuration).toEqual({ bucketArn: 'arn:aws:s3:::docs', inclusionPrefixes: ['kb3/'] });
    expect(await failure(c.bedrockAgent.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: 'KB9' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect((await c.bedrockAgent.send(new ListKnowledgeBasesCommand({ maxResults: 1000 }))).knowledgeBaseSummaries).toHaveLength(5);
  });
});
