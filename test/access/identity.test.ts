import { describe, expect, test } from 'vitest';
import { analyzeAccess } from '../../src/access/index.js';
import { noTrust, type AwsIamRole, type GcpIamServiceAccount, type Resource } from '../../src/model/index.js';
import { OTHER, OWNER, gcsBucket, iamRole, inventory, policy, s3Bucket, serviceAccount } from './builders.js';

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement }) as AwsIamRole['trustPolicy'];
const inline = (...Statement: Record<string, unknown>[]) => [{ name: 'p', document: doc(...Statement) }];

function run(resources: Resource[], trust = noTrust()) {
  const inv = analyzeAccess(inventory(resources), trust);
  const byId = new Map(inv.resources.map((r) => [r.id, r]));
  return { inv, get: (id: string) => byId.get(id) as Resource };
}

const buckets = () => [s3Bucket('ml-train'), s3Bucket('ml-models'), s3Bucket('logs')];

describe('IAM role reach', () => {
  test.each([
    ['s3:PutObject on one bucket', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' }], ['arn:aws:s3:::ml-train'], false],
    ['s3:* on ml-*/* reaches the ml buckets', [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::ml-*/*' }], ['arn:aws:s3:::ml-models', 'arn:aws:s3:::ml-train'], false],
    ['s3:PutObject on "*" reaches every bucket and is a wildcard', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }], ['arn:aws:s3:::logs', 'arn:aws:s3:::ml-models', 'arn:aws:s3:::ml-train'], true],
    ['"*" on arn:aws:s3:::*/* is a wildcard', [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::*/*' }], ['arn:aws:s3:::logs', 'arn:aws:s3:::ml-models', 'arn:aws:s3:::ml-train'], true],
    ['s3:GetObject only writes nothing', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], [], false],
    ['bucket ARN only writes no object', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train' }], [], false],
    [
      'a Deny removes a bucket from a wildcard grant and cancels the wildcard',
      [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::ml-*' + '/*' },
      ],
      ['arn:aws:s3:::logs'],
      true,
    ],
    [
      'a Deny on every bucket cancels the wildcard',
      [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
        { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
      ],
      [],
      false,
    ],
  ] as const)('%s', (_name, statements, writable, wildcard) => {
    const role = iamRole('exec', { inlinePolicies: inline(...(statements as unknown as Record<string, unknown>[])) });
    const { inv, get } = run([...buckets(), role]);
    const r = get(role.id) as AwsIamRole;
    expect(r.reach!.writableBuckets.map((w) => w.bucket).sort()).toEqual(writable);
    expect(r.reach!.wildcardS3Write).toBe(wildcard);
    expect(inv.edges.filter((e) => e.from === role.id && e.type === 'can-write').map((e) => e.to).sort()).toEqual(writable);
  });

  test('prefix grants are kept on the reach and the edge', () => {
    const role = iamRole('exec', { inlinePolicies: inline({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/output/*' }) });
    const { inv, get } = run([...buckets(), role]);
    expect((get(role.id) as AwsIamRole).reach!.writableBuckets).toEqual([expect.objectContaining({ bucket: 'arn:aws:s3:::ml-train', prefix: 'output/' })]);
    expect(inv.edges.find((e) => e.from === role.id)).toMatchObject({ prefix: 'output/', type: 'can-write' });
  });

  test('a bucket in another account needs its bucket policy to grant the role', () => {
    const foreign = s3Bucket('partner', { account: OTHER });
    const granted = s3Bucket('partner-open', { account: OTHER, policy: policy({ Effect: 'Allow', Principal: { AWS: OWNER }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::partner-open/*' }) });
    const role = iamRole('exec', { inlinePolicies: inline({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }) });
    const { get } = run([foreign, granted, role]);
    expect((get(role.id) as AwsIamRole).reach!.writableBuckets.map((w) => w.bucket)).toEqual(['arn:aws:s3:::partner-open']);
  });

  test('a bucket anyone can write is in the reach of its own account\'s roles only, and is reached through its public edge', () => {
    const openPolicy = (name: string) => policy({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${name}/*` });
    const foreignOpen = s3Bucket('world-drop', { account: OTHER, policy: openPolicy('world-drop') });
    const ownOpen = s3Bucket('team-drop', { policy: openPolicy('team-drop') });
    const role = iamRole('exec', { inlinePolicies: inline({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }) });
    const { inv, get } = run([foreignOpen, ownOpen, role]);
    expect((get(role.id) as AwsIamRole).reach!.writableBuckets.map((w) => w.bucket)).toEqual(['arn:aws:s3:::team-drop']);
    expect(inv.edges.filter((e) => e.to === foreignOpen.id && e.type === 'can-write').map((e) => e.from)).toEqual(['principal:internet']);
  });

  test('two statements reaching the same bucket give one entry with both evidences', () => {
    const role = iamRole('exec', {
      inlinePolicies: inline({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:Put*', Resource: 'arn:aws:s3:::ml-train/*' }),
    });
    const r = run([s3Bucket('ml-train'), role]).get(role.id) as AwsIamRole;
    expect(r.reach!.writableBuckets).toHaveLength(1);
    expect(r.reach!.writableBuckets[0].evidence).toHaveLength(2);
  });

  test('iam:PassRole on "*" sets canPassRole', () => {
    const role = iamRole('exec', { attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/X', name: 'X', document: doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }) }] });
    expect((run([role]).get(role.id) as AwsIamRole).reach!.canPassRole).toBe(true);
  });

  test('an unreadable attached policy makes false values unknown', () => {
    const role = iamRole('exec', { attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/X', name: 'X', document: null }] });
    const r = run([role]).get(role.id) as AwsIamRole;
    expect(r.gaps.map((g) => g.path).sort()).toEqual(['reach.canPassRole', 'reach.wildcardS3Write', 'reach.writableBuckets']);
  });

  test('a conditional and an unconditional write to one bucket: an entry each, and the edge holds unconditionally', () => {
    const role = iamRole('exec', {
      inlinePolicies: inline(
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' },
      ),
    });
    const { inv, get } = run([...buckets(), role]);
    expect((get(role.id) as AwsIamRole).reach!.writableBuckets.map((w) => [w.bucket, w.evidence.map((e) => e.statementIndex)])).toEqual([
      ['arn:aws:s3:::ml-train', [0]],
      ['arn:aws:s3:::ml-train', [1]],
    ]);
    expect(inv.edges.filter((e) => e.from === role.id).map((e) => [e.to, e.conditional, e.evidence?.map((x) => x.statementIndex)])).toEqual([
      ['arn:aws:s3:::ml-train', false, [0, 1]],
    ]);
  });
});

describe('IAM role trust', () => {
  test.each([
    ['SageMaker service only: not external', { Service: 'sagemaker.amazonaws.com' }, undefined, ['principal:service:sagemaker.amazonaws.com'], false],
    ['another account root: external', { AWS: `arn:aws:iam::${OTHER}:root` }, undefined, [`principal:aws-account:${OTHER}`], true],
    ['another account with sts:ExternalId: still external, conditional', { AWS: OTHER }, { StringEquals: { 'sts:ExternalId': 'abc' } }, [`principal:aws-account:${OTHER}`], true],
    ['"*": public', '*', undefined, ['principal:internet'], true],
    ['"*" limited by aws:PrincipalOrgID: the organization', '*', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }, ['principal:aws-organization:o-1'], true],
    ['own account: internal', { AWS: OWNER }, undefined, [`principal:aws-account:${OWNER}`], false],
    ['federated OIDC without condition: external', { Federated: `arn:aws:iam::${OWNER}:oidc-provider/token.actions.githubusercontent.com` }, undefined, [`principal:federated:arn:aws:iam::${OWNER}:oidc-provider/token.actions.githubusercontent.com`], true],
    ['federated OIDC with a sub condition: internal', { Federated: `arn:aws:iam::${OWNER}:oidc-provider/token.actions.githubusercontent.com` }, { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/repo:*' } }, [`principal:federated:arn:aws:iam::${OWNER}:oidc-provider/token.actions.githubusercontent.com`], false],
  ] as const)('%s', (_name, principal, condition, principals, external) => {
    const role = iamRole('exec', { trustPolicy: doc({ Effect: 'Allow', Principal: principal, Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'], ...(condition ? { Condition: condition } : {}) }) });
    const { inv, get } = run([role]);
    const r = get(role.id) as AwsIamRole;
    expect(r.reach!.assumableBy.map((g) => g.principal)).toEqual(principals);
    expect(r.reach!.externallyAssumable).toBe(external);
    expect(inv.edges.filter((e) => e.type === 'can-assume').map((e) => [e.from, e.to, !!e.conditional])).toEqual(principals.map((p) => [p, role.id, !!condition]));
    if (JSON.stringify(condition ?? {}).includes('sts:ExternalId')) expect(r.reach!.assumableBy[0].evidence[0].detail).toContain('sts:ExternalId');
  });

  test('trusted accounts are listed but not external', () => {
    const role = iamRole('exec', { trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' }) });
    const r = run([role], { ...noTrust(), trustedAccounts: [OTHER] }).get(role.id) as AwsIamRole;
    expect(r.reach!.externallyAssumable).toBe(false);
    expect(r.reach!.assumableBy[0].external).toBe(false);
  });

  test.each([
    ['gaps on both lists and two documents not collected', ['inlinePolicies', 'attachedPolicies'], ['A', 'B'], 'identity policy unknown: inlinePolicies denied; attachedPolicies denied; document of A not collected; document of B not collected'],
    ['a gap on the inline list alone', ['inlinePolicies'], [], 'identity policy unknown: inlinePolicies denied'],
    ['a document not collected alone', [], ['A'], 'identity policy unknown: document of A not collected'],
    ['nothing unread', [], [], undefined],
  ])('identity policies unread, %s: one reason, each cause once, in order', (_, gapped, missing, reason) => {
    const role = iamRole('exec', {
      gaps: gapped.map((path) => ({ path, reason: `${path} denied` })),
      attachedPolicies: missing.map((arn) => ({ arn, name: arn, document: null })),
    });
    const r = run([role]).get(role.id) as AwsIamRole;
    expect(r.gaps.find((g) => g.path === 'reach.writableBuckets')?.reason).toBe(reason);
  });

  test('a gapped trust policy makes assumableBy unknown', () => {
    const role = iamRole('exec', { gaps: [{ path: 'trustPolicy', reason: 'AccessDenied' }] });
    const r = run([role]).get(role.id) as AwsIamRole;
    expect(r.gaps.map((g) => g.path).filter((p) => p.startsWith('reach.'))).toEqual(['reach.assumableBy', 'reach.externallyAssumable']);
  });

  test('the empty assumableBy of a gapped trust policy, one list for every scan, cannot be changed through a result', () => {
    const gapped = () => iamRole('exec', { gaps: [{ path: 'trustPolicy', reason: 'AccessDenied' }] });
    const first = run([gapped()]).get(gapped().id) as AwsIamRole;
    expect(() => first.reach!.assumableBy.push({ principal: 'principal:internet', principalType: 'public', external: true, access: [], conditional: false, evidence: [] })).toThrow(TypeError);
    expect((run([gapped()]).get(gapped().id) as AwsIamRole).reach!.assumableBy).toEqual([]);
  });
});

describe('GCP service account reach', () => {
  const email = 'trainer@ml-project.iam.gserviceaccount.com';
  test('project-level storage.objectAdmin reaches every bucket of its project', () => {
    const sa = serviceAccount(email, { projectRoles: ['roles/storage.objectAdmin'] });
    const { inv, get } = run([gcsBucket('a'), gcsBucket('b'), gcsBucket('elsewhere', { account: 'other-project', projectNumber: '999' }), sa]);
    const r = get(sa.id) as GcpIamServiceAccount;
    expect(r.reach!.writableBuckets.map((w) => w.bucket)).toEqual(['//storage.googleapis.com/projects/_/buckets/a', '//storage.googleapis.com/projects/_/buckets/b']);
    expect(r.reach!.wildcardS3Write).toBe(true);
    expect(inv.edges.filter((e) => e.from === sa.id)).toHaveLength(2);
  });

  test('a bucket binding naming it gives write to that bucket, with the SA node as edge source', () => {
    const sa = serviceAccount(email);
    const b = gcsBucket('data', { account: 'other-project', projectNumber: '999', iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.objectCreator', members: [`serviceAccount:${email}`] }] } });
    const { inv, get } = run([b, sa]);
    expect((get(sa.id) as GcpIamServiceAccount).reach!.writableBuckets.map((w) => w.bucket)).toEqual([b.id]);
    expect(inv.edges.filter((e) => e.type === 'can-write').map((e) => e.from)).toEqual([sa.id]);
    expect((get(b.id) as typeof b).access!.crossAccountWrite).toBe(true); // the SA belongs to ml-project, the bucket to other-project
  });

  test('roles/viewer grants no write', () => {
    const sa = serviceAccount(email, { projectRoles: ['roles/viewer'] });
    expect((run([gcsBucket('a'), sa]).get(sa.id) as GcpIamServiceAccount).reach!.writableBuckets).toEqual([]);
  });
});

describe('IAM role reach evidence', () => {
  test('roles with the same statement and no boundary share one evidence list for a bucket of their account', () => {
    const st = { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' };
    const { get } = run([...buckets(), iamRole('a', { inlinePolicies: inline(st) }), iamRole('b', { inlinePolicies: inline(st) })]);
    const [a, b] = ['a', 'b'].map((name) => (get(`arn:aws:iam::${OWNER}:role/${name}`) as AwsIamRole).reach!.writableBuckets);
    expect(a.map((w) => w.bucket)).toEqual(['arn:aws:s3:::ml-train']);
    expect(b[0].evidence).toEqual(a[0].evidence);
    expect(Object.isFrozen(a[0].evidence)).toBe(true);
    expect(b[0].evidence).toBe(a[0].evidence);
  });
});
