// The standard AWS_ENDPOINT_URL_<SERVICE> variables alone point the real SDK clients at the mock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { ListTrainingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { BedrockClient, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient, ListKnowledgeBasesCommand } from '@aws-sdk/client-bedrock-agent';
import { ENDPOINT_ENV, startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';

let mock: AwsMock;
const saved = { ...process.env };
beforeAll(async () => {
  mock = await startAwsMock({ accountId: '111122223333', enabledRegions: ['eu-west-1'], publicAccessBlock: { BlockPublicAcls: true } });
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  Object.assign(process.env, mock.env);
});
afterAll(async () => {
  process.env = saved;
  await mock.close();
});

describe('env', () => {
  it('names one standard endpoint variable per service plus dummy credentials and region', () => {
    expect(Object.keys(mock.env).sort()).toEqual([...Object.values(ENDPOINT_ENV), 'AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY'].sort());
    expect(mock.env.AWS_REGION).toBe('eu-west-1');
    for (const url of Object.values(mock.endpoints)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reaches every service from the environment alone', async () => {
    const opts = { maxAttempts: 1 };
    expect((await new S3Client({ ...opts, forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets).toEqual([]);
    expect((await new SageMakerClient(opts).send(new ListTrainingJobsCommand({}))).TrainingJobSummaries).toEqual([]);
    expect((await new IAMClient(opts).send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect((await new STSClient(opts).send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
    expect((await new EC2Client(opts).send(new DescribeRegionsCommand({}))).Regions?.map((r) => r.RegionName)).toEqual(['eu-west-1']);
    expect((await new BedrockClient(opts).send(new ListCustomModelsCommand({}))).modelSummaries).toEqual([]);
    expect((await new BedrockAgentClient(opts).send(new ListKnowledgeBasesCommand({}))).knowledgeBaseSummaries).toEqual([]);
    expect(mock.stats.total()).toBe(7);
  });

  it('S3 Control from the environment alone: the SDK prefixes the account id to the host, which an IP literal cannot take', async () => {
    const client = new S3ControlClient({ maxAttempts: 1 });
    await expect(client.send(new GetPublicAccessBlockCommand({ AccountId: '111122223333' }))).rejects.toThrow(/Invalid URL/);
    const fixed = new S3ControlClient({ maxAttempts: 1, endpointProvider: () => ({ url: new URL(process.env.AWS_ENDPOINT_URL_S3_CONTROL!) }) });
    expect((await fixed.send(new GetPublicAccessBlockCommand({ AccountId: '111122223333' }))).PublicAccessBlockConfiguration?.BlockPublicAcls).toBe(true);
  });
});
