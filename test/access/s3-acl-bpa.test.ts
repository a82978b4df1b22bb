import { describe, expect, test } from 'vitest';
import type { PublicAccessBlock, S3Grant } from '../../src/model/index.js';
import { OTHER, policy } from './builders.js';
import { analyzeS3, gapPaths, trueFlags } from './helpers.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const group = (uri: string, permission: S3Grant['permission']): S3Grant => ({ grantee: { type: 'Group', uri }, permission });
const acl = (...grants: S3Grant[]) => ({ ownerId: 'owner-canonical', grants });
const bpa = (over: Partial<PublicAccessBlock>): PublicAccessBlock => ({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false, ...over });
const PUBLIC_WRITE = policy({ Sid: 'PublicPut', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' });

describe('S3 ACLs', () => {
  test.each([
    ['AllUsers READ lists objects', [group(ALL_USERS, 'READ')], ['publicList']],
    ['AllUsers WRITE writes objects', [group(ALL_USERS, 'WRITE')], ['publicWrite']],
    ['AllUsers READ_ACP grants no object access', [group(ALL_USERS, 'READ_ACP')], []],
    ['AllUsers WRITE_ACP can grant itself write: write and list', [group(ALL_USERS, 'WRITE_ACP')], ['publicWrite', 'publicList']],
    ['AllUsers FULL_CONTROL', [group(ALL_USERS, 'FULL_CONTROL')], ['publicWrite', 'publicList']],
    ['AuthenticatedUsers WRITE is public and authenticated', [group(AUTH_USERS, 'WRITE')], ['publicWrite', 'authenticatedWrite']],
    ['another canonical user WRITE is cross-account', [{ grantee: { type: 'CanonicalUser', id: 'someone-else' }, permission: 'WRITE' } as S3Grant], ['crossAccountWrite']],
    ['the owner canonical user FULL_CONTROL is internal', [{ grantee: { type: 'CanonicalUser', id: 'owner-canonical' }, permission: 'FULL_CONTROL' } as S3Grant], []],
  ] as const)('%s', (_name, grants, flags) => {
    const a = analyzeS3({ acl: acl(...grants) });
    expect(trueFlags(a.access)).toEqual(flags);
  });

  test('ACL evidence names the grant', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')) });
    expect(a.access.evidence.publicWrite).toEqual([expect.objectContaining({ source: 'acl', grant: `group ${ALL_USERS}: WRITE` })]);
  });

  test('Object Ownership BucketOwnerEnforced disables ACLs', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'FULL_CONTROL')), ownershipControls: 'BucketOwnerEnforced' });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.neutralized).toEqual([expect.objectContaining({ source: 'object-ownership', setting: 'BucketOwnerEnforced' })]);
    expect(a.inventory.edges).toEqual([]);
  });
});

describe('S3 Block Public Access', () => {
  test('IgnorePublicAcls neutralizes public ACL grants', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), publicAccessBlock: bpa({ ignorePublicAcls: true }) });
    expect(a.access.publicWrite).toBe(false);
    expect(a.access.neutralized).toEqual([expect.objectContaining({ source: 'block-public-access', setting: 'IgnorePublicAcls' })]);
    expect(a.access.evidence.publicWrite.map((e) => e.source)).toEqual(['acl', 'block-public-access']);
  });

  test('IgnorePublicAcls keeps a grant to a named outside canonical user', () => {
    const a = analyzeS3({ acl: acl({ grantee: { type: 'CanonicalUser', id: 'x' }, permission: 'WRITE' }), accountPublicAccessBlock: bpa({ ignorePublicAcls: true }) });
    expect(a.access.crossAccountWrite).toBe(true);
  });

  test('BlockPublicAcls alone does not change an existing public ACL (reported as evidence)', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), publicAccessBlock: bpa({ blockPublicAcls: true }) });
    expect(a.access.publicWrite).toBe(true);
    expect(a.access.evidence.publicWrite).toContainEqual(expect.objectContaining({ setting: 'BlockPublicAcls' }));
  });

  test('BlockPublicPolicy alone does not change an existing public policy (reported as evidence)', () => {
    const a = analyzeS3({ policy: PUBLIC_WRITE, publicAccessBlock: bpa({ blockPublicPolicy: true }) });
    expect(a.access.publicWrite).toBe(true);
    expect(a.access.evidence.publicWrite).toContainEqual(expect.objectContaining({ setting: 'BlockPublicPolicy' }));
  });

  test('account-level RestrictPublicBuckets neutralizes a public policy', () => {
    const a = analyzeS3({ policy: PUBLIC_WRITE, accountPublicAccessBlock: bpa({ restrictPublicBuckets: true }) });
    expect(a.access.publicWrite).toBe(false);
    expect(a.access.neutralized[0]).toMatchObject({ source: 'block-public-access', setting: 'RestrictPublicBuckets' });
    expect(a.access.neutralized[0].detail).toContain('account level');
  });

  test('guide example: with RestrictPublicBuckets and a public policy, only the service principal keeps access', () => {
    const a = analyzeS3({
      policy: policy(
        { Sid: 'CloudTrail', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
        { Sid: 'Account2', Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
        { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
      ),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(a.access.publicWrite).toBe(false);
    expect(a.access.writers.map((w) => w.principal)).toEqual(['principal:service:cloudtrail.amazonaws.com']);
  });

  test('guide example: without the public statement, RestrictPublicBuckets leaves Account-2 its access', () => {
    const a = analyzeS3({
      policy: policy({ Sid: 'Account2', Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(a.access.crossAccountWrite).toBe(true);
  });
});

describe('S3 unknown inputs', () => {
  test('gapped policy: public and cross-account flags unknown, with the original reason', () => {
    const a = analyzeS3({ gaps: [{ path: 'policy', reason: 'AccessDenied: s3:GetBucketPolicy' }] });
    expect(gapPaths(a)).toEqual(['crossAccountRead', 'crossAccountWrite', 'publicList', 'publicRead', 'publicWrite']);
    expect(a.gaps.find((g) => g.path === 'access.publicWrite')?.reason).toBe('bucket policy unknown: AccessDenied: s3:GetBucketPolicy');
  });

  test('gapped policy with RestrictPublicBuckets known on: public flags known false, cross-account unknown', () => {
    const a = analyzeS3({ gaps: [{ path: 'policy', reason: 'denied' }], accountPublicAccessBlock: bpa({ restrictPublicBuckets: true, ignorePublicAcls: true }) });
    expect(gapPaths(a)).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });

  test('a public ACL with a gapped policy still proves publicWrite', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), gaps: [{ path: 'policy', reason: 'denied' }] });
    expect(a.access.publicWrite).toBe(true);
    expect(gapPaths(a)).not.toContain('publicWrite');
  });

  test('a public ACL with gapped account Block Public Access is unknown (IgnorePublicAcls could switch it off)', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), gaps: [{ path: 'accountPublicAccessBlock', reason: 'AccessDenied: s3:GetAccountPublicAccessBlock' }] });
    expect(a.access.publicWrite).toBe(false);
    expect(a.gaps).toEqual([{ path: 'access.publicWrite', reason: 'account Block Public Access unknown: AccessDenied: s3:GetAccountPublicAccessBlock' }]);
    expect(a.access.writers[0].conditional).toBe(true);
  });

  test('a public ACL with gapped account BPA but IgnorePublicAcls on at bucket level is known false', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), publicAccessBlock: bpa({ ignorePublicAcls: true }), gaps: [{ path: 'accountPublicAccessBlock', reason: 'x' }] });
    expect(a.access.publicWrite).toBe(false);
    expect(a.gaps).toEqual([]);
  });

  test('gapped BPA with no public grant stays known false', () => {
    const a = analyzeS3({ gaps: [{ path: 'publicAccessBlock', reason: 'x' }, { path: 'accountPublicAccessBlock', reason: 'y' }] });
    expect(a.gaps).toEqual([]);
    expect(trueFlags(a.access)).toEqual([]);
  });

  test('gapped ACL: list/write/authenticated flags unknown, object read not (a bucket ACL never grants object reads)', () => {
    const a = analyzeS3({ acl: null, gaps: [{ path: 'acl', reason: 'AccessDenied: s3:GetBucketAcl' }] });
    expect(gapPaths(a)).toEqual(['authenticatedWrite', 'crossAccountWrite', 'publicList', 'publicWrite']);
  });

  test('gapped ACL with BucketOwnerEnforced known: nothing unknown', () => {
    const a = analyzeS3({ acl: null, ownershipControls: 'BucketOwnerEnforced', gaps: [{ path: 'acl', reason: 'x' }] });
    expect(a.gaps).toEqual([]);
  });

  test('gapped Object Ownership makes ACL-derived flags unknown', () => {
    const a = analyzeS3({ acl: acl(group(ALL_USERS, 'READ')), ownershipControls: null, gaps: [{ path: 'ownershipControls', reason: 'x' }] });
    expect(gapPaths(a)).toEqual(['publicList']);
  });

  test('re-running the analysis gives the same result', async () => {
    const { analyzeAccess } = await import('../../src/access/index.js');
    const a = analyzeS3({ policy: PUBLIC_WRITE, gaps: [{ path: 'accountPublicAccessBlock', reason: 'x' }] });
    const again = analyzeAccess(a.inventory, { trustedAccounts: [], trustedOrganizations: [], trustedProjects: [], trustedDomains: [] });
    expect(again).toEqual(a.inventory);
  });
});

describe('Block Public Access evidence names the level that turns a setting on', () => {
  const PUBLIC_READ = policy({ Sid: 'PublicGet', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
  test.each([
    ['account', { accountPublicAccessBlock: bpa({ restrictPublicBuckets: true, ignorePublicAcls: true }), publicAccessBlock: bpa({}) }],
    ['bucket', { accountPublicAccessBlock: bpa({}), publicAccessBlock: bpa({ restrictPublicBuckets: true, ignorePublicAcls: true }) }],
    ['account and bucket', { accountPublicAccessBlock: bpa({ restrictPublicBuckets: true, ignorePublicAcls: true }), publicAccessBlock: bpa({ restrictPublicBuckets: true, ignorePublicAcls: true }) }],
  ] as const)('on at the %s level', (levels, settings) => {
    const a = analyzeS3({ policy: PUBLIC_READ, acl: acl(group(ALL_USERS, 'READ')), ...settings });
    expect(a.access.neutralized.map((e) => [e.setting, e.detail.slice(0, e.detail.indexOf(':'))])).toEqual([
      ['RestrictPublicBuckets', `RestrictPublicBuckets is on (${levels} level)`],
      ['IgnorePublicAcls', `IgnorePublicAcls is on (${levels} level)`],
    ]);
  });

  test('BlockPublicPolicy and BlockPublicAcls leave existing grants on and say so', () => {
    const a = analyzeS3({ policy: PUBLIC_WRITE, acl: acl(group(ALL_USERS, 'READ')), publicAccessBlock: bpa({ blockPublicPolicy: true }), accountPublicAccessBlock: bpa({ blockPublicAcls: true }) });
    expect(trueFlags(a.access)).toEqual(['publicWrite', 'publicList']);
    const details = [...a.access.evidence.publicWrite!, ...a.access.evidence.publicList!].map((e) => e.detail);
    expect(details).toContain('BlockPublicPolicy is on (bucket level): it rejects new public policies but does not change this existing one');
    expect(details).toContain('BlockPublicAcls is on (account level): it rejects new public ACLs but does not change this existing grant');
  });
});
