import { describe, expect, it } from 'vitest';
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { startAwsMock } from '../../../mocks/aws/start.js';
import { AwsClientFactory } from '../../../src/connectors/aws/clients.js';
import { allowlistOf } from '../../../src/connectors/aws/api-calls.js';
import { AWS_API_CALLS } from '../../../src/connectors/aws/index.js';
import { ReadOnlyViolationError } from '../../../src/connectors/aws/read-only.js';
import { ACCOUNT, byId, collectFromMock, mockOptions, serviceCoverage } from './helpers.js';

const trust = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const shared = `arn:aws:iam::${ACCOUNT}:policy/shared-read`;
const iam = {
  Roles: [
    { RoleName: 'sm-exec', AssumeRolePolicyDocument: trust('sagemaker.amazonaws.com'), RolePolicies: [{ PolicyName: 'write-all', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] } }], AttachedPolicies: [shared] },
    { RoleName: 'br-exec', AssumeRolePolicyDocument: trust('bedrock.amazonaws.com'), AttachedPolicies: [shared] },
    { RoleName: 'used-by-job', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') },
    ...Array.from({ length: 4 }, (_, i) => ({ RoleName: `lambda-${i}`, AssumeRolePolicyDocument: trust('lambda.amazonaws.com') })),
  ],
  Policies: [{ Arn: shared, PolicyName: 'shared-read', DefaultVersionId: 'v3', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::models/*' }] } }],
};
const jobRole = `arn:aws:iam::${ACCOUNT}:role/used-by-job`;
const jobs = { TrainingJobs: [{ TrainingJobName: 'j', TrainingJobStatus: 'Completed', RoleArn: jobRole, AlgorithmSpecification: { TrainingInputMode: 'File' }, OutputDataConfig: { S3OutputPath: 's3://o/' }, ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 }, StoppingCondition: { MaxRuntimeInSeconds: 1 } }] };

describe('IAM collection through the mock IAM (Query protocol)', () => {
  it('collects ML service roles and roles resources use, decoding documents; managed policies are fetched once', async () => {
    const { inventory, stats } = await collectFromMock({ iam, regions: { 'us-east-1': { sagemaker: jobs } } }, { pageSize: 2 });
    const roles = inventory.resources.filter((r) => r.kind === 'aws.iam.role').map((r) => r.name).sort();
    expect(roles).toEqual(['br-exec', 'sm-exec', 'used-by-job']);
    expect(stats.count('iam', 'ListRoles')).toBe(4);
    expect(stats.count('iam', 'GetPolicy')).toBe(1);
    expect(stats.count('iam', 'GetPolicyVersion')).toBe(1);
    expect(byId(inventory, `arn:aws:iam::${ACCOUNT}:role/sm-exec`)).toMatchObject({
      trustPolicy: trust('sagemaker.amazonaws.com'),
      inlinePolicies: [{ name: 'write-all', document: { Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] } }],
      attachedPolicies: [{ arn: shared, name: 'shared-read', document: iam.Policies[0].Document }],
      gaps: [],
    });
  });

  it('a denied inline policy read is a gap, the rest of the role is kept', async () => {
    const { inventory } = await collectFromMock({ iam, faults: [{ service: 'iam', operation: 'GetRolePolicy', resource: 'sm-exec', error: 'AccessDenied' }] });
    const role = byId(inventory, `arn:aws:iam::${ACCOUNT}:role/sm-exec`);
    expect(role.gaps).toEqual([{ path: 'inlinePolicies', reason: 'AccessDenied: iam:GetRolePolicy' }]);
    expect((role as { attachedPolicies: unknown[] }).attachedPolicies).toHaveLength(1);
    expect(serviceCoverage(inventory, 'iam')).toMatchObject({ status: 'partial' });
  });

  it('a denied managed policy version is a gap on that attachment only', async () => {
    const { inventory } = await collectFromMock({ iam, faults: [{ service: 'iam', operation: 'GetPolicyVersion', error: 'AccessDenied' }] });
    const role = byId(inventory, `arn:aws:iam::${ACCOUNT}:role/br-exec`);
    expect(role.gaps).toEqual([{ path: 'attachedPolicies[0].document', reason: 'AccessDenied: iam:GetPolicyVersion' }]);
    expect((role as { attachedPolicies: { document: unknown }[] }).attachedPolicies[0].document).toBeNull();
  });
});

const bedrock = {
  CustomModels: [{ modelArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/cm`, modelName: 'cm', jobArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-customization-job/job`, baseModelArn: 'base', modelKmsKeyArn: 'arn:aws:kms:us-east-1:1:key/k', creationTime: '2025-01-01T00:00:00Z', trainingDataConfig: { s3Uri: 's3://ft/train.jsonl' }, outputDataConfig: { s3Uri: 's3://ft-out/' } }],
  ModelCustomizationJobs: [{ jobArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-customization-job/job`, jobName: 'job', outputModelName: 'cm', outputModelArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/cm`, roleArn: `arn:aws:iam::${ACCOUNT}:role/br-exec`, status: 'Completed', creationTime: '2025-01-01T00:00:00Z', baseModelArn: 'base', trainingDataConfig: { s3Uri: 's3://ft/train.jsonl' }, validationDataConfig: { validators: [{ s3Uri: 's3://ft/val.jsonl' }] }, outputDataConfig: { s3Uri: 's3://ft-out/' } }],
  Guardrails: [{ guardrailId: 'g1', name: 'g', status: 'READY', version: 'DRAFT', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', blockedInputMessaging: 'no', blockedOutputsMessaging: 'no', kmsKeyArn: 'arn:aws:kms:us-east-1:1:key/g' }],
  LoggingConfig: { s3Config: { bucketName: 'logs', keyPrefix: 'br/' }, textDataDeliveryEnabled: true },
};
const bedrockAgent = {
  KnowledgeBases: [
    {
      knowledgeBaseId: 'KB1',
      name: 'kb',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/br-exec`,
      status: 'ACTIVE',
      storageConfiguration: { type: 'OPENSEARCH_SERVERLESS' },
      DataSources: Array.from({ length: 3 }, (_, i) => ({ dataSourceId: `DS${i}`, name: `ds${i}`, status: 'AVAILABLE', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: `arn:aws:s3:::kb-${i}`, inclusionPrefixes: [`p${i}/`] } } })),
    },
  ],
};
const loggingId = `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-invocation-logging`;

describe('Bedrock and Bedrock Agent collection through the mocks (REST-JSON)', () => {
  it('collects custom models, customization jobs, guardrails, logging and knowledge bases with their data sources', async () => {
    const { inventory } = await collectFromMock({ iam, regions: { 'us-east-1': { bedrock, bedrockAgent } } }, { pageSize: 1 });
    expect(byId(inventory, `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/cm`)).toMatchObject({ modelKmsKeyArn: 'arn:aws:kms:us-east-1:1:key/k', trainingDataS3Uri: 's3://ft/train.jsonl' });
    expect(byId(inventory, `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-customization-job/job`)).toMatchObject({ validationDataS3Uris: ['s3://ft/val.jsonl'], vpcConfig: null });
    expect(byId(inventory, loggingId)).toMatchObject({ enabled: true, s3Destination: 's3://logs/br/', textDataDelivery: true, guardrailCount: 1, gaps: [] });
    const kb = byId(inventory, `arn:aws:bedrock:us-east-1:${ACCOUNT}:knowledge-base/KB1`) as { dataSources: { bucketArn?: string }[] };
    expect(kb.dataSources.map((d) => d.bucketArn)).toEqual(['arn:aws:s3:::kb-0', 'arn:aws:s3:::kb-1', 'arn:aws:s3:::kb-2']);
    expect(inventory.edges.filter((e) => e.type === 'sources-data-from').map((e) => e.prefix)).toEqual(['p0/', 'p1/', 'p2/']);
    expect(inventory.edges.some((e) => e.type === 'produces' && e.to === `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/cm`)).toBe(true);
  });

  it('denied logging and guardrail listing leave the logging resource unknown, not "off"', async () => {
    const { inventory } = await collectFromMock({
      regions: { 'us-east-1': { bedrock } },
      faults: [
        { service: 'bedrock', operation: 'GetModelInvocationLoggingConfiguration', error: 'AccessDeniedException' },
        { service: 'bedrock', operation: 'ListGuardrails', error: 'AccessDeniedException' },
      ],
    });
    expect(byId(inventory, loggingId).gaps.map((g) => g.path).sort()).toEqual(['cloudWatchLogGroup', 'enabled', 'guardrailCount', 's3Destination', 'textDataDelivery']);
    expect(serviceCoverage(inventory, 'bedrock', 'us-east-1').status).toBe('partial');
  });
});

describe('scan-wide guarantees', () => {
  it('refuses a mutating command on the connector clients before it reaches the mock', async () => {
    const mock = await startAwsMock({ accountId: ACCOUNT, s3: { buckets: [{ Name: 'bucket-a' }] } });
    const clients = new AwsClientFactory(mockOptions(mock), allowlistOf(AWS_API_CALLS), 'us-east-1');
    try {
      await expect(clients.get('s3', 'us-east-1').send(new PutBucketPolicyCommand({ Bucket: 'bucket-a', Policy: '{}' }))).rejects.toBeInstanceOf(ReadOnlyViolationError);
      expect(mock.stats.total()).toBe(0);
    } finally {
      clients.destroy();
      await mock.close();
    }
  });

  it('stops retrying once the scan-wide retry budget is spent, and reports the calls that still failed', async () => {
    const { inventory } = await collectFromMock(
      { s3: { buckets: [{ Name: 'bucket-a' }, { Name: 'bucket-b' }] }, faults: [{ service: 's3', operation: 'GetBucketAcl', error: 'SlowDown' }] },
      { retry: { strategy: () => new ConfiguredRetryStrategy(5, () => 0), budget: 3 } },
    );
    const s3 = serviceCoverage(inventory, 's3');
    expect(s3.retries).toBe(3);
    expect(s3.throttles).toBeGreaterThanOrEqual(5);
    expect(inventory.coverage.failures.filter((f) => f.operation === 'GetBucketAcl')).toHaveLength(2);
  });

  it('fails with a clear message when the credentials are rejected', async () => {
    await expect(collectFromMock({ faults: [{ service: 'sts', operation: 'GetCallerIdentity', error: 'InvalidClientTokenId', status: 403 }] })).rejects.toThrow(/cannot identify the AWS account.*InvalidClientTokenId/);
  });
});
