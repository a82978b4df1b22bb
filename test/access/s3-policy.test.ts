import { describe, expect, test } from 'vitest';
import { OTHER, OWNER, policy } from './builders.js';
import { analyzeS3, trueFlags } from './helpers.js';

const OBJECTS = 'arn:aws:s3:::b/*';
const BUCKET = 'arn:aws:s3:::b';

type Case = { name: string; statements: Record<string, unknown>[]; flags: string[] };

// Policies from "The meaning of 'public'" (Amazon S3 User Guide) and variations of them.
const cases: Case[] = [
  { name: 'Principal "*" PutObject, no condition (guide: public)', statements: [{ Principal: '*', Resource: '*', Action: 's3:PutObject', Effect: 'Allow' }], flags: ['publicWrite'] },
  {
    name: 'Federated graph.facebook.com PutObject (guide: public)',
    statements: [{ Principal: { Federated: 'graph.facebook.com' }, Resource: '*', Action: 's3:PutObject', Effect: 'Allow' }],
    flags: ['publicWrite'],
  },
  {
    name: 'StringLike aws:SourceVpc "vpc-*" (guide: public)',
    statements: [{ Principal: '*', Resource: '*', Action: 's3:PutObject', Effect: 'Allow', Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } }],
    flags: ['publicWrite'],
  },
  {
    name: 'StringEquals aws:SourceVpc fixed (guide: non-public)',
    statements: [{ Principal: '*', Resource: '*', Action: 's3:PutObject', Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } } }],
    flags: [],
  },
  {
    name: 'only public statement limited by aws:SourceVpce: not public',
    statements: [{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Resource: OBJECTS, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }],
    flags: [],
  },
  {
    name: 'only public statement limited by aws:PrincipalOrgID: not public, organization is cross-account',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }],
    flags: ['crossAccountWrite'],
  },
  {
    name: 'only public statement limited by a fixed /24: not public',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }],
    flags: [],
  },
  {
    name: 'aws:SourceIp 0.0.0.0/0 stays public',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }],
    flags: ['publicRead'],
  },
  {
    name: 'aws:SourceIp broader than /8 stays public (guide note)',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } }],
    flags: ['publicRead'],
  },
  {
    name: 'aws:SourceIp IPv6 /32 is bounded',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } }],
    flags: [],
  },
  {
    name: 'PutObject to "*" with only aws:SecureTransport is publicly writable',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    flags: ['publicWrite'],
  },
  {
    name: 'condition on s3:x-amz-acl (not a listed key) stays public',
    statements: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }],
    flags: ['publicWrite'],
  },
  {
    name: 'StringLike with a wildcard on aws:PrincipalOrgID stays public',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }],
    flags: ['publicWrite'],
  },
  {
    name: 'StringEqualsIfExists aws:SourceVpce does not restrict (absent key passes)',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }],
    flags: ['publicWrite'],
  },
  {
    name: 'policy variable in a listed key stays public',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEquals: { 'aws:userid': '${aws:username}' } } }],
    flags: ['publicWrite'],
  },
  {
    name: 'aws:PrincipalAccount fixed to the owner: internal',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEquals: { 'aws:PrincipalAccount': OWNER } } }],
    flags: [],
  },
  {
    name: 'a fixed outside account principal: cross-account, not public',
    statements: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: ['s3:GetObject', 's3:PutObject'], Resource: OBJECTS }],
    flags: ['crossAccountRead', 'crossAccountWrite'],
  },
  { name: 'the owner account principal: internal', statements: [{ Effect: 'Allow', Principal: { AWS: OWNER }, Action: 's3:*', Resource: [BUCKET, OBJECTS] }], flags: [] },
  {
    name: 'NotPrincipal in an Allow grants everyone else: public',
    statements: [{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 's3:GetObject', Resource: OBJECTS }],
    flags: ['publicRead'],
  },
  {
    name: 'NotAction s3:Delete* allows GetObject, PutObject and ListBucket',
    statements: [{ Effect: 'Allow', Principal: '*', NotAction: 's3:Delete*', Resource: [BUCKET, OBJECTS] }],
    flags: ['publicRead', 'publicWrite', 'publicList'],
  },
  { name: 'NotAction s3:PutObject* excludes writes', statements: [{ Effect: 'Allow', Principal: '*', NotAction: 's3:PutObject*', Resource: OBJECTS }], flags: ['publicRead'] },
  { name: 's3:Get* covers GetObject', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:Get*', Resource: OBJECTS }], flags: ['publicRead'] },
  { name: 'actions match case-insensitively', statements: [{ Effect: 'Allow', Principal: '*', Action: 'S3:getobject', Resource: OBJECTS }], flags: ['publicRead'] },
  { name: 's3:GetObject? matches GetObjectX only, not GetObject', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject?', Resource: OBJECTS }], flags: [] },
  { name: 'Action "*" and Resource "*"', statements: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }], flags: ['publicRead', 'publicWrite', 'publicList'] },
  { name: 's3:PutObject* covers PutObject', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject*', Resource: OBJECTS }], flags: ['publicWrite'] },
  { name: 'GetObject on the bucket ARN alone grants no object', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: BUCKET }], flags: [] },
  { name: 'ListBucket on objects ARN alone grants no listing', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: OBJECTS }], flags: [] },
  { name: 'ListBucket on the bucket ARN', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: BUCKET }], flags: ['publicList'] },
  { name: 'arn:aws:s3:::* matches objects', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' }], flags: ['publicRead'] },
  { name: 'another bucket grants nothing here', statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }], flags: [] },
  {
    name: 'NotResource excluding every object grants no object',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' }],
    flags: [],
  },
  {
    name: 'NotResource excluding another bucket grants this one',
    statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::other/*' }],
    flags: ['publicRead'],
  },
  {
    name: 'Deny without condition removes the public grant',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS },
      { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS },
    ],
    flags: [],
  },
  {
    name: 'deny unless aws:SourceVpce makes the bucket non-public',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Resource: OBJECTS },
      { Sid: 'VpceOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, OBJECTS], Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
    ],
    flags: [],
  },
  {
    name: 'deny unless aws:SourceVpce with IfExists does not restrict',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: OBJECTS, Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } },
    ],
    flags: ['publicWrite'],
  },
  {
    name: 'Deny on insecure transport only keeps public access',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: OBJECTS, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
    flags: ['publicRead'],
  },
  {
    name: 'Deny on one prefix leaves a whole-bucket grant',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS },
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/private/*' },
    ],
    flags: ['publicRead'],
  },
  {
    name: 'Deny on the whole bucket covers a prefix grant',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/public/*' },
      { Effect: 'Deny', Principal: '*', Action: 's3:Get*', Resource: OBJECTS },
    ],
    flags: [],
  },
  {
    name: 'Deny with NotPrincipal (everyone but the owner) removes the public grant',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS },
      { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 's3:*', Resource: OBJECTS },
    ],
    flags: [],
  },
  {
    name: 'Deny naming one account does not remove a public grant',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS },
      { Effect: 'Deny', Principal: { AWS: OTHER }, Action: 's3:*', Resource: OBJECTS },
    ],
    flags: ['publicRead'],
  },
  {
    name: 'Deny naming the outside account removes its grant',
    statements: [
      { Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:PutObject', Resource: OBJECTS },
      { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:PutObject', Resource: OBJECTS },
    ],
    flags: [],
  },
  {
    name: 'deny unless aws:PrincipalAccount = owner removes an outside account grant',
    statements: [
      { Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:PutObject', Resource: OBJECTS },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: OBJECTS, Condition: { StringNotEquals: { 'aws:PrincipalAccount': OWNER } } },
    ],
    flags: [],
  },
  {
    name: 'service principal without source condition: confused deputy, cross-account',
    statements: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: OBJECTS }],
    flags: ['crossAccountWrite'],
  },
  {
    name: 'service principal with aws:SourceAccount = owner: internal',
    statements: [
      { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEquals: { 'aws:SourceAccount': OWNER } } },
    ],
    flags: [],
  },
  {
    name: 'service principal with aws:SourceArn in another account: cross-account',
    statements: [
      {
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: OBJECTS,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:logs:us-east-1:${OTHER}:log-group:x` } },
      },
    ],
    flags: ['crossAccountWrite'],
  },
];

describe('S3 bucket policy semantics', () => {
  test.each(cases)('$name', ({ statements, flags }) => {
    const a = analyzeS3({ policy: policy(...statements) });
    expect(trueFlags(a.access)).toEqual(flags);
    expect(a.gaps).toEqual([]);
  });

  test('a grant on a prefix is recorded on the writer and the edge', () => {
    const a = analyzeS3({ policy: policy({ Sid: 'Uploads', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/uploads/*' }) });
    expect(a.access.writers).toEqual([expect.objectContaining({ principal: 'principal:internet', prefix: 'uploads/', external: true, conditional: false })]);
    expect(a.access.evidence.publicWrite[0]).toMatchObject({ source: 'bucket-policy', statementIndex: 0, sid: 'Uploads' });
    expect(a.inventory.edges).toEqual([expect.objectContaining({ from: 'principal:internet', to: 'arn:aws:s3:::b', type: 'can-write', prefix: 'uploads/' })]);
  });

  test('an organization grant names the organization principal', () => {
    const a = analyzeS3({ policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }) });
    expect(a.access.writers.map((w) => [w.principal, w.principalType, w.external])).toEqual([['principal:aws-organization:o-abc123', 'organization', true]]);
  });

  test('trusted accounts are listed but not external', () => {
    const a = analyzeS3(
      { policy: policy({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:PutObject', Resource: OBJECTS }) },
      { trustedAccounts: [OTHER], trustedOrganizations: [], trustedProjects: [], trustedDomains: [] },
    );
    expect(a.access.crossAccountWrite).toBe(false);
    expect(a.access.writers).toEqual([expect.objectContaining({ principal: `principal:aws-account:${OTHER}`, external: false })]);
  });

  test('a role named in the policy and present in the inventory becomes the edge source', async () => {
    const { analyzeAccess } = await import('../../src/access/index.js');
    const { inventory, s3Bucket, iamRole } = await import('./builders.js');
    const role = iamRole('trainer');
    const inv = analyzeAccess(
      inventory([s3Bucket('b', { policy: policy({ Effect: 'Allow', Principal: { AWS: role.arn }, Action: 's3:PutObject', Resource: OBJECTS }) }), role]),
      { trustedAccounts: [], trustedOrganizations: [], trustedProjects: [], trustedDomains: [] },
    );
    expect(inv.edges.filter((e) => e.type === 'can-write').map((e) => e.from)).toContain(role.arn);
  });

  test('the network-limited grant is listed as conditional and not public', () => {
    const a = analyzeS3({ policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }) });
    expect(a.access.writers).toEqual([expect.objectContaining({ principal: 'principal:internet', external: false, conditional: true })]);
    expect(a.inventory.edges).toEqual([]);
  });

  test('a public grant whose conditions use other keys is unconditional for an attacker, with the condition in its evidence', () => {
    const a = analyzeS3({ policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }) });
    expect(a.access.writers[0]).toMatchObject({ principal: 'principal:internet', conditional: false });
    expect(a.access.evidence.publicWrite[0].condition).toBe('{"Bool":{"aws:SecureTransport":"true"}}');
    expect(a.inventory.edges).toEqual([expect.objectContaining({ type: 'can-write', conditional: false })]);
  });
});

describe('several Deny-unless statements on a public Allow', () => {
  const allow = { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS };
  const unlessAccount = (account: string) => ({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringNotEquals: { 'aws:PrincipalAccount': account } } });
  const unlessVpce = { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } };
  const writers = (statements: Record<string, unknown>[]) => analyzeS3({ policy: policy(...statements) }).access.writers.map((w) => [w.principal, w.conditional]);

  test('every exception must hold: the named account keeps access, only under the network condition, in any statement order', () => {
    const expected = [[`principal:aws-account:${OWNER}`, true]];
    expect(writers([unlessAccount(OWNER), unlessVpce, allow])).toEqual(expected);
    expect(writers([allow, unlessVpce, unlessAccount(OWNER)])).toEqual(expected);
  });

  test('an outside account named by one Deny is cross-account whichever Deny comes first', () => {
    for (const order of [[unlessVpce, unlessAccount(OTHER), allow], [allow, unlessAccount(OTHER), unlessVpce]]) {
      const r = analyzeS3({ policy: policy(...order) });
      expect(trueFlags(r.access)).toEqual(['crossAccountWrite']);
      expect(r.access.writers.map((w) => w.principal)).toEqual([`principal:aws-account:${OTHER}`]);
    }
  });
});
