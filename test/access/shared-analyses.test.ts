import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzeAccess, annotateAccess } from '../../src/access/index.js';
import { noTrust, type AwsS3Bucket, type GcpStorageBucket, type GcsBinding, type Inventory, type Resource } from '../../src/model/index.js';
import { OTHER, OWNER, gcsBucket, inventory, policy, s3Bucket } from './builders.js';

const RUNS = { numRuns: 100 };

/** Each bucket's access, gaps and edges, from one analysis of all of them and from an analysis of it alone. */
function togetherAndAlone(resources: Resource[]) {
  const result = (inv: Inventory, id: string) => {
    const r = inv.resources.find((x) => x.id === id) as AwsS3Bucket | GcpStorageBucket;
    return { access: r.access, gaps: r.gaps, edges: inv.edges.filter((e) => e.to === id) };
  };
  const together = analyzeAccess(inventory(resources), noTrust());
  return resources.map((r) => ({ together: result(together, r.id), alone: result(analyzeAccess(inventory([r]), noTrust()), r.id) }));
}

// bucket names, and Resource patterns written relative to the bucket (SELF), naming another bucket, or with wildcards
const NAMES = ['alpha', 'beta', 'other', 'alpha2'];
const resourcePattern = fc.constantFrom('SELF', 'SELF/*', 'SELF/data/*', '*', 'arn:aws:s3:::other/*', 'arn:aws:s3:::other', 'arn:aws:s3:::alpha/*', 'arn:aws:s3:::a*', 'arn:aws:s3:::*/*');
const statement = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Principal: fc.constantFrom<unknown>('*', { AWS: OTHER }, { AWS: `arn:aws:iam::${OWNER}:root` }),
    Action: fc.subarray(['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:*'], { minLength: 1 }),
    Resource: fc.array(resourcePattern, { minLength: 1, maxLength: 3 }),
    notResource: fc.boolean(),
    Condition: fc.option(fc.constantFrom({ StringEquals: { 'aws:SourceArn': 'SELF' } }, { Bool: { 'aws:SecureTransport': 'false' } }), { nil: undefined }),
  })
  .map(({ notResource, Resource, Condition, ...st }) => ({ ...st, ...(notResource ? { NotResource: Resource } : { Resource }), ...(Condition ? { Condition } : {}) }));

const forBucket = (template: unknown, name: string) => JSON.parse(JSON.stringify(template).replaceAll('SELF', `arn:aws:s3:::${name}`));

describe('buckets with the same access inputs share one analysis', () => {
  test('S3: every bucket gets what an analysis of it alone gives, whatever its policy names', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), fc.subarray(NAMES, { minLength: 2 }), fc.boolean(), (sts, names, gapped) => {
        const buckets = names.map((n) =>
          s3Bucket(n, { policy: forBucket(policy(...sts), n), ...(gapped && n === 'beta' ? { gaps: [{ path: 'publicAccessBlock', reason: 'AccessDenied' }] } : {}) }),
        );
        for (const { together, alone } of togetherAndAlone(buckets)) expect(together).toEqual(alone);
      }),
      RUNS,
    );
  });

  const binding: fc.Arbitrary<GcsBinding> = fc.record({
    role: fc.constantFrom('roles/storage.objectViewer', 'roles/storage.objectCreator', 'roles/storage.legacyBucketOwner', 'projects/p/roles/custom'),
    members: fc.subarray(['allUsers', 'projectEditor:ml-project', 'projectViewer:123456789', 'serviceAccount:sa@ml-project.iam.gserviceaccount.com', 'user:a@example.com'], { minLength: 1 }),
  });

  test('Cloud Storage: every bucket gets what an analysis of it alone gives', () => {
    fc.assert(
      fc.property(
        fc.array(binding, { maxLength: 3 }),
        fc.array(fc.record({ project: fc.constantFrom('ml-project', 'other-project'), pap: fc.constantFrom('enforced' as const, 'inherited' as const), org: fc.option(fc.boolean(), { nil: undefined }), gapped: fc.boolean() }), { minLength: 2, maxLength: 4 }),
        (bindings, settings) => {
          const buckets = settings.map((s, i) =>
            gcsBucket(`g${i}`, { account: s.project, iamPolicy: { version: 3, bindings }, publicAccessPrevention: s.pap, orgEnforcesPublicAccessPrevention: s.org, ...(s.gapped ? { gaps: [{ path: 'publicAccessPrevention', reason: 'AccessDenied' }] } : {}) }),
          );
          for (const { together, alone } of togetherAndAlone(buckets)) expect(together).toEqual(alone);
        },
      ),
      RUNS,
    );
  });

  test('the shared access is one frozen object; a policy with a wildcard bucket pattern is analyzed per bucket', () => {
    const shared = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'SELF/*' });
    const wildcard = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team0-*/*' });
    const inv = analyzeAccess(
      inventory([s3Bucket('a', { policy: forBucket(shared, 'a') }), s3Bucket('b', { policy: forBucket(shared, 'b') }), s3Bucket('team0-x', { policy: wildcard }), s3Bucket('team1-x', { policy: wildcard })]),
      noTrust(),
    );
    const [a, b, team0, team1] = inv.resources as AwsS3Bucket[];
    expect(a.access).toBe(b.access);
    expect(Object.isFrozen(a.access) && Object.isFrozen(a.access!.readers[0])).toBe(true);
    expect(a.access!.publicRead).toBe(true);
    expect(team0.access!.publicRead).toBe(true);
    expect(team1.access!.publicRead).toBe(false);
  });
});

describe('annotations of buckets that share an analysis', () => {
  test('one object for the buckets with the same gaps list; a bucket with its own gaps list gets its own', () => {
    const gaps = Object.freeze([]) as unknown as AwsS3Bucket['gaps'];
    const ownGaps: AwsS3Bucket['gaps'] = [];
    // set after building: the builder's validation copies the values it is given
    const buckets = [{ ...s3Bucket('alpha'), gaps }, { ...s3Bucket('beta'), gaps }, { ...s3Bucket('gamma'), gaps: ownGaps }];
    const { byPosition } = annotateAccess(inventory(buckets), noTrust());
    expect(byPosition[1]).toBe(byPosition[0]);
    expect(byPosition[0]?.gaps).toBe(gaps);
    expect(byPosition[2]).not.toBe(byPosition[0]);
    expect(byPosition[2]?.gaps).toBe(ownGaps);
    expect(byPosition[2]).toEqual(byPosition[0]);
  });
});
