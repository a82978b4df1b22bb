import { describe, expect, it } from 'vitest';
import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';
import { ACCOUNT, byId, collectFromMock, serviceCoverage } from './helpers.js';

type Bucket = NonNullable<AwsScenarioInput['s3']>['buckets'] extends (infer B)[] | undefined ? B : never;

const fullBucket: Bucket = {
  Name: 'ml-training-data',
  Region: 'eu-west-1',
  Policy: { Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-training-data/*' }] },
  Acl: { Owner: { ID: 'owner1' }, Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] },
  PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
  Versioning: { Status: 'Enabled', MFADelete: 'Enabled' },
  ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
  ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/k1' }, BucketKeyEnabled: true }] },
  Logging: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'ml/' } },
  Tagging: { TagSet: [{ Key: 'team', Value: 'ml' }] },
};
const accountBpa = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true };

describe('S3 collection through the mock S3 and S3 Control', () => {
  it('reads every bucket setting, in the bucket region, with account-level Block Public Access copied in', async () => {
    const { inventory } = await collectFromMock({ publicAccessBlock: accountBpa, s3: { buckets: [fullBucket] } });
    expect(inventory.targets).toEqual([{ provider: 'aws', account: ACCOUNT, regions: ['us-east-1'] }]);
    expect(byId(inventory, 'arn:aws:s3:::ml-training-data')).toMatchObject({
      region: 'eu-west-1',
      account: ACCOUNT,
      gaps: [],
      tags: { team: 'ml' },
      policy: fullBucket.Policy as object,
      acl: { ownerId: 'owner1', grants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }] },
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false },
      accountPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true },
      ownershipControls: 'BucketOwnerPreferred',
      versioning: { enabled: true, status: 'Enabled', mfaDelete: true },
      objectLock: { enabled: true, mode: 'GOVERNANCE', days: 30 },
      encryption: { enabled: true, algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1', bucketKeyEnabled: true, customerManagedKey: true },
      logging: { enabled: true, targetBucket: 'logs', targetPrefix: 'ml/' },
    });
    expect(serviceCoverage(inventory, 's3')).toMatchObject({ status: 'ok', resources: 1 });
  });

  it('maps "not configured" errors (NoSuchBucketPolicy, NoSuchPublicAccessBlockConfiguration, ...) to null/false, not gaps', async () => {
    const { inventory, stats } = await collectFromMock({ s3: { buckets: [{ Name: 'bare' }] } });
    expect(stats.count('s3', 'GetBucketPolicy')).toBe(1);
    expect(byId(inventory, 'arn:aws:s3:::bare')).toMatchObject({
      region: 'us-east-1',
      gaps: [],
      tags: {},
      policy: null,
      publicAccessBlock: null,
      accountPublicAccessBlock: null,
      ownershipControls: null,
      versioning: { enabled: false, status: 'Disabled', mfaDelete: false },
      objectLock: { enabled: false },
      encryption: { enabled: true, algorithm: 'AES256', bucketKeyEnabled: false, customerManagedKey: false },
      logging: { enabled: false },
    });
    expect(inventory.coverage.failures).toEqual([]);
  });

  it('follows ListBuckets pagination across 3+ pages', async () => {
    const buckets = Array.from({ length: 7 }, (_, i) => ({ Name: `bucket-${i}` }));
    const { inventory, stats } = await collectFromMock({ s3: { buckets } }, { pageSize: 2 });
    expect(stats.count('s3', 'ListBuckets')).toBe(4);
    expect(inventory.resources.filter((r) => r.kind === 'aws.s3.bucket').map((r) => r.name).sort()).toEqual(buckets.map((b) => b.Name).sort());
  });

  it('turns AccessDenied on GetBucketPolicy into a gap and a coverage failure, never into "no policy"', async () => {
    const { inventory } = await collectFromMock({
      s3: { buckets: [fullBucket, { Name: 'other' }] },
      faults: [{ service: 's3', operation: 'GetBucketPolicy', resource: 'ml-training-data', error: 'AccessDenied' }],
    });
    const bucket = byId(inventory, 'arn:aws:s3:::ml-training-data');
    expect(bucket.gaps).toEqual([{ path: 'policy', reason: 'AccessDenied: s3:GetBucketPolicy' }]);
    expect((bucket as { policy: unknown }).policy).toBeNull();
    expect((bucket as { versioning: unknown }).versioning).toEqual({ enabled: true, status: 'Enabled', mfaDelete: true });
    expect(byId(inventory, 'arn:aws:s3:::other').gaps).toEqual([]);
    expect(inventory.coverage.failures).toEqual([
      { provider: 'aws', account: ACCOUNT, region: 'global', service: 's3', operation: 'GetBucketPolicy', resourceId: 'arn:aws:s3:::ml-training-data', fields: ['policy'], errorCode: 'AccessDenied', message: expect.any(String) },
    ]);
    expect(serviceCoverage(inventory, 's3')).toMatchObject({ status: 'partial', resources: 2 });
  });

  it.each([
    ['AccessDenied', 'GetBucketAcl', 'acl'],
    ['InternalError', 'GetBucketVersioning', 'versioning'],
    ['ServiceUnavailable', 'GetBucketEncryption', 'encryption'],
    ['SlowDown', 'GetBucketLogging', 'logging'],
    ['AccessDenied', 'GetObjectLockConfiguration', 'objectLock'],
    ['AccessDenied', 'GetBucketTagging', 'tags'],
  ])('a persistent %s on %s leaves %s as a gap', async (error, operation, field) => {
    const { inventory } = await collectFromMock({ s3: { buckets: [fullBucket] }, faults: [{ service: 's3', operation, error }] });
    expect(byId(inventory, 'arn:aws:s3:::ml-training-data').gaps).toEqual([{ path: field, reason: expect.stringMatching(new RegExp(`^${error}: s3:`)) }]);
    expect(inventory.coverage.failures).toMatchObject([{ operation, errorCode: error, fields: [field] }]);
  });

  it('recovers from throttling (SlowDown) and counts retries and throttles', async () => {
    const { inventory, stats } = await collectFromMock({
      s3: { buckets: [fullBucket] },
      faults: [{ service: 's3', operation: 'GetBucketPolicy', error: 'SlowDown', times: 2 }],
    });
    expect(byId(inventory, 'arn:aws:s3:::ml-training-data').gaps).toEqual([]);
    expect(stats.count('s3', 'GetBucketPolicy')).toBe(3);
    expect(serviceCoverage(inventory, 's3')).toMatchObject({ status: 'ok', retries: 2, throttles: 2 });
  });

  it('a denied account-level Block Public Access read is a gap on every bucket', async () => {
    const { inventory } = await collectFromMock({
      publicAccessBlock: accountBpa,
      s3: { buckets: [{ Name: 'bucket-a' }, { Name: 'bucket-b' }] },
      faults: [{ service: 's3-control', operation: 'GetPublicAccessBlock', error: 'AccessDenied' }],
    });
    for (const id of ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-b']) expect(byId(inventory, id).gaps).toEqual([{ path: 'accountPublicAccessBlock', reason: 'AccessDenied: s3:GetAccountPublicAccessBlock' }]);
    expect(serviceCoverage(inventory, 's3-control').status).not.toBe('ok');
  });

  it('a failed ListBuckets fails the service but not the scan', async () => {
    const { inventory } = await collectFromMock({
      s3: { buckets: [{ Name: 'bucket-a' }] },
      regions: { 'us-east-1': { sagemaker: { Endpoints: [{ EndpointName: 'e', EndpointConfigName: 'c', EndpointStatus: 'InService' }] } } },
      faults: [{ service: 's3', operation: 'ListBuckets', error: 'AccessDenied' }],
    });
    expect(serviceCoverage(inventory, 's3')).toMatchObject({ status: 'failed', resources: 0 });
    expect(inventory.resources.map((r) => r.kind)).toContain('aws.sagemaker.endpoint');
  });
});
