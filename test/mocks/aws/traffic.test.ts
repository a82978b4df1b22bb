import { afterEach, describe, expect, it } from 'vitest';
import { ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { ListKnowledgeBasesCommand } from '@aws-sdk/client-bedrock-agent';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';
import { TokenBucket } from '../../../mocks/aws/traffic.js';
import { clients, credentials, failure } from './helpers.js';

let mock: AwsMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('rate limits', () => {
  it('answers each service above its limit with that service’s throttling error and counts it', async () => {
    mock = await startAwsMock({ accountId: '111122223333', rateLimits: { default: 1 } });
    const c = clients(mock);
    const twice = async (call: () => Promise<unknown>) => {
      await call();
      return failure(call());
    };
    expect(await twice(() => c.s3.send(new ListBucketsCommand({})))).toMatchObject({ name: 'SlowDown', status: 503 });
    expect(await twice(() => c.sagemaker.send(new ListModelsCommand({})))).toMatchObject({ name: 'ThrottlingException', status: 400 });
    expect(await twice(() => c.iam.send(new ListRolesCommand({})))).toMatchObject({ name: 'Throttling', status: 400 });
    expect(await twice(() => c.sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'Throttling', status: 400 });
    expect(await twice(() => c.ec2.send(new DescribeRegionsCommand({})))).toMatchObject({ name: 'RequestLimitExceeded', status: 503 });
    expect(await twice(() => c.bedrock.send(new ListCustomModelsCommand({})))).toMatchObject({ name: 'ThrottlingException', status: 429 });
    expect(await twice(() => c.bedrockAgent.send(new ListKnowledgeBasesCommand({})))).toMatchObject({ name: 'ThrottlingException', status: 429 });
    expect(mock.stats.throttleCount()).toBe(7);
    expect(mock.stats.throttled.s3).toEqual({ ListBuckets: 1 });
    expect(mock.stats.count('s3', 'ListBuckets')).toBe(2);
  });

  it('lets a burst through up to the rate, throttles the rest, and the SDK’s retries recover every call', async () => {
    mock = await startAwsMock({ accountId: '111122223333', rateLimits: { sagemaker: 20 } });
    const sm = new SageMakerClient({ endpoint: mock.endpoints.sagemaker, region: 'us-east-1', credentials, retryStrategy: new ConfiguredRetryStrategy(40, () => 100) });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 30 }, () => sm.send(new ListModelsCommand({}))));
    const seconds = (performance.now() - started) / 1000;
    expect(results.every((r) => r.$metadata.httpStatusCode === 200)).toBe(true);
    const throttled = mock.stats.throttleCount('sagemaker');
    expect(throttled).toBeGreaterThan(0);
    expect(mock.stats.count('sagemaker', 'ListModels')).toBe(30 + throttled);
    expect(results.reduce((n, r) => n + (r.$metadata.attempts ?? 1) - 1, 0)).toBeGreaterThanOrEqual(throttled);
    // 20 burst tokens, then 10 more at 20/s: at least 0.5 s (few retries: the SDK's retry quota allows about 100)
    expect(seconds).toBeGreaterThan(0.45);
  });

  it('throttles regional services per Region and IAM and S3 per account', async () => {
    mock = await startAwsMock({ accountId: '111122223333', enabledRegions: ['us-east-1', 'eu-west-1'], rateLimits: { default: 1 } });
    const east = clients(mock, 'us-east-1');
    const west = clients(mock, 'eu-west-1');
    await east.sagemaker.send(new ListModelsCommand({}));
    await west.sagemaker.send(new ListModelsCommand({}));
    expect(mock.stats.throttleCount('sagemaker')).toBe(0);
    await east.iam.send(new ListRolesCommand({}));
    expect(await failure(west.iam.send(new ListRolesCommand({})))).toMatchObject({ name: 'Throttling' });
  });

  it('refills the token bucket continuously', () => {
    let now = 0;
    const bucket = new TokenBucket(10, () => now);
    for (let i = 0; i < 10; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    now += 100;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });
});

describe('latency and faults', () => {
  it('adds the configured latency per service', async () => {
    mock = await startAwsMock({ accountId: '111122223333', latencyMs: { default: 0, sts: 120 } });
    const c = clients(mock);
    await c.ec2.send(new DescribeRegionsCommand({}));
    const t0 = performance.now();
    await c.sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
  });

  it('limits a fault to its region and resource, and to `times` requests', async () => {
    mock = await startAwsMock({
      accountId: '111122223333',
      faults: [
        { service: 'sagemaker', operation: 'ListModels', region: 'eu-west-1', error: 'AccessDeniedException', message: 'not authorized to perform sagemaker:ListModels' },
        { service: 'ec2', operation: 'DescribeRegions', error: 'InternalError', times: 1 },
      ],
    });
    expect((await clients(mock).sagemaker.send(new ListModelsCommand({}))).Models).toEqual([]);
    expect(await failure(clients(mock, 'eu-west-1').sagemaker.send(new ListModelsCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 403, message: 'not authorized to perform sagemaker:ListModels' });
    expect(await failure(clients(mock).ec2.send(new DescribeRegionsCommand({})))).toMatchObject({ name: 'InternalError', status: 500 });
    expect((await clients(mock).ec2.send(new DescribeRegionsCommand({}))).Regions).toHaveLength(1);
    expect(mock.stats.snapshot().faults).toEqual({ sagemaker: { ListModels: 1 }, ec2: { DescribeRegions: 1 } });
  });
});
