/**
 * Identity reach and trust, case by case from the AWS and Google documentation. Each test names the page and the
 * sentence it checks.
 */
import { describe, expect, test } from 'vitest';
import { analyzeAccess } from '../../src/access/index.js';
import { evaluateRuleOn } from '../../src/rules/evaluate.js';
import { loadRuleSet } from '../../src/rules/load.js';
import { noTrust, type AwsIamRole, type GcpIamServiceAccount, type Resource } from '../../src/model/index.js';
import { OTHER, OWNER, gcsBucket, iamRole, inventory, policy, s3Bucket, serviceAccount } from './builders.js';

type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement }) as AwsIamRole['trustPolicy'];
const inline = (...Statement: Statement[]) => [{ name: 'p', document: doc(...Statement) }];
const trustOf = (...Statement: Statement[]) => doc(...Statement);
const ROLE_ARN = `arn:aws:iam::${OWNER}:role/exec`;

function run(resources: Resource[], trust = noTrust()) {
  const inv = analyzeAccess(inventory(resources), trust);
  const byId = new Map(inv.resources.map((r) => [r.id, r]));
  return { inv, get: <T extends Resource>(id: string) => byId.get(id) as T };
}

function roleWith(over: Partial<AwsIamRole>, others: Resource[] = [], trust = noTrust()) {
  const role = iamRole('exec', over);
  const out = run([...others, role], trust);
  const r = out.get<AwsIamRole>(role.id);
  const gapPaths = r.gaps.map((g) => g.path).filter((p) => p.startsWith('reach.')).sort();
  return { ...out, r, reach: r.reach!, gapPaths };
}

const assumers = (over: Partial<AwsIamRole>, others: Resource[] = [], trust = noTrust()) => {
  const { reach, inv, gapPaths } = roleWith(over, others, trust);
  return { principals: reach.assumableBy.map((g) => g.principal), reach, inv, gapPaths };
};

// -------------------------------------------------------------------------------------------------------------------
// Trust policies: IAM User Guide, "AWS JSON policy elements: Principal" (reference_policies_elements_principal.html)
// -------------------------------------------------------------------------------------------------------------------
describe('role trust policy principals', () => {
  // Principal page, "AWS account principals": the account root ARN "delegates" to the account; any principal of that
  // account its administrator allows can assume the role.
  test('an account root ARN is the whole account', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }) });
    expect(a.principals).toEqual([`principal:aws-account:${OTHER}`]);
    expect(a.reach.assumableBy[0]).toMatchObject({ principalType: 'account', external: true, conditional: false });
    expect(a.reach.externallyAssumable).toBe(true);
  });

  // Principal page: "You can specify AWS account identifiers ... "AWS": "123456789012"" (same as the root ARN).
  test('a bare account id is the same as its root ARN', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' }) });
    expect(a.principals).toEqual([`principal:aws-account:${OTHER}`]);
    expect(a.reach.externallyAssumable).toBe(true);
  });

  test('the own account root is internal', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'sts:AssumeRole' }) });
    expect(a.principals).toEqual([`principal:aws-account:${OWNER}`]);
    expect(a.reach.externallyAssumable).toBe(false);
  });

  // Principal page, "IAM role principals" / "IAM user principals": a role or user ARN names that one principal.
  test('a role ARN of the inventory is that role; one outside it is its account', () => {
    const caller = iamRole('caller');
    const a = assumers(
      {
        trustPolicy: trustOf({
          Effect: 'Allow',
          Principal: { AWS: [caller.arn, `arn:aws:iam::${OTHER}:role/partner`, `arn:aws:iam::${OTHER}:user/alice`] },
          Action: 'sts:AssumeRole',
        }),
      },
      [caller],
    );
    expect(a.principals).toEqual([caller.id, `principal:aws-account:${OTHER}`, `principal:aws-account:${OTHER}`]);
    expect(a.reach.assumableBy.map((g) => [g.principalType, g.external])).toEqual([
      ['role', false],
      ['role', true],
      ['user', true],
    ]);
    expect(a.inv.edges.filter((e) => e.type === 'can-assume').map((e) => e.from)).toContain(caller.id);
  });

  // Principal page, "AWS service principals": "the service principal ... lets the service assume the role".
  test('a service principal is internal', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { Service: ['sagemaker.amazonaws.com', 'bedrock.amazonaws.com'] }, Action: 'sts:AssumeRole' }) });
    expect(a.principals).toEqual(['principal:service:sagemaker.amazonaws.com', 'principal:service:bedrock.amazonaws.com']);
    expect(a.reach.externallyAssumable).toBe(false);
  });

  // Confused deputy page (confused-deputy.html): aws:SourceAccount / aws:SourceArn in a role trust policy limit the
  // service to acting for that account: kept as a condition (evidence), the grant is conditional.
  test('a service principal with aws:SourceAccount keeps its condition as evidence', () => {
    const a = assumers({
      trustPolicy: trustOf({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': OWNER } } }),
    });
    expect(a.principals).toEqual(['principal:service:sagemaker.amazonaws.com']);
    expect(a.reach.assumableBy[0].conditional).toBe(true);
    expect(a.reach.assumableBy[0].evidence[0].condition).toContain('aws:SourceAccount');
    expect(a.reach.externallyAssumable).toBe(false);
  });

  // Principal page, "All principals": "Principal": "*" / {"AWS": "*"} lets anyone assume the role; "we strongly
  // recommend that you limit who can access the role through other means, such as a Condition element".
  test.each([['"*"', '*'], ['{"AWS":"*"}', { AWS: '*' }]] as const)('%s is public', (_n, principal) => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }) });
    expect(a.principals).toEqual(['principal:internet']);
    expect(a.reach.externallyAssumable).toBe(true);
    expect(a.reach.assumableBy[0].conditional).toBe(false);
  });

  // "*" with aws:PrincipalOrgID: the organization (Principal page, "All principals", and aws:PrincipalOrgID in
  // reference_policies_condition-keys.html: "all principals from accounts in the organization").
  test('"*" limited by aws:PrincipalOrgID is the organization, external unless trusted', () => {
    const over = { trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }) };
    expect(assumers(over).principals).toEqual(['principal:aws-organization:o-abc']);
    expect(assumers(over).reach.externallyAssumable).toBe(true);
    expect(assumers(over, [], { ...noTrust(), trustedOrganizations: ['o-abc'] }).reach.externallyAssumable).toBe(false);
  });

  // aws:PrincipalOrgID / aws:PrincipalAccount with several values: "the condition key ... matches any of the values"
  // (condition operators page: "multiple values for a single key ... evaluated using a logical OR").
  test('"*" limited to several organizations or accounts names each of them', () => {
    const orgs = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-own', 'o-partner'] } } }) });
    expect(orgs.principals).toEqual(['principal:aws-organization:o-own', 'principal:aws-organization:o-partner']);
    const accounts = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': [OWNER, OTHER] } } }) });
    expect(accounts.principals).toEqual([`principal:aws-account:${OWNER}`, `principal:aws-account:${OTHER}`]);
    expect(accounts.reach.externallyAssumable).toBe(true);
    const own = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': OWNER } } }) });
    expect(own.reach.externallyAssumable).toBe(false);
  });

  // aws:PrincipalArn (condition keys page: "the ARN of the principal that made the request"): "*" limited to one
  // role ARN is that role, not the public.
  test('"*" limited by aws:PrincipalArn is that principal', () => {
    const own = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${OWNER}:role/ci` } } }) });
    expect(own.principals).toEqual([`principal:aws-account:${OWNER}`]);
    expect(own.reach.externallyAssumable).toBe(false);
    const other = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${OTHER}:role/ci` } } }) });
    expect(other.principals).toEqual([`principal:aws-account:${OTHER}`]);
    expect(other.reach.externallyAssumable).toBe(true);
  });

  // A wildcard in the condition value is no limit ("fixed values" only, as for bucket policies): StringLike
  // aws:PrincipalOrgID "o-*" still lets anyone in.
  test('"*" with a wildcard aws:PrincipalOrgID stays public', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }) });
    expect(a.principals).toEqual(['principal:internet']);
    expect(a.reach.externallyAssumable).toBe(true);
  });

  // Principal page / "How to use an external ID" (id_roles_common-scenarios_third-party.html): sts:ExternalId guards
  // against a confused deputy, it does not make the third party part of your account.
  test('another account with sts:ExternalId stays external, conditional, and the evidence says so', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } } }) });
    expect(a.reach.externallyAssumable).toBe(true);
    expect(a.reach.assumableBy[0].conditional).toBe(true);
    expect(a.reach.assumableBy[0].evidence[0].detail).toContain('sts:ExternalId');
    expect(a.inv.edges.find((e) => e.type === 'can-assume')).toMatchObject({ conditional: true });
  });

  test('"*" with only sts:ExternalId is still public (conditional)', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } } }) });
    expect(a.principals).toEqual(['principal:internet']);
    expect(a.reach.externallyAssumable).toBe(true);
    expect(a.reach.assumableBy[0].conditional).toBe(true);
  });

  // Principal page, "Federated user principals" / id_roles_create_for-idp_oidc.html: web identity and SAML
  // providers; the trust policy conditions (aud, sub, SAML:aud) decide which identities of the provider can assume.
  test.each([
    ['OIDC provider without a condition: external', { Federated: `arn:aws:iam::${OWNER}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC` }, undefined, true],
    ['SAML provider with SAML:aud: controlled', { Federated: `arn:aws:iam::${OWNER}:saml-provider/corp` }, { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }, false],
    ['Cognito without the aud (identity pool) condition: external', { Federated: 'cognito-identity.amazonaws.com' }, undefined, true],
    ['Cognito with the identity pool in aud: controlled', { Federated: 'cognito-identity.amazonaws.com' }, { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool-id' } }, false],
    [
      'GitHub OIDC with a sub condition: controlled',
      { Federated: `arn:aws:iam::${OWNER}:oidc-provider/token.actions.githubusercontent.com` },
      { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/repo:*' } },
      false,
    ],
  ] as const)('%s', (_n, principal, condition, external) => {
    const a = assumers({
      trustPolicy: trustOf({ Effect: 'Allow', Principal: principal, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'], ...(condition ? { Condition: condition } : {}) }),
    });
    expect(a.reach.assumableBy).toHaveLength(1);
    expect(a.reach.assumableBy[0].principalType).toBe('federated');
    expect(a.reach.externallyAssumable).toBe(external);
  });

  // id_roles_create_for-idp_oidc.html (GitHub): "the sub condition ... if you don't, any GitHub repository could
  // assume the role": an aud of sts.amazonaws.com is the same for every GitHub workflow.
  test('GitHub OIDC limited only by aud = sts.amazonaws.com is external', () => {
    const a = assumers({
      trustPolicy: trustOf({
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${OWNER}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      }),
    });
    expect(a.reach.externallyAssumable).toBe(true);
  });

  // Policy evaluation logic: "an explicit deny in any policy overrides the allow". A Deny on the same principal
  // removes it; a Deny with a condition only removes it in some requests and is not counted.
  test('a Deny in the trust policy removes the principal it names', () => {
    const a = assumers({
      trustPolicy: trustOf(
        { Effect: 'Allow', Principal: { AWS: [OTHER, OWNER] }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' },
      ),
    });
    expect(a.principals).toEqual([`principal:aws-account:${OWNER}`]);
    expect(a.reach.externallyAssumable).toBe(false);
  });

  test('a Deny on "*" removes every principal; a conditional Deny removes none', () => {
    const denied = assumers({
      trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: '*', Action: 'sts:*' }),
    });
    expect(denied.principals).toEqual([]);
    expect(denied.reach.externallyAssumable).toBe(false);
    const kept = assumers({
      trustPolicy: trustOf(
        { Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ),
    });
    expect(kept.principals).toEqual([`principal:aws-account:${OTHER}`]);
  });

  // A Deny on another action (sts:TagSession) does not remove sts:AssumeRole.
  test('a Deny on another action keeps the principal', () => {
    const a = assumers({
      trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: OTHER }, Action: 'sts:TagSession' }),
    });
    expect(a.principals).toEqual([`principal:aws-account:${OTHER}`]);
  });

  // NotPrincipal page (reference_policies_elements_notprincipal.html): with Allow, "all principals except" those
  // listed, i.e. public; with Deny, everyone except the listed principals is denied, so only they remain.
  test('NotPrincipal in an Allow is public', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', NotPrincipal: { AWS: OTHER }, Action: 'sts:AssumeRole' }) });
    expect(a.principals).toEqual(['principal:internet']);
    expect(a.reach.externallyAssumable).toBe(true);
  });

  test('Deny with NotPrincipal leaves only the listed principals of a public Allow', () => {
    const a = assumers({
      trustPolicy: trustOf({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'sts:AssumeRole' }),
    });
    expect(a.principals).toEqual([`principal:aws-account:${OWNER}`]);
    expect(a.reach.externallyAssumable).toBe(false);
  });

  test('Deny with NotPrincipal removes an outside account it does not list', () => {
    const a = assumers({
      trustPolicy: trustOf(
        { Effect: 'Allow', Principal: { AWS: [OTHER, OWNER] }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', NotPrincipal: { AWS: OWNER }, Action: 'sts:AssumeRole' },
      ),
    });
    expect(a.principals).toEqual([`principal:aws-account:${OWNER}`]);
  });

  // Only the assume actions count: a statement allowing sts:TagSession alone lets no one assume the role.
  test('a statement on sts:TagSession only is not an assumer; sts:* is', () => {
    expect(assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:TagSession' }) }).principals).toEqual([]);
    expect(assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:*' }) }).principals).toEqual([`principal:aws-account:${OTHER}`]);
  });

  test('a declared trusted account is listed but not external', () => {
    const a = assumers({ trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' }) }, [], { ...noTrust(), trustedAccounts: [OTHER] });
    expect(a.principals).toEqual([`principal:aws-account:${OTHER}`]);
    expect(a.reach.externallyAssumable).toBe(false);
  });

  test('an unreadable trust policy is unknown, not "nobody"', () => {
    const a = assumers({ gaps: [{ path: 'trustPolicy', reason: 'AccessDenied: iam:GetRole' }] });
    expect(a.gapPaths).toEqual(['reach.assumableBy', 'reach.externallyAssumable']);
  });
});

// -------------------------------------------------------------------------------------------------------------------
// Identity policies and S3 writes: reference_policies_evaluation-logic.html, reference_policies_elements_action.html,
// reference_policies_elements_notaction.html, reference_policies_elements_resource.html / notresource.html
// -------------------------------------------------------------------------------------------------------------------
describe('identity policy: which buckets a role can write', () => {
  const buckets = () => [s3Bucket('ml-train'), s3Bucket('ml-models'), s3Bucket('logs')];
  const writable = (statements: Statement[], over: Partial<AwsIamRole> = {}, others: Resource[] = buckets()) => {
    const x = roleWith({ inlinePolicies: inline(...statements), ...over }, others);
    return {
      ...x,
      buckets: x.reach.writableBuckets.map((w) => (w.prefix !== undefined ? `${w.bucket.slice(13)}:${w.prefix}` : w.bucket.slice(13))).sort(),
      edges: x.inv.edges.filter((e) => e.from === ROLE_ARN && e.type === 'can-write'),
    };
  };

  test.each([
    // Action page: "You can use wildcards (* or ?) ... "Action": "s3:*" ... "s3:Get*""
    ['s3:PutObject on b/*', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' }], ['ml-train'], false],
    ['s3:Put* on b/*', [{ Effect: 'Allow', Action: 's3:Put*', Resource: 'arn:aws:s3:::ml-train/*' }], ['ml-train'], false],
    ['s3:*Object on b/*', [{ Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::ml-train/*' }], ['ml-train'], false],
    ['s3:?utObject on b/*', [{ Effect: 'Allow', Action: 's3:?utObject', Resource: 'arn:aws:s3:::ml-train/*' }], ['ml-train'], false],
    ['"*" on b/*', [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::ml-train/*' }], ['ml-train'], false],
    // Action page: "action names are case-insensitive"
    ['S3:PUTOBJECT (case-insensitive)', [{ Effect: 'Allow', Action: 'S3:PUTOBJECT', Resource: 'arn:aws:s3:::ml-train/*' }], ['ml-train'], false],
    ['s3:Get* writes nothing', [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }], [], false],
    ['s3:PutObjectAcl only writes nothing', [{ Effect: 'Allow', Action: 's3:PutObjectAcl', Resource: '*' }], [], false],
    // NotAction page: "allows all actions except the ones listed" (with Allow).
    ['NotAction iam:* on "*" is every bucket', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], ['logs', 'ml-models', 'ml-train'], true],
    ['NotAction s3:PutObject writes nothing', [{ Effect: 'Allow', NotAction: ['s3:PutObject', 'iam:*'], Resource: '*' }], [], false],
    // Resource page: "arn:aws:s3:::amzn-s3-demo-bucket/*" objects; wildcards in the bucket name; the bucket ARN alone
    // is the bucket, not its objects.
    ['bucket ARN alone is no object write', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train' }], [], false],
    ['ml-* on objects reaches both ml buckets', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-*/*' }], ['ml-models', 'ml-train'], false],
    ['ml-train* (star spans the /) reaches its objects', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train*' }], ['ml-train'], false],
    ['a prefix is kept', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/output/*' }], ['ml-train:output/'], false],
    ['arn:aws:s3:::* is every bucket', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*' }], ['logs', 'ml-models', 'ml-train'], true],
    ['arn:aws:s3:::*/* is every bucket', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*/*' }], ['logs', 'ml-models', 'ml-train'], true],
    ['"*" is every bucket', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }], ['logs', 'ml-models', 'ml-train'], true],
    // NotResource page: "everything except the listed resources".
    ['NotResource one bucket reaches the others', [{ Effect: 'Allow', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::logs/*' }], ['ml-models', 'ml-train'], true],
    // Evaluation logic: "An explicit deny in any of these policies overrides the allow."
    [
      'a Deny on one bucket removes it',
      [
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' },
      ],
      ['ml-models', 'ml-train'],
      true,
    ],
    [
      'a Deny with s3:Put* removes it',
      [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' },
        { Effect: 'Deny', Action: 's3:Put*', Resource: 'arn:aws:s3:::ml-train/*' },
      ],
      [],
      false,
    ],
    [
      'a Deny on a sub-prefix leaves the bucket (other keys stay writable)',
      [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' },
        { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/private/*' },
      ],
      ['ml-train'],
      false,
    ],
    [
      'a Deny with NotResource removes every bucket but the listed one and cancels the wildcard',
      [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
        { Effect: 'Deny', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::ml-train/*' },
      ],
      ['ml-train'],
      false,
    ],
    [
      'a Deny with NotAction s3:Get* removes writes',
      [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
        { Effect: 'Deny', NotAction: 's3:Get*', Resource: '*' },
      ],
      [],
      false,
    ],
    [
      'a conditional Deny is not counted (it applies to some requests only)',
      [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' },
        { Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
      ['ml-train'],
      false,
    ],
  ] as const)('%s', (_n, statements, expected, wildcard) => {
    const w = writable(statements as unknown as Statement[]);
    expect(w.buckets).toEqual(expected);
    expect(w.reach.wildcardS3Write).toBe(wildcard);
    expect(w.edges.map((e) => e.to.slice(13)).sort()).toEqual([...new Set(expected.map((b) => b.split(':')[0]))].sort());
  });

  // Condition page: an Allow with a condition grants only when it holds: listed, conditional.
  test('an Allow with a condition is conditional', () => {
    const w = writable([{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }]);
    expect(w.buckets).toEqual(['ml-train']);
    expect(w.edges[0]).toMatchObject({ conditional: true });
    expect(w.reach.writableBuckets[0].evidence[0].condition).toContain('s3:x-amz-acl');
  });

  // Evaluation logic: statements of every attached and inline policy are combined; a Deny in one overrides an Allow
  // in another.
  test('a Deny in a managed policy overrides an Allow in an inline policy', () => {
    const w = writable([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }], {
      attachedPolicies: [{ arn: `arn:aws:iam::${OWNER}:policy/guard`, name: 'guard', document: doc({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::ml-models/*' }) }],
    });
    expect(w.buckets).toEqual(['logs', 'ml-train']);
  });

  // Cross-account evaluation (reference_policies_evaluation-logic-cross-account.html): "the identity-based policy and
  // the resource-based policy must both allow" a request to another account's resource.
  test('another account\'s bucket needs both the identity policy and the bucket policy', () => {
    const grants = s3Bucket('partner-in', { account: OTHER, policy: policy({ Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::partner-in/*' }) });
    const silent = s3Bucket('partner-closed', { account: OTHER });
    const w = writable([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }], {}, [grants, silent]);
    expect(w.buckets).toEqual(['partner-in']);
    const none = writable([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], {}, [grants]);
    expect(none.buckets).toEqual([]);
  });

  // Evaluation logic, same account: "if an action is allowed by an identity-based policy, a resource-based policy, or
  // both, then AWS allows the action" (a bucket policy naming the role ARN is enough on its own).
  test('a bucket policy of the same account naming the role grants write without an identity policy', () => {
    const b = s3Bucket('team', { policy: policy({ Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::team/*' }) });
    const w = writable([], {}, [b]);
    expect(w.buckets).toEqual(['team']);
  });

  // Evaluation logic: "an explicit deny in any policy" - a bucket policy Deny naming the role removes the bucket from
  // the role's reach even when its identity policy allows it.
  test('a bucket policy Deny naming the role removes the bucket', () => {
    const b = s3Bucket('locked', { policy: policy({ Effect: 'Deny', Principal: { AWS: ROLE_ARN }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::locked/*' }) });
    const all = s3Bucket('locked-all', { policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::locked-all', 'arn:aws:s3:::locked-all/*'] }) });
    const w = writable([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }], {}, [b, all, s3Bucket('open')]);
    expect(w.buckets).toEqual(['open']);
  });

  test('an unreadable attached policy makes false values unknown, never clean', () => {
    const w = writable([{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' }], {
      attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/X', name: 'X', document: null }],
    });
    expect(w.buckets).toEqual(['ml-train']);
    expect(w.gapPaths).toEqual(['reach.canPassRole', 'reach.wildcardS3Write', 'reach.writableBuckets']);
  });
});

// -------------------------------------------------------------------------------------------------------------------
// Permissions boundaries: access_policies_boundaries.html, "An entity's permissions boundary allows it to perform only
// the actions that are allowed by both its identity-based policies and its permissions boundaries." Not modelled.
// -------------------------------------------------------------------------------------------------------------------
describe('permissions boundary (not evaluated)', () => {
  const BOUNDARY = `arn:aws:iam::${OWNER}:policy/boundary`;
  test('role edges become conditional and the evidence names the boundary', () => {
    const { inv, reach } = roleWith({ permissionsBoundaryArn: BOUNDARY, inlinePolicies: inline({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ml-train/*' }) }, [s3Bucket('ml-train')]);
    expect(reach.writableBuckets.map((w) => w.bucket)).toEqual(['arn:aws:s3:::ml-train']);
    expect(reach.writableBuckets[0].evidence.map((e) => e.detail).join(' ')).toContain(BOUNDARY);
    expect(inv.edges.find((e) => e.from === ROLE_ARN && e.type === 'can-write')).toMatchObject({ conditional: true });
  });

  test('wildcard S3 write and PassRole on "*" are unknown, not true, under an unread boundary', () => {
    const { reach, gapPaths } = roleWith({
      permissionsBoundaryArn: BOUNDARY,
      inlinePolicies: inline({ Effect: 'Allow', Action: ['s3:PutObject', 'iam:PassRole'], Resource: '*' }),
    });
    expect(reach.wildcardS3Write).toBe(true);
    expect(reach.canPassRole).toBe(true);
    expect(gapPaths).toEqual(['reach.canPassRole', 'reach.wildcardS3Write']);
  });

  test('a boundary never makes a false value unknown (it only narrows)', () => {
    const { reach, gapPaths } = roleWith({ permissionsBoundaryArn: BOUNDARY, inlinePolicies: inline({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) });
    expect(reach.wildcardS3Write).toBe(false);
    expect(gapPaths).toEqual([]);
  });

  // "Permissions boundaries do not define the maximum permissions that a resource-based policy can grant"
  // (PutRolePermissionsBoundary API reference): trust is unaffected.
  test('the trust policy is unaffected', () => {
    const { reach, gapPaths } = roleWith({ permissionsBoundaryArn: BOUNDARY, trustPolicy: trustOf({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' }) });
    expect(reach.externallyAssumable).toBe(true);
    expect(gapPaths).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------------------------------
// iam:PassRole: id_roles_use_passrole.html ("To pass a role ... a user must have permission to pass the role")
// -------------------------------------------------------------------------------------------------------------------
describe('iam:PassRole scoping', () => {
  test.each([
    ['iam:PassRole on "*"', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }], true],
    ['iam:* on "*"', [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }], true],
    ['"*" on "*"', [{ Effect: 'Allow', Action: '*', Resource: '*' }], true],
    ['iam:passrole (case-insensitive)', [{ Effect: 'Allow', Action: 'iam:passrole', Resource: '*' }], true],
    ['NotAction s3:* on "*" includes PassRole', [{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }], true],
    ['every role of the account: role/*', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${OWNER}:role/*` }], true],
    ['every role of any account: arn:aws:iam::*:role/*', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' }], true],
    ['one role ARN is scoped', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${OWNER}:role/sagemaker-exec` }], false],
    ['a name prefix is scoped', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${OWNER}:role/sagemaker-*` }], false],
    ['a path is scoped', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${OWNER}:role/service-role/*` }], false],
    ['iam:GetRole on "*" passes nothing', [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }], false],
    [
      'a Deny of PassRole on "*" cancels it',
      [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
      ],
      false,
    ],
    [
      'a Deny on every role of the account cancels it',
      [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: `arn:aws:iam::${OWNER}:role/*` },
      ],
      false,
    ],
    [
      'a Deny on one role does not cancel it',
      [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: `arn:aws:iam::${OWNER}:role/admin` },
      ],
      true,
    ],
  ] as const)('%s', (_n, statements, expected) => {
    expect(roleWith({ inlinePolicies: inline(...(statements as unknown as Statement[])) }).reach.canPassRole).toBe(expected);
  });
});

// -------------------------------------------------------------------------------------------------------------------
// Google Cloud: service accounts
// -------------------------------------------------------------------------------------------------------------------
describe('GCP service account reach', () => {
  const email = 'trainer@ml-project.iam.gserviceaccount.com';
  const sa = (over: Partial<GcpIamServiceAccount> = {}) => serviceAccount(email, over);
  const reachOf = (over: Partial<GcpIamServiceAccount>, others: Resource[] = [gcsBucket('a'), gcsBucket('b'), gcsBucket('elsewhere', { account: 'other-project', projectNumber: '999' })]) => {
    const s = sa(over);
    const x = run([...others, s]);
    const r = x.get<GcpIamServiceAccount>(s.id);
    return { ...x, reach: r.reach!, gapPaths: r.gaps.map((g) => g.path).filter((p) => p.startsWith('reach.')).sort(), buckets: r.reach!.writableBuckets.map((w) => w.bucket.split('/').pop()) };
  };

  // IAM overview, "Policy inheritance": "resources inherit the allow policies of all of their parent resources" -
  // a storage role on the project reaches every bucket of the project (IAM roles for Cloud Storage).
  test.each([
    ['roles/storage.objectCreator', true],
    ['roles/storage.objectUser', true],
    ['roles/storage.objectAdmin', true],
    ['roles/storage.admin', true],
    ['roles/editor', true],
    ['roles/owner', true],
    ['roles/storage.objectViewer', false],
    ['roles/viewer', false],
    ['roles/aiplatform.user', false],
  ] as const)('project-level %s writes every bucket of the project: %s', (role, writes) => {
    const r = reachOf({ projectRoles: [role] });
    expect(r.buckets).toEqual(writes ? ['a', 'b'] : []);
    expect(r.reach.wildcardS3Write).toBe(writes);
  });

  test('a bucket-level binding reaches that bucket only, even in another project', () => {
    const b = gcsBucket('shared', { account: 'other-project', projectNumber: '999', iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.objectCreator', members: [`serviceAccount:${email}`] }] } });
    const r = reachOf({}, [gcsBucket('a'), b]);
    expect(r.buckets).toEqual(['shared']);
    expect(r.reach.wildcardS3Write).toBe(false);
  });

  // IAM conditions (conditions-overview.html): a conditional binding holds only when its condition does.
  test('a conditional bucket binding is a conditional edge', () => {
    const b = gcsBucket('cond', {
      iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.objectCreator', members: [`serviceAccount:${email}`], condition: { title: 't', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } }] },
    });
    const r = reachOf({}, [b]);
    expect(r.buckets).toEqual(['cond']);
    expect(r.inv.edges.find((e) => e.type === 'can-write' && e.to === b.id)).toMatchObject({ conditional: true });
  });

  test('a custom project role is read from its permissions; an unknown one is unknown', () => {
    const writes = reachOf({ projectRoles: ['projects/ml-project/roles/uploader'], customRoles: { 'projects/ml-project/roles/uploader': ['storage.objects.create'] } });
    expect(writes.reach.wildcardS3Write).toBe(true);
    const unknown = reachOf({ projectRoles: ['projects/ml-project/roles/mystery'] });
    expect(unknown.reach.wildcardS3Write).toBe(false);
    expect(unknown.gapPaths).toEqual(expect.arrayContaining(['reach.wildcardS3Write', 'reach.writableBuckets']));
  });

  test('unreadable project roles are unknown, not "no access"', () => {
    const r = reachOf({ gaps: [{ path: 'projectRoles', reason: 'PERMISSION_DENIED' }] });
    expect(r.gapPaths).toEqual(expect.arrayContaining(['reach.canPassRole', 'reach.wildcardS3Write', 'reach.writableBuckets']));
  });

  // service-account-permissions.html: "The Service Account User role (roles/iam.serviceAccountUser) lets a principal
  // attach a service account to a resource"; the Service Account Token Creator role lets principals "create
  // short-lived credentials" (impersonate). Granted on the project, they apply to every service account of it.
  test.each([
    ['roles/iam.serviceAccountUser', true],
    ['roles/iam.serviceAccountTokenCreator', true],
    ['roles/editor', true],
    ['roles/owner', true],
    ['roles/iam.serviceAccountViewer', false],
    ['roles/storage.admin', false],
  ] as const)('project-level %s can act as every service account: %s', (role, expected) => {
    expect(reachOf({ projectRoles: [role] }).reach.canPassRole).toBe(expected);
  });

  test('a custom role with iam.serviceAccounts.actAs acts as every service account; an unknown custom role is unknown', () => {
    const actAs = reachOf({ projectRoles: ['projects/ml-project/roles/deployer'], customRoles: { 'projects/ml-project/roles/deployer': ['iam.serviceAccounts.actAs'] } });
    expect(actAs.reach.canPassRole).toBe(true);
    const unknown = reachOf({ projectRoles: ['projects/ml-project/roles/mystery'] });
    expect(unknown.reach.canPassRole).toBe(false);
    expect(unknown.gapPaths).toContain('reach.canPassRole');
  });

  // Who can impersonate a service account is its own IAM policy, which is not collected: unknown, never "nobody".
  test('who can impersonate it is unknown', () => {
    expect(reachOf({}).gapPaths).toEqual(expect.arrayContaining(['reach.assumableBy', 'reach.externallyAssumable']));
  });

  // service-account-types.html, "Default service accounts": the Compute Engine default service account
  // (PROJECT_NUMBER-compute@developer.gserviceaccount.com) is granted Editor automatically unless the organization
  // policy disables it; with Editor at project level it writes every bucket of the project.
  test('the default compute service account with its automatic Editor grant writes every bucket', () => {
    const dc = serviceAccount('123456789-compute@developer.gserviceaccount.com', { isDefaultCompute: true, projectRoles: ['roles/editor'] });
    const x = run([gcsBucket('a'), dc]);
    const r = x.get<GcpIamServiceAccount>(dc.id);
    expect(r.reach!.wildcardS3Write).toBe(true);
    expect(r.reach!.canPassRole).toBe(true);
  });

  // service-agents.html: the Vertex AI service agent service-PROJECT_NUMBER@gcp-sa-aiplatform.iam.gserviceaccount.com
  // belongs to the project; a bucket binding naming it is internal, and its edge starts at the account when listed.
  test('the Vertex AI service agent named on a bucket of its project is internal', () => {
    const agentEmail = 'service-123456789@gcp-sa-aiplatform.iam.gserviceaccount.com';
    const agent = serviceAccount(agentEmail);
    const b = gcsBucket('models', { iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.objectAdmin', members: [`serviceAccount:${agentEmail}`] }] } });
    const x = run([b, agent]);
    expect(x.get<GcpIamServiceAccount>(agent.id).reach!.writableBuckets.map((w) => w.bucket)).toEqual([b.id]);
    expect(x.get<typeof b>(b.id).access!.crossAccountWrite).toBe(false);
  });
});

// -------------------------------------------------------------------------------------------------------------------
// The rules that read `reach.*` see these results: true fails, unknown stays unknown, false passes.
// -------------------------------------------------------------------------------------------------------------------
describe('rules on reach', () => {
  const rules = new Map(loadRuleSet().rules.map((r) => [r.id, r]));
  const status = (id: string, resource: Resource) => evaluateRuleOn(rules.get(id)!, resource).status;

  test('AWS-IAM-020 / 021 fail on "*", are unknown under a permissions boundary, pass when scoped', () => {
    const wide = inline({ Effect: 'Allow', Action: ['s3:PutObject', 'iam:PassRole'], Resource: '*' });
    const open = roleWith({ inlinePolicies: wide }).r;
    const bounded = roleWith({ inlinePolicies: wide, permissionsBoundaryArn: `arn:aws:iam::${OWNER}:policy/boundary` }).r;
    const scoped = roleWith({ inlinePolicies: inline({ Effect: 'Allow', Action: ['s3:PutObject', 'iam:PassRole'], Resource: [`arn:aws:s3:::ml-train/*`, `arn:aws:iam::${OWNER}:role/sagemaker-*`] }) }).r;
    expect(['AWS-IAM-020', 'AWS-IAM-021'].map((id) => [status(id, open), status(id, bounded), status(id, scoped)])).toEqual([
      ['fail', 'unknown', 'pass'],
      ['fail', 'unknown', 'pass'],
    ]);
  });

  test('AWS-IAM-050 fails for a SageMaker role that GitHub OIDC can assume without a sub condition', () => {
    const github = { Federated: `arn:aws:iam::${OWNER}:oidc-provider/token.actions.githubusercontent.com` };
    const trust = (condition: Record<string, unknown>) =>
      trustOf({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: github, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition });
    const audOnly = roleWith({ trustPolicy: trust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }) }).r;
    const withSub = roleWith({ trustPolicy: trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:my-org/ml:*' } }) }).r;
    expect([status('AWS-IAM-050', audOnly), status('AWS-IAM-050', withSub)]).toEqual(['fail', 'pass']);
  });
});
