import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type Bucket,
} from '@aws-sdk/client-s3';
import { s3BucketArn, type AwsS3Bucket, type Gap } from '../../model/index.js';
import { call } from './api-calls.js';
import type { AwsCollector } from './collector.js';
import type { ServiceContext } from './context.js';
import {
  bucketRegionOf,
  mapAcl,
  mapEncryption,
  mapLogging,
  mapObjectLock,
  mapOwnership,
  mapPublicAccessBlock,
  mapTags,
  mapVersioning,
  parsePolicyDocument,
  SSE_S3_DEFAULT,
} from './s3-mapping.js';

const S3_CALLS = [
  call('s3', 'ListBuckets', 's3:ListAllMyBuckets'),
  call('s3', 'GetBucketLocation', 's3:GetBucketLocation'),
  call('s3', 'GetBucketPolicy', 's3:GetBucketPolicy'),
  call('s3', 'GetBucketAcl', 's3:GetBucketAcl'),
  call('s3', 'GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock'),
  call('s3', 'GetBucketOwnershipControls', 's3:GetBucketOwnershipControls'),
  call('s3', 'GetBucketVersioning', 's3:GetBucketVersioning'),
  call('s3', 'GetObjectLockConfiguration', 's3:GetBucketObjectLockConfiguration'),
  call('s3', 'GetBucketEncryption', 's3:GetEncryptionConfiguration'),
  call('s3', 'GetBucketLogging', 's3:GetBucketLogging'),
  call('s3', 'GetBucketTagging', 's3:GetBucketTagging'),
] as const;

const LIST_PAGE_SIZE = 1000;

export const s3Collector: AwsCollector = {
  service: 's3',
  scope: 'global',
  phase: 'resources',
  calls: S3_CALLS,
  async collect(ctx) {
    const client = ctx.clients.get('s3', ctx.region, 'global');
    ctx.progress.start(ctx.task);
    const buckets = await ctx.list(
      'ListBuckets',
      (token) => client.send(new ListBucketsCommand({ MaxBuckets: ctx.pageSize(LIST_PAGE_SIZE), ...(token ? { ContinuationToken: token } : {}) })),
      (p) => p.Buckets,
      (p) => p.ContinuationToken,
    );
    ctx.progress.start(ctx.task, buckets.length);
    let done = 0;
    await Promise.all(
      buckets.map(async (b) => {
        if (!b.Name) return;
        const bucket = await collectBucket(ctx, b);
        ctx.addResource(bucket);
        ctx.progress.advance(ctx.task, ++done, buckets.length);
      }),
    );
    ctx.progress.finish(ctx.task);
  },
};

/** Reads every setting of one bucket; each call that fails leaves its field as a gap, never as "not configured". */
export async function collectBucket(ctx: ServiceContext, listed: Bucket): Promise<AwsS3Bucket> {
  const name = listed.Name!;
  const id = s3BucketArn(name);
  const gaps: Gap[] = [];
  const at = (fields: string[], absent?: readonly string[]) => ({ resourceId: id, fields, gaps, absent });

  let region = listed.BucketRegion;
  if (!region) {
    const location = await ctx.request('GetBucketLocation', () => ctx.clients.get('s3', ctx.region, 'global').send(new GetBucketLocationCommand({ Bucket: name })), at(['region']));
    region = location.ok ? bucketRegionOf(location.value.LocationConstraint) : ctx.region;
  }
  const s3 = ctx.clients.get('s3', region, 'global');
  const Bucket = name;

  const [policy, acl, pab, ownership, versioning, objectLock, encryption, logging, tagging] = await Promise.all([
    ctx.request('GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket })), at(['policy'], ['NoSuchBucketPolicy'])),
    ctx.request('GetBucketAcl', () => s3.send(new GetBucketAclCommand({ Bucket })), at(['acl'])),
    ctx.request('GetPublicAccessBlock', () => s3.send(new GetPublicAccessBlockCommand({ Bucket })), at(['publicAccessBlock'], ['NoSuchPublicAccessBlockConfiguration'])),
    ctx.request('GetBucketOwnershipControls', () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket })), at(['ownershipControls'], ['OwnershipControlsNotFoundError'])),
    ctx.request('GetBucketVersioning', () => s3.send(new GetBucketVersioningCommand({ Bucket })), at(['versioning'])),
    ctx.request('GetObjectLockConfiguration', () => s3.send(new GetObjectLockConfigurationCommand({ Bucket })), at(['objectLock'], ['ObjectLockConfigurationNotFoundError'])),
    ctx.request('GetBucketEncryption', () => s3.send(new GetBucketEncryptionCommand({ Bucket })), at(['encryption'], ['ServerSideEncryptionConfigurationNotFoundError'])),
    ctx.request('GetBucketLogging', () => s3.send(new GetBucketLoggingCommand({ Bucket })), at(['logging'])),
    ctx.request('GetBucketTagging', () => s3.send(new GetBucketTaggingCommand({ Bucket })), at(['tags'], ['NoSuchTagSet', 'NoSuchTagSetError'])),
  ]);

  let policyDoc: AwsS3Bucket['policy'] = null;
  if (policy.ok && policy.value.Policy) {
    const parsed = parsePolicyDocument(policy.value.Policy);
    if (parsed.ok) policyDoc = parsed.value;
    else gaps.push({ path: 'policy', reason: parsed.reason });
  }
  const account = ctx.sink.accountPublicAccessBlock;
  if (account.gap) gaps.push({ path: 'accountPublicAccessBlock', reason: account.gap });

  return {
    id,
    kind: 'aws.s3.bucket',
    category: 'storage.bucket',
    provider: 'aws',
    account: ctx.account,
    region,
    name,
    arn: id,
    ...(listed.CreationDate ? { creationDate: new Date(listed.CreationDate).toISOString() } : {}),
    tags: tagging.ok ? mapTags(tagging.value.TagSet) : {},
    gaps,
    policy: policyDoc,
    acl: acl.ok ? mapAcl(acl.value) : null,
    publicAccessBlock: pab.ok ? mapPublicAccessBlock(pab.value.PublicAccessBlockConfiguration) : null,
    accountPublicAccessBlock: account.value,
    ownershipControls: ownership.ok ? mapOwnership(ownership.value.OwnershipControls?.Rules?.[0]?.ObjectOwnership) : null,
    versioning: versioning.ok ? mapVersioning(versioning.value) : { enabled: false, status: 'Disabled', mfaDelete: false },
    objectLock: objectLock.ok ? mapObjectLock(objectLock.value) : { enabled: false },
    encryption: encryption.ok ? mapEncryption(encryption.value) : encryption.absent ? { ...SSE_S3_DEFAULT } : { enabled: false, customerManagedKey: false },
    logging: logging.ok ? mapLogging(logging.value) : { enabled: false },
  };
}
