import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { analyzeGcsBucket } from '../../src/access/gcs/analyze.js';
import { analyzeAwsRole } from '../../src/access/identity/aws-role.js';
import { BucketDenies } from '../../src/access/identity/bucket-denies.js';
import { CandidateBuckets } from '../../src/access/identity/candidate-buckets.js';
import { NamedBuckets } from '../../src/access/identity/named-buckets.js';
import { analyzeGcpServiceAccount } from '../../src/access/identity/gcp-service-account.js';
import { analyzeS3Bucket } from '../../src/access/s3/analyze.js';
import type { Grant } from '../../src/access/types.js';
import { Inventory, noTrust, type AwsS3Bucket, type GcpStorageBucket } from '../../src/model/index.js';

// Reach analysis looks only at candidate buckets; it must find exactly what scanning every bucket finds.
describe('candidate buckets for identity reach', () => {
  const parts = syntheticInventoryParts(6_000, 11);
  const inventory = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
  const s3 = inventory.resources.filter((r): r is AwsS3Bucket => r.kind === 'aws.s3.bucket');
  const gcs = inventory.resources.filter((r): r is GcpStorageBucket => r.kind === 'gcp.storage.bucket');
  const roles = inventory.resources.filter((r) => r.kind === 'aws.iam.role');
  const sas = inventory.resources.filter((r) => r.kind === 'gcp.iam.service-account');
  // cross-account writers the synthetic mix lacks: another account's bucket granting a role's account, and a role itself
  const [first, second] = [roles[0], roles.at(-1)!];
  const foreign = s3.find((b) => b.account !== first.account && b.account !== second.account)!;
  foreign.policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${first.account}:root` }, Action: 's3:PutObject', Resource: `${foreign.arn}/*` },
      { Effect: 'Allow', Principal: { AWS: second.id }, Action: 's3:PutObject', Resource: `${foreign.arn}/incoming/*` },
    ],
  };
  const roleIds = new Set(roles.map((r) => r.id));
  const saIds = new Map(sas.map((r) => [r.email.toLowerCase(), r.id]));
  const grants = new Map<string, Grant[]>();
  for (const b of s3) grants.set(b.id, analyzeS3Bucket(b, roleIds, noTrust()).grants);
  for (const b of gcs) grants.set(b.id, analyzeGcsBucket(b, saIds, noTrust()).grants);

  it('AWS roles: same writable buckets, evidence and order as with every bucket', () => {
    const candidates = new CandidateBuckets(s3, grants);
    expect(roles.length).toBeGreaterThan(10);
    let reached = 0;
    for (const role of roles) {
      const all = analyzeAwsRole(role, s3, grants, roleIds, noTrust());
      const some = analyzeAwsRole(role, candidates.forAwsRole(role), grants, roleIds, noTrust());
      expect(some).toEqual(all);
      reached += all.writable.entries.length;
    }
    expect(reached).toBeGreaterThan(0);
    expect(candidates.forAwsRole(first).map((b) => b.id)).toContain(foreign.id);
    expect(candidates.forAwsRole(second).map((b) => b.id)).toContain(foreign.id);
    expect(candidates.forAwsRole(first).length).toBeLessThan(s3.length / 2);
  });

  it('AWS roles that name their buckets: the same with those buckets looked up as with every candidate read', () => {
    const candidates = new CandidateBuckets(s3, grants);
    const bucketDenies = new BucketDenies(s3);
    // counts the lists it answered with an index (from a list's second role on)
    const namedBuckets = new (class extends NamedBuckets {
      answered = 0;
      override of(buckets: readonly AwsS3Bucket[], named: ReadonlySet<string>): number[] | undefined {
        const visit = super.of(buckets, named);
        if (visit) this.answered++;
        return visit;
      }
    })();
    let reached = 0;
    for (const role of roles) {
      const list = candidates.forAwsRole(role);
      const context = { grantedToRole: candidates.writableByPrincipal(role.id), bucketDenies };
      const read = analyzeAwsRole(role, list, grants, roleIds, noTrust(), undefined, context);
      expect(analyzeAwsRole(role, list, grants, roleIds, noTrust(), undefined, { ...context, namedBuckets })).toEqual(read);
      reached += read.writable.entries.length;
    }
    expect(reached).toBeGreaterThan(0);
    expect(namedBuckets.answered).toBeGreaterThan(10);
  });

  it('service accounts: same result as with every bucket', () => {
    const candidates = new CandidateBuckets(gcs, grants);
    expect(sas.length).toBeGreaterThan(1);
    for (const sa of sas) expect(analyzeGcpServiceAccount(sa, candidates.forServiceAccount(sa), grants)).toEqual(analyzeGcpServiceAccount(sa, gcs, grants));
  });
});
