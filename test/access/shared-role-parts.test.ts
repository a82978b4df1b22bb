import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { analyzeAwsRole, type RoleContext } from '../../src/access/identity/aws-role.js';
import { BucketDenies } from '../../src/access/identity/bucket-denies.js';
import { CandidateBuckets } from '../../src/access/identity/candidate-buckets.js';
import { SharedAssumers, SharedWritable } from '../../src/access/identity/shared-role-parts.js';
import { analyzeS3Bucket } from '../../src/access/s3/analyze.js';
import type { Grant } from '../../src/access/types.js';
import { Inventory, noTrust, type AwsIamRole, type AwsS3Bucket, type PolicyDocument } from '../../src/model/index.js';
import { OTHER, OWNER, iamRole, policy, s3Bucket } from './builders.js';

/** Equal values made one object, as the inventory reader shares them. */
function shareEqual<T>(value: T, seen = new Map<string, unknown>()): T {
  if (value === null || typeof value !== 'object') return value;
  const json = JSON.stringify(value);
  const known = seen.get(json);
  if (known) return known as T;
  const out = (Array.isArray(value) ? value.map((v) => shareEqual(v, seen)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shareEqual(v, seen)]))) as T;
  seen.set(json, out);
  return out;
}

/** Counts the writable lists it handed out again. */
class CountingWritable extends SharedWritable {
  hits = 0;
  override get(key: string) {
    const known = super.get(key);
    if (known) this.hits++;
    return known;
  }
}

/** Each role analyzed with the shared parts and alone, in inventory order; returns how many writable lists were shared. */
function expectSameAsAlone(roles: readonly AwsIamRole[], s3: readonly AwsS3Bucket[], roleIds: ReadonlySet<string>, everyBucket = false): number {
  const grants = new Map<string, Grant[]>();
  for (const b of s3) grants.set(b.id, analyzeS3Bucket(b, roleIds, noTrust()).grants);
  const candidates = new CandidateBuckets(s3, grants);
  const bucketDenies = new BucketDenies(s3);
  const sharedWritable = new CountingWritable();
  const sharedAssumers = new SharedAssumers();
  for (const role of roles) {
    // everyBucket: one list and no grants to the role named, as a caller without candidate lists would give them
    const list = everyBucket ? s3 : candidates.forAwsRole(role);
    const context: RoleContext = { grantedToRole: everyBucket ? new Set() : candidates.writableByPrincipal(role.id), bucketDenies };
    const alone = analyzeAwsRole(role, list, grants, roleIds, noTrust(), undefined, context);
    expect(analyzeAwsRole(role, list, grants, roleIds, noTrust(), undefined, { ...context, sharedWritable, sharedAssumers })).toEqual(alone);
  }
  return sharedWritable.hits;
}

describe('role parts shared between roles', () => {
  it('synthetic inventory with equal values shared: every role as analyzed alone, and writable lists shared', () => {
    const parts = syntheticInventoryParts(6_000, 11);
    const inventory = shareEqual(Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] }));
    const s3 = inventory.resources.filter((r): r is AwsS3Bucket => r.kind === 'aws.s3.bucket');
    const roles = inventory.resources.filter((r): r is AwsIamRole => r.kind === 'aws.iam.role');
    expect(expectSameAsAlone(roles, s3, new Set(roles.map((r) => r.id)))).toBeGreaterThan(0);
  });

  it('not shared where the role itself decides: a bucket-policy Deny naming one role, another account, a grant to the role, a boundary', () => {
    const wildcard: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const role = (name: string, account = OWNER, over: Partial<AwsIamRole> = {}) => {
      const r = iamRole(name, { id: `arn:aws:iam::${account}:role/${name}`, arn: `arn:aws:iam::${account}:role/${name}`, account, ...over });
      r.inlinePolicies = [{ name: 'data', document: wildcard }];
      return r;
    };
    const s3 = [
      s3Bucket('open'),
      s3Bucket('denies-second', {
        policy: policy({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OWNER}:role/second` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::denies-second/*' }),
      }),
      s3Bucket('grants-fourth', {
        policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:role/fourth` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::grants-fourth/logs/*' }),
      }),
      s3Bucket('other-open', { account: OTHER }),
    ];
    const roles = [
      role('first'),
      role('second'),
      role('third'),
      role('fourth'),
      role('bounded', OWNER, { permissionsBoundaryArn: `arn:aws:iam::${OWNER}:policy/limit` }),
      role('elsewhere', OTHER),
      role('elsewhere-too', OTHER),
      // trusts an account: whether that is external depends on the role's own account
      role('trusting', OTHER, { trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'sts:AssumeRole' }] } }),
    ];
    roles.push(role('trusting-too', OWNER));
    roles.at(-1)!.trustPolicy = roles.at(-2)!.trustPolicy;
    const roleIds = new Set(roles.map((r) => r.id));
    // OWNER's list has a Deny for one role: never shared there; OTHER's roles share
    expect(expectSameAsAlone(roles, s3, roleIds)).toBe(2);
    // without the Deny, OWNER's roles without a grant or boundary share too
    expect(expectSameAsAlone(roles, [s3[0], s3[2], s3[3]], roleIds)).toBe(5);
  });

  it('not shared when the list holds a bucket of another account, whose policy may grant one role alone', () => {
    const wildcard: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const roles = ['first', 'second', 'third'].map((name) => {
      const r = iamRole(name);
      r.inlinePolicies = [{ name: 'data', document: wildcard }];
      return r;
    });
    const foreign = s3Bucket('foreign', {
      account: OTHER,
      policy: policy({ Effect: 'Allow', Principal: { AWS: roles[1].arn }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::foreign/*' }),
    });
    const roleIds = new Set(roles.map((r) => r.id));
    expect(expectSameAsAlone(roles, [s3Bucket('own'), foreign], roleIds, true)).toBe(0);
    expect(expectSameAsAlone(roles, [s3Bucket('own')], roleIds, true)).toBe(2);
  });

  it('not shared between roles whose Allow is the same object at another policy name or index, or that add a Deny', () => {
    const allow = { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' };
    const deny = { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' };
    const other = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    const doc = (...Statement: object[]): PolicyDocument => ({ Version: '2012-10-17', Statement }) as PolicyDocument;
    const withPolicies = (name: string, ...inlinePolicies: AwsIamRole['inlinePolicies']) => Object.assign(iamRole(name), { inlinePolicies });
    const roles = [
      withPolicies('first', { name: 'data', document: doc(allow) }),
      withPolicies('renamed', { name: 'other', document: doc(allow) }),
      withPolicies('moved', { name: 'data', document: doc(other, allow) }),
      withPolicies('denied', { name: 'data', document: doc(allow) }, { name: 'guard', document: doc(deny) }),
    ];
    expect(expectSameAsAlone(roles, [s3Bucket('a'), s3Bucket('b')], new Set(roles.map((r) => r.id)))).toBe(0);
  });

  it('a candidate list no role shares is not held by the keys (a role of an account granted a bucket elsewhere walks its own)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const shared = new SharedWritable();
    const statement = { policy: 'inline policy data', index: 0, st: {} };
    const listed = (): WeakRef<object> => {
      const ownList = [s3Bucket('own'), s3Bucket('foreign', { account: OTHER })];
      shared.keyOf(OWNER, ownList, undefined, [statement], []);
      return new WeakRef(ownList);
    };
    const list = listed();
    // a WeakRef's target is kept until the job that made it ends
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(list.deref()).toBeUndefined();
    // ids are not reused: a list made later has a key of its own
    expect(shared.keyOf(OWNER, [], undefined, [statement], [])).not.toBe(shared.keyOf(OWNER, [], undefined, [statement], []));
  });

  it('assumers: one answer per trust policy and account', () => {
    const shared = new SharedAssumers();
    const trust = iamRole('a').trustPolicy;
    const [a, b, c] = [iamRole('a'), iamRole('b'), iamRole('c', { account: OTHER })];
    for (const r of [a, b, c]) r.trustPolicy = trust;
    let made = 0;
    const make = () => ({ grants: [], reach: [], external: made++ > 0 });
    expect(shared.of(b, make)).toBe(shared.of(a, make));
    expect(shared.of(c, make)).not.toBe(shared.of(a, make));
    expect(made).toBe(2);
  });
});
