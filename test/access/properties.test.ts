import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AccessFlag, BucketAccess, GcsBinding, PublicAccessBlock, S3Grant } from '../../src/model/index.js';
import { OTHER, OWNER, policy } from './builders.js';
import { analyzeGcs, analyzeS3, type Analyzed } from './helpers.js';

const RUNS = { numRuns: 150 };

const principal = fc.constantFrom<unknown>('*', { AWS: '*' }, { AWS: OTHER }, { AWS: `arn:aws:iam::${OWNER}:root` }, { Service: 'logging.s3.amazonaws.com' }, { Federated: 'accounts.google.com' });
const actions = fc.subarray(['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:Get*', 's3:*', '*', 's3:PutObject*', 's3:Delete*'], { minLength: 1 });
const resources = fc.subarray(['arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/data/*', '*', 'arn:aws:s3:::other/*', 'arn:aws:s3:::*'], { minLength: 1 });
const condition = fc.option(
  fc.constantFrom<Record<string, Record<string, unknown>>>(
    { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
    { Bool: { 'aws:SecureTransport': 'true' } },
    { Bool: { 'aws:SecureTransport': 'false' } },
    { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
    { IpAddress: { 'aws:SourceIp': '10.1.2.0/24' } },
    { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
    { StringNotEquals: { 'aws:PrincipalAccount': OWNER } },
    { StringLike: { 'aws:SourceVpc': 'vpc-*' } },
  ),
  { nil: undefined },
);

const statement = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc.record({ effect, principal, actions, resources, condition, notPrincipal: fc.boolean(), notAction: fc.boolean() }).map((s) => ({
    Effect: s.effect,
    ...(s.notPrincipal && s.principal !== '*' ? { NotPrincipal: s.principal } : { Principal: s.principal }),
    ...(s.notAction ? { NotAction: s.actions } : { Action: s.actions }),
    Resource: s.resources,
    ...(s.condition ? { Condition: s.condition } : {}),
  }));

const statements = fc.array(statement(fc.constantFrom('Allow', 'Deny')), { minLength: 1, maxLength: 5 });
const bpa = fc.record({ blockPublicAcls: fc.boolean(), ignorePublicAcls: fc.boolean(), blockPublicPolicy: fc.boolean(), restrictPublicBuckets: fc.boolean() });
const aclGrants = fc.subarray<S3Grant>([
  { grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' },
  { grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'WRITE' },
  { grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, permission: 'FULL_CONTROL' },
  { grantee: { type: 'CanonicalUser', id: 'someone-else' }, permission: 'WRITE' },
]);

const PUBLIC_FLAGS: AccessFlag[] = ['publicRead', 'publicWrite', 'publicList', 'authenticatedRead', 'authenticatedWrite'];

/** Who can do each kind of access, as a level: 2 anyone, 1 a named outsider, 0 only insiders. */
function exposure(a: BucketAccess) {
  return {
    read: a.publicRead ? 2 : a.crossAccountRead ? 1 : 0,
    write: a.publicWrite ? 2 : a.crossAccountWrite ? 1 : 0,
    list: a.publicList ? 2 : 0,
    authenticatedRead: Number(a.authenticatedRead),
    authenticatedWrite: Number(a.authenticatedWrite),
  };
}

function notMore(after: Analyzed, before: Analyzed) {
  const a = exposure(after.access);
  const b = exposure(before.access);
  for (const k of Object.keys(a) as (keyof typeof a)[]) expect(a[k], k).toBeLessThanOrEqual(b[k]);
}

describe('S3 properties', () => {
  test('adding a Deny statement never increases access', () => {
    fc.assert(
      fc.property(statements, statement(fc.constant('Deny')), aclGrants, (sts, deny, grants) => {
        const acl = { ownerId: 'owner-canonical', grants };
        notMore(analyzeS3({ policy: policy(...sts, deny), acl }), analyzeS3({ policy: policy(...sts), acl }));
      }),
      RUNS,
    );
  });

  test('turning on any Block Public Access setting never increases access', () => {
    const settings: (keyof PublicAccessBlock)[] = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'];
    fc.assert(
      fc.property(statements, aclGrants, bpa, fc.constantFrom(...settings), fc.boolean(), (sts, grants, base, setting, atAccount) => {
        const acl = { ownerId: 'owner-canonical', grants };
        const before = analyzeS3({ policy: policy(...sts), acl, publicAccessBlock: base });
        const on = { ...base, [setting]: true };
        const after = analyzeS3(atAccount ? { policy: policy(...sts), acl, publicAccessBlock: base, accountPublicAccessBlock: on } : { policy: policy(...sts), acl, publicAccessBlock: on });
        notMore(after, before);
        for (const f of PUBLIC_FLAGS) if (after.access[f]) expect(before.access[f]).toBe(true);
      }),
      RUNS,
    );
  });

  test('a result never depends on statement order', () => {
    fc.assert(
      fc.property(
        statements.chain((sts) => fc.tuple(fc.constant(sts), fc.shuffledSubarray(sts, { minLength: sts.length, maxLength: sts.length }))),
        bpa,
        ([sts, shuffled], b) => {
          const x = analyzeS3({ policy: policy(...sts), publicAccessBlock: b });
          const y = analyzeS3({ policy: policy(...shuffled), publicAccessBlock: b });
          expect(exposure(y.access)).toEqual(exposure(x.access));
          expect(y.access.crossAccountRead).toBe(x.access.crossAccountRead);
          const who = (a: BucketAccess) => [...new Set(a.writers.map((w) => `${w.principal}|${w.prefix ?? ''}|${w.conditional}`))].sort();
          expect(who(y.access)).toEqual(who(x.access));
        },
      ),
      RUNS,
    );
  });

  test('a flag left known while an input is gapped agrees with every value that input could have', () => {
    fc.assert(
      fc.property(statements, aclGrants, bpa, fc.constantFrom('policy', 'publicAccessBlock', 'acl'), (sts, grants, b, gapped) => {
        const actual = { policy: policy(...sts), acl: { ownerId: 'owner-canonical', grants }, publicAccessBlock: b };
        const withGap = analyzeS3({ ...actual, gaps: [{ path: gapped, reason: 'AccessDenied' }] });
        const truth = analyzeS3(actual);
        const gappedFlags = new Set(withGap.gaps.map((g) => g.path.replace('access.', '')));
        for (const f of ['publicRead', 'publicWrite', 'publicList', 'crossAccountRead', 'crossAccountWrite', 'authenticatedRead', 'authenticatedWrite'] as const) {
          if (!gappedFlags.has(f)) expect(withGap.access[f], f).toBe(truth.access[f]);
        }
      }),
      RUNS,
    );
  });
});

const role = fc.constantFrom('roles/storage.objectViewer', 'roles/storage.objectCreator', 'roles/storage.objectAdmin', 'roles/storage.legacyBucketOwner', 'roles/storage.legacyObjectReader');
const binding: fc.Arbitrary<GcsBinding> = fc.record({ role, members: fc.subarray(['allUsers', 'allAuthenticatedUsers', 'user:a@example.com', 'projectViewer:ml-project'], { minLength: 1 }), conditional: fc.boolean() }).map((b) => ({
  role: b.role,
  members: b.members,
  ...(b.conditional ? { condition: { expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } } : {}),
}));
const gcsAcl = fc.subarray([
  { entity: 'allUsers', role: 'WRITER' },
  { entity: 'allAuthenticatedUsers', role: 'READER' },
  { entity: 'project-editors-999', role: 'OWNER' },
]);

describe('Cloud Storage properties', () => {
  test('enforcing public access prevention removes allUsers and allAuthenticatedUsers access', () => {
    fc.assert(
      fc.property(fc.array(binding, { maxLength: 4 }), gcsAcl, fc.boolean(), (bindings, acl, ubla) => {
        const a = analyzeGcs({ iamPolicy: { version: 3, bindings }, uniformBucketLevelAccess: ubla, acl: ubla ? null : acl, publicAccessPrevention: 'enforced' });
        for (const f of PUBLIC_FLAGS) expect(a.access[f]).toBe(false);
        expect(a.gaps.filter((g) => PUBLIC_FLAGS.some((f) => g.path === `access.${f}`))).toEqual([]);
        const principals = [...a.access.writers, ...a.access.readers].map((g) => g.principal);
        expect(principals).not.toContain('principal:internet');
        expect(principals).not.toContain('principal:any-authenticated');
      }),
      RUNS,
    );
  });

  test('a result never depends on binding order', () => {
    fc.assert(
      fc.property(
        fc.array(binding, { minLength: 1, maxLength: 4 }).chain((bs) => fc.tuple(fc.constant(bs), fc.shuffledSubarray(bs, { minLength: bs.length, maxLength: bs.length }))),
        ([bs, shuffled]) => {
          const x = analyzeGcs({ iamPolicy: { version: 3, bindings: bs } });
          const y = analyzeGcs({ iamPolicy: { version: 3, bindings: shuffled } });
          expect(exposure(y.access)).toEqual(exposure(x.access));
          expect(y.gaps.map((g) => g.path).sort()).toEqual(x.gaps.map((g) => g.path).sort());
        },
      ),
      RUNS,
    );
  });
});
