// How the AWS connector turns documented responses and errors into the model, through the mock S3 / S3 Control / IAM
// and the real SDK clients. Each case names the API reference page (docs.aws.amazon.com/AmazonS3/latest/API/API_<Op>
// or IAM/latest/APIReference/API_<Op>) and the sentence it comes from. A documented "not configured" answer is a value;
// AccessDenied, throttling after the retries and 5xx are gaps (unknown), never a default.
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { startAwsMock } from '../../../mocks/aws/start.js';
import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';
import { analyzeAccess } from '../../../src/access/index.js';
import { allowlistOf } from '../../../src/connectors/aws/api-calls.js';
import { AwsClientFactory } from '../../../src/connectors/aws/clients.js';
import { InventorySink, ServiceContext } from '../../../src/connectors/aws/context.js';
import { classifyError } from '../../../src/connectors/aws/errors.js';
import { AWS_API_CALLS } from '../../../src/connectors/aws/index.js';
import { collectBucket } from '../../../src/connectors/aws/s3.js';
import { silentProgress } from '../../../src/connectors/progress.js';
import { emptyRelated, noTrust, Resource, type AwsIamRole, type AwsS3Bucket, type Inventory } from '../../../src/model/index.js';
import { loadRuleSet } from '../../../src/rules/load.js';
import { evaluateRuleOn, type RuleStatus } from '../../../src/rules/evaluate.js';
import { ACCOUNT, byId, collectFromMock, mockOptions } from './helpers.js';

const rules = new Map(loadRuleSet().rules.map((r) => [r.id, r]));
const verdict = (id: string, resource: unknown): RuleStatus => evaluateRuleOn(rules.get(id)!, Resource.parse(resource)).status;
const bucketOf = (inv: Inventory, name: string) => byId(inv, `arn:aws:s3:::${name}`) as AwsS3Bucket;

type Fault = { service: string; operation: string; resource?: string; error: string; status?: number; times?: number };
const BUCKET_CALLS: [operation: string, field: string][] = [
  ['GetBucketPolicy', 'policy'],
  ['GetBucketAcl', 'acl'],
  ['GetPublicAccessBlock', 'publicAccessBlock'],
  ['GetBucketOwnershipControls', 'ownershipControls'],
  ['GetBucketVersioning', 'versioning'],
  ['GetObjectLockConfiguration', 'objectLock'],
  ['GetBucketEncryption', 'encryption'],
  ['GetBucketLogging', 'logging'],
  ['GetBucketTagging', 'tags'],
];

describe('S3 "not configured" answers are values, not gaps', () => {
  it('a bucket with nothing configured: each documented 404 / empty answer maps to its meaning', async () => {
    const { inventory, stats } = await collectFromMock({ s3: { buckets: [{ Name: 'bare' }] }, faults: [{ service: 's3', operation: 'GetBucketEncryption', resource: 'bare', error: 'ServerSideEncryptionConfigurationNotFoundError' }] } as never);
    for (const op of ['GetBucketPolicy', 'GetPublicAccessBlock', 'GetBucketOwnershipControls', 'GetBucketEncryption', 'GetBucketTagging']) expect(stats.count('s3', op)).toBe(1);
    const b = bucketOf(inventory, 'bare');
    expect(b.gaps).toEqual([]);
    expect(inventory.coverage.failures).toEqual([]);
    // API_GetBucketPolicy: NoSuchBucketPolicy "The specified bucket does not have a bucket policy."
    expect(b.policy).toBeNull();
    // API_GetPublicAccessBlock: NoSuchPublicAccessBlockConfiguration; the model's null is "not configured" (all four false)
    expect(b.publicAccessBlock).toBeNull();
    // S3 Control API_control_GetPublicAccessBlock: NoSuchPublicAccessBlockConfiguration "... was not found" (account level)
    expect(b.accountPublicAccessBlock).toBeNull();
    // API_GetBucketOwnershipControls: OwnershipControlsNotFoundError; the model's null is ObjectWriter (ACLs enabled)
    expect(b.ownershipControls).toBeNull();
    // API_GetBucketVersioning: "If the versioning state has never been set on a bucket, it has no versioning state;
    // a GetBucketVersioning request does not return a versioning state value."
    expect(b.versioning).toEqual({ enabled: false, status: 'Disabled', mfaDelete: false });
    // API_GetBucketEncryption: "By default, all buckets have a default encryption configuration that uses server-side
    // encryption with Amazon S3 managed keys (SSE-S3)." The old 404 (before 5 January 2023) therefore means SSE-S3.
    expect(b.encryption).toEqual({ enabled: true, algorithm: 'AES256', customerManagedKey: false });
    // API_GetBucketLogging: "If the bucket has no logging, the response contains an empty BucketLoggingStatus" (no LoggingEnabled)
    expect(b.logging).toEqual({ enabled: false });
    // API_GetBucketTagging: NoSuchTagSet "There is no tag set associated with the bucket."
    expect(b.tags).toEqual({});
  });

  it('today GetBucketEncryption answers SSE-S3 for a bucket nobody configured; it reads like the 404 did', async () => {
    const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'defaulted' }] } });
    const b = bucketOf(inventory, 'defaulted');
    expect(b.encryption).toEqual({ enabled: true, algorithm: 'AES256', bucketKeyEnabled: false, customerManagedKey: false });
    // AWS-S3-002 still fails (SSE-S3 is not a KMS key) but no longer because "encryption is off"
    expect(verdict('AWS-S3-002', b)).toBe('fail');
  });

  it('rules read those values as the API means them (never enabled, no logging, no Block Public Access)', async () => {
    const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'bare' }] } });
    const b = bucketOf(inventory, 'bare');
    expect(verdict('AWS-S3-001', b)).toBe('fail');
    expect(verdict('AWS-S3-003', b)).toBe('fail');
    expect(verdict('AWS-S3-004', b)).toBe('fail');
  });

  it('no Block Public Access anywhere and no ownership controls: a public-read ACL takes effect (ACLs enabled)', async () => {
    // User guide access-control-block-public-access: with no configuration none of the four settings applies;
    // about-object-ownership: without ownership controls the bucket uses ObjectWriter and ACLs are enabled.
    const AllUsers = { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' };
    const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'acl-public', Acl: { Owner: { ID: 'o1' }, Grants: [{ Grantee: AllUsers, Permission: 'READ' }] } }] } } as never);
    const analyzed = bucketOf(analyzeAccess(inventory, noTrust()), 'acl-public');
    expect(analyzed.access).toMatchObject({ publicList: true });
  });

  it('IsPublic-style flags absent from a returned configuration are false (PublicAccessBlockConfiguration members)', async () => {
    const { inventory } = await collectFromMock({ publicAccessBlock: { BlockPublicAcls: true }, s3: { buckets: [{ Name: 'partial', PublicAccessBlock: { RestrictPublicBuckets: true } }] } } as never);
    const b = bucketOf(inventory, 'partial');
    expect(b.publicAccessBlock).toEqual({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: true });
    expect(b.accountPublicAccessBlock).toEqual({ blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false });
  });

  it('GetBucketVersioning Suspended is not Enabled; MFADelete absent is Disabled', async () => {
    const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'suspended', Versioning: { Status: 'Suspended' } }] } });
    expect(bucketOf(inventory, 'suspended').versioning).toEqual({ enabled: false, status: 'Suspended', mfaDelete: false });
  });
});

describe('S3 failures are gaps and unknown, never defaults', () => {
  // AccessDenied (403), SlowDown after the retries (503), InternalError (500), ServiceUnavailable (503), and an
  // explicit 429: the API reference's "Errors" sections list them as failures of the request, not as settings.
  const failures: [error: string, status?: number][] = [['AccessDenied'], ['SlowDown'], ['InternalError'], ['ServiceUnavailable'], ['TooManyRequests', 429]];
  for (const [error, status] of failures) {
    it(`${error}${status ? ` (${status})` : ''} on every bucket call: each field is a gap with a coverage failure`, async () => {
      const faults: Fault[] = BUCKET_CALLS.map(([operation]) => ({ service: 's3', operation, resource: 'denied', error, ...(status ? { status } : {}) }));
      const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'denied', Versioning: { Status: 'Enabled' } }] }, faults } as never);
      const b = bucketOf(inventory, 'denied');
      expect(b.gaps.map((g) => g.path).sort()).toEqual(BUCKET_CALLS.map(([, f]) => f).sort());
      for (const g of b.gaps) expect(g.reason).toMatch(new RegExp(`^${error}: s3:`));
      expect(inventory.coverage.failures.map((f) => f.operation).sort()).toEqual(BUCKET_CALLS.map(([op]) => op).sort());
      // rules that read a gapped field are unknown, whatever placeholder the field holds
      for (const id of ['AWS-S3-001', 'AWS-S3-002', 'AWS-S3-003', 'AWS-S3-004']) expect(verdict(id, b)).toBe('unknown');
      expect(inventory.coverage.services.find((s) => s.service === 's3')?.status).toBe('partial');
    });
  }

  it('an AccessDenied on one call is a gap on that field only', async () => {
    const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'bkt-one' }] }, faults: [{ service: 's3', operation: 'GetBucketPolicy', resource: 'bkt-one', error: 'AccessDenied' }] } as never);
    expect(bucketOf(inventory, 'bkt-one').gaps).toEqual([{ path: 'policy', reason: 'AccessDenied: s3:GetBucketPolicy' }]);
  });

  it('an error without a code (the SDK names an empty-body error "Unknown") is classified by its HTTP status', () => {
    const unknown = (status: number) => classifyError(Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: status } }));
    expect(unknown(403)).toMatchObject({ code: 'AccessDenied', throttling: false });
    expect(unknown(429)).toMatchObject({ code: 'HTTP429', throttling: true });
    expect(unknown(503)).toMatchObject({ code: 'HTTP503', throttling: false });
  });

  it('a throttled call that recovers within the retries is no gap', async () => {
    const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'bkt-one' }] }, faults: [{ service: 's3', operation: 'GetBucketAcl', resource: 'bkt-one', error: 'SlowDown', times: 1 }] } as never);
    expect(bucketOf(inventory, 'bkt-one').gaps).toEqual([]);
    expect(bucketOf(inventory, 'bkt-one').acl).toMatchObject({ grants: [{ permission: 'FULL_CONTROL' }] });
  });

  for (const error of ['AccessDenied', 'InternalError', 'SlowDown']) {
    it(`account Block Public Access (s3control GetPublicAccessBlock) ${error}: a gap on every bucket, not "not configured"`, async () => {
      const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'bkt-one' }, { Name: 'bkt-two' }] }, faults: [{ service: 's3-control', operation: 'GetPublicAccessBlock', error }] } as never);
      for (const name of ['bkt-one', 'bkt-two']) {
        const b = bucketOf(inventory, name);
        expect(b.gaps).toEqual([{ path: 'accountPublicAccessBlock', reason: `${error}: s3:GetAccountPublicAccessBlock` }]);
        // the account-level rule is unknown; the bucket-level AWS-S3-003 still reads the bucket's own (known) setting
        expect(verdict('AWS-S3-027', { ...b, related: { ...emptyRelated(), feedsTraining: true } })).toBe('unknown');
        expect(verdict('AWS-S3-003', b)).toBe('fail');
      }
    });
  }
});

describe('S3 regions: GetBucketLocation and redirects', () => {
  /** collectBucket for a bucket listed without BucketRegion (ListBuckets only returns it for requests with parameters). */
  async function unlisted(scenario: Omit<AwsScenarioInput, 'accountId'>, name: string) {
    const mock = await startAwsMock({ accountId: ACCOUNT, ...scenario });
    const clients = new AwsClientFactory(mockOptions(mock), allowlistOf(AWS_API_CALLS), 'us-east-1');
    try {
      const sink = new InventorySink();
      const ctx = new ServiceContext('s3', ACCOUNT, 'us-east-1', 'global', clients, sink, pLimit(4), silentProgress, AWS_API_CALLS);
      return { bucket: await collectBucket(ctx, { Name: name }), sink, stats: mock.stats };
    } finally {
      clients.destroy();
      await mock.close();
    }
  }

  it('API_GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint of null"', async () => {
    const { bucket, stats } = await unlisted({ s3: { buckets: [{ Name: 'virginia', Region: 'us-east-1' }] } }, 'virginia');
    expect(stats.count('s3', 'GetBucketLocation')).toBe(1);
    expect(bucket).toMatchObject({ region: 'us-east-1', gaps: [] });
  });

  it('API_GetBucketLocation: the legacy constraint "EU" is eu-west-1, and every setting is read there', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::legacy-eu/*' }] };
    const { bucket } = await unlisted({ s3: { buckets: [{ Name: 'legacy-eu', Region: 'EU', Policy: policy, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }] } } as never, 'legacy-eu');
    expect(bucket).toMatchObject({ region: 'eu-west-1', gaps: [], policy, tags: { k: 'v' } });
  });

  it('another Region: a denied GetBucketLocation is a region gap; the settings still arrive through the 301 PermanentRedirect', async () => {
    const { bucket } = await unlisted(
      { s3: { buckets: [{ Name: 'frankfurt', Region: 'eu-central-1', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }] }, faults: [{ service: 's3', operation: 'GetBucketLocation', error: 'AccessDenied' }] } as never,
      'frankfurt',
    );
    expect(bucket.gaps).toEqual([{ path: 'region', reason: 'AccessDenied: s3:GetBucketLocation' }]);
    expect(bucket.tags).toEqual({ k: 'v' });
  });

  it('ListBuckets BucketRegion places each bucket; a scan of us-east-1 reads an eu-west-1 bucket in eu-west-1', async () => {
    const { inventory, stats } = await collectFromMock({ s3: { buckets: [{ Name: 'ireland', Region: 'eu-west-1', Versioning: { Status: 'Enabled' } }, { Name: 'legacy', Region: 'EU' }] } } as never);
    expect(bucketOf(inventory, 'ireland')).toMatchObject({ region: 'eu-west-1', gaps: [], versioning: { enabled: true } });
    expect(bucketOf(inventory, 'legacy')).toMatchObject({ region: 'eu-west-1', gaps: [] });
    expect(stats.count('s3', 'GetBucketLocation')).toBe(0);
  });
});

describe('policy documents: S3 as JSON text, IAM URL-encoded', () => {
  const tricky = { Version: '2012-10-17', Statement: [{ Sid: 'a+b c%20d', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs/a+b%/*' }] };

  it('API_GetBucketPolicy returns the policy JSON as is: "+" and "%" are not decoded', async () => {
    const { inventory } = await collectFromMock({ s3: { buckets: [{ Name: 'docs', Policy: tricky }] } } as never);
    expect(bucketOf(inventory, 'docs').policy).toEqual(tricky);
  });

  it('API_GetRolePolicy / API_GetPolicyVersion / API_Role: "The policy document returned ... is URL-encoded compliant with RFC 3986"', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const managed = 'arn:aws:iam::111122223333:policy/p+q';
    const { inventory } = await collectFromMock({
      iam: {
        Roles: [{ RoleName: 'ml', AssumeRolePolicyDocument: trust, RolePolicies: [{ PolicyName: 'inline', PolicyDocument: tricky }], AttachedPolicies: [managed] }],
        Policies: [{ Arn: managed, PolicyName: 'p+q', Document: tricky }],
      },
    } as never);
    const role = byId(inventory, 'arn:aws:iam::111122223333:role/ml') as AwsIamRole;
    expect(role.gaps).toEqual([]);
    expect(role.trustPolicy).toEqual(trust);
    expect(role.inlinePolicies).toEqual([{ name: 'inline', document: tricky }]);
    expect(role.attachedPolicies).toEqual([{ arn: managed, name: 'p+q', document: tricky }]);
  });

  it('IAM AccessDenied on GetRolePolicy / GetPolicyVersion: gaps on the role, never an empty policy set read as "no permissions"', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const managed = 'arn:aws:iam::111122223333:policy/m';
    const { inventory } = await collectFromMock({
      iam: {
        Roles: [{ RoleName: 'ml', AssumeRolePolicyDocument: trust, RolePolicies: [{ PolicyName: 'inline', PolicyDocument: tricky }], AttachedPolicies: [managed] }],
        Policies: [{ Arn: managed, PolicyName: 'm', Document: tricky }],
      },
      faults: [
        { service: 'iam', operation: 'GetRolePolicy', error: 'AccessDenied' },
        { service: 'iam', operation: 'GetPolicyVersion', error: 'ServiceFailure' },
      ],
    } as never);
    const role = byId(inventory, 'arn:aws:iam::111122223333:role/ml') as AwsIamRole;
    expect(role.gaps).toEqual([
      { path: 'inlinePolicies', reason: 'AccessDenied: iam:GetRolePolicy' },
      { path: 'attachedPolicies[0].document', reason: 'ServiceFailure: iam:GetPolicyVersion' },
    ]);
    expect(role.attachedPolicies[0].document).toBeNull();
  });
});
