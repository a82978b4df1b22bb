import { describe, expect, test } from 'vitest';
import type { PublicAccessBlock, S3Grant } from '../../src/model/index.js';
import { OTHER, OWNER, policy } from './builders.js';
import { analyzeS3, gapPaths, trueFlags } from './helpers.js';

// Cases written from the AWS documentation, one per documented rule or example. Page abbreviations:
// BPA    = S3 User Guide, "Blocking public access to your Amazon S3 storage" (access-control-block-public-access.html)
// ACL    = S3 User Guide, "Access control list (ACL) overview" (acl-overview.html)
// OWN    = S3 User Guide, "Controlling ownership of objects and disabling ACLs" (about-object-ownership.html)
// EVAL   = IAM User Guide, "Policy evaluation logic" (reference_policies_evaluation-logic.html)
// XACCT  = IAM User Guide, "Cross-account policy evaluation logic" (reference_policies_evaluation-logic-cross-account.html)
// PRIN   = IAM User Guide, "AWS JSON policy elements: Principal" (reference_policies_elements_principal.html)
// NOTP / NOTA / NOTR = IAM User Guide, NotPrincipal / NotAction / NotResource element pages
// ACT / RES = IAM User Guide, Action / Resource element pages

const OBJECTS = 'arn:aws:s3:::b/*';
const BUCKET = 'arn:aws:s3:::b';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

const group = (uri: string, permission: S3Grant['permission']): S3Grant => ({ grantee: { type: 'Group', uri }, permission });
const user = (id: string, permission: S3Grant['permission']): S3Grant => ({ grantee: { type: 'CanonicalUser', id }, permission });
const acl = (...grants: S3Grant[]) => ({ ownerId: 'owner-canonical', grants });
const bpa = (over: Partial<PublicAccessBlock>): PublicAccessBlock => ({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false, ...over });
const allow = (over: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, ...over });
const deny = (over: Record<string, unknown>) => ({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, ...over });
const flagsOf = (...statements: Record<string, unknown>[]) => trueFlags(analyzeS3({ policy: policy(...statements) }).access);
const onlyIf = (op: string, key: string, value: unknown) => ({ Condition: { [op]: { [key]: value } } });

describe('BPA, "The meaning of public": the guide\'s example policies', () => {
  // BPA: "Under these rules, the following example policies are considered public."
  test('Federated graph.facebook.com PutObject on "*" is public', () => {
    expect(flagsOf({ Principal: { Federated: 'graph.facebook.com' }, Resource: '*', Action: 's3:PutObject', Effect: 'Allow' })).toEqual(['publicWrite']);
  });
  test('Principal "*" PutObject on "*" is public', () => {
    expect(flagsOf({ Principal: '*', Resource: '*', Action: 's3:PutObject', Effect: 'Allow' })).toEqual(['publicWrite']);
  });
  test('StringLike aws:SourceVpc "vpc-*" is public', () => {
    expect(flagsOf({ Principal: '*', Resource: '*', Action: 's3:PutObject', Effect: 'Allow', ...onlyIf('StringLike', 'aws:SourceVpc', 'vpc-*') })).toEqual(['publicWrite']);
  });
  // BPA: "you can make the last policy preceding non-public by setting aws:SourceVpc to a fixed value"
  test('StringEquals aws:SourceVpc "vpc-91237329" is not public', () => {
    const a = analyzeS3({ policy: policy({ Principal: '*', Resource: '*', Action: 's3:PutObject', Effect: 'Allow', ...onlyIf('StringEquals', 'aws:SourceVpc', 'vpc-91237329') }) });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.conditionalPublic).toBe(false);
  });
});

describe('BPA, "The meaning of public": each listed key with a fixed value makes the statement non-public', () => {
  // BPA: "a bucket policy must grant access only to fixed values (values that don't contain a wildcard or an AWS
  // Identity and Access Management Policy Variable) for one or more of the following"
  test.each([
    ['aws:SourceArn', 'ArnEquals', `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/t`],
    ['aws:SourceVpc', 'StringEquals', 'vpc-1a2b3c4d'],
    ['aws:SourceVpce', 'StringEquals', 'vpce-1a2b3c4d'],
    ['aws:SourceOwner', 'StringEquals', OWNER],
    ['aws:SourceAccount', 'StringEquals', OWNER],
    ['s3:x-amz-server-side-encryption-aws-kms-key-id', 'StringEquals', `arn:aws:kms:us-east-1:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ['aws:userid', 'StringEquals', 'AIDACKCEVSQ6C2EXAMPLE'],
    ['s3:DataAccessPointArn', 'StringEquals', `arn:aws:s3:us-west-2:${OWNER}:accesspoint/ap1`],
    ['s3:DataAccessPointAccount', 'StringEquals', OWNER],
    ['aws:PrincipalOrgID', 'StringEquals', 'o-abc123'],
    ['aws:PrincipalAccount', 'StringEquals', OWNER],
    ['aws:SourceIp', 'IpAddress', '192.0.2.0/24'],
  ])('%s (%s) with a fixed value', (key, op, value) => {
    const a = analyzeS3({ policy: policy(allow({ Action: ['s3:GetObject', 's3:PutObject'], ...onlyIf(op, key, value) })) });
    expect(a.access.publicRead || a.access.publicWrite).toBe(false);
  });

  // BPA note on s3:DataAccessPointArn: "this value can contain a wildcard for the access point name without rendering
  // the policy public, as long as the account id is fixed"
  test('s3:DataAccessPointArn with a wildcard access point name and a fixed account is not public', () => {
    expect(flagsOf(allow(onlyIf('StringLike', 's3:DataAccessPointArn', `arn:aws:s3:us-west-2:${OWNER}:accesspoint/*`)))).toEqual([]);
  });
  test('s3:DataAccessPointArn with a wildcard account is public', () => {
    expect(flagsOf(allow(onlyIf('StringLike', 's3:DataAccessPointArn', 'arn:aws:s3:us-west-2:*:accesspoint/*')))).toEqual(['publicRead']);
  });

  // BPA: "fixed values (values that don't contain a wildcard or an ... Policy Variable)"
  test.each([
    ['a wildcard', 'StringLike', 'aws:SourceVpce', 'vpce-*'],
    ['a ? wildcard', 'StringLike', 'aws:SourceAccount', '11112222333?'],
    ['a policy variable', 'StringEquals', 'aws:userid', '${aws:userid}'],
    ['a wildcard in one of several values', 'StringLike', 'aws:SourceVpc', ['vpc-1a2b3c4d', 'vpc-*']],
    ['an ARN wildcard', 'ArnLike', 'aws:SourceArn', 'arn:aws:cloudtrail:*:*:trail/*'],
  ])('%s keeps the statement public', (_name, op, key, value) => {
    expect(flagsOf(allow(onlyIf(op, key, value)))).toEqual(['publicRead']);
  });

  // BPA note: "values broader than /8 for IPv4 and /32 for IPv6 ... are evaluated as public"
  test.each([
    ['0.0.0.0/0', ['publicRead']],
    ['0.0.0.0/1', ['publicRead']],
    ['10.0.0.0/7', ['publicRead']],
    ['10.0.0.0/8', []],
    ['198.51.100.7/32', []],
    ['198.51.100.7', []],
    ['::/0', ['publicRead']],
    ['2001:db8::/31', ['publicRead']],
    ['2001:db8::/32', []],
  ])('aws:SourceIp %s', (cidr, flags) => {
    expect(flagsOf(allow(onlyIf('IpAddress', 'aws:SourceIp', cidr)))).toEqual(flags);
  });

  // A request without the key passes ...IfExists and ForAllValues (IAM condition operators page), and a negated
  // operator allows every value but the listed ones: none of these fixes the value, so the statement stays public.
  test.each([
    ['StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1a2b3c4d'],
    ['ForAllValues:StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'],
    ['StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'],
    ['StringNotEquals', 'aws:PrincipalOrgID', 'o-abc123'],
    ['NotIpAddress', 'aws:SourceIp', '192.0.2.0/24'],
    ['ArnNotEquals', 'aws:SourceArn', `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/t`],
    ['IpAddressIfExists', 'aws:SourceIp', '192.0.2.0/24'],
    ['Null', 'aws:SourceVpce', 'false'],
  ])('%s %s keeps the statement public', (op, key, value) => {
    expect(flagsOf(allow(onlyIf(op, key, value)))).toEqual(['publicRead']);
  });

  test('a condition on an unlisted key (aws:SecureTransport, s3:prefix) keeps the statement public', () => {
    expect(flagsOf(allow({ Action: 's3:PutObject', ...onlyIf('Bool', 'aws:SecureTransport', 'true') }))).toEqual(['publicWrite']);
    expect(flagsOf(allow({ Action: 's3:ListBucket', Resource: BUCKET, ...onlyIf('StringEquals', 's3:prefix', 'public/') }))).toEqual(['publicList']);
  });

  test('condition keys match case-insensitively (IAM: condition key names are not case-sensitive)', () => {
    expect(flagsOf(allow(onlyIf('StringEquals', 'AWS:SOURCEVPCE', 'vpce-1a2b3c4d')))).toEqual([]);
  });

  test('one fixed listed key among other conditions is enough (conditions are ANDed)', () => {
    expect(flagsOf(allow({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, StringLike: { 'aws:SourceVpc': 'vpc-*' } } }))).toEqual([]);
  });
});

describe('BPA, "The meaning of public": ACLs', () => {
  // BPA: "Amazon S3 considers a bucket or object ACL public if it grants any permissions to members of the predefined
  // AllUsers or AuthenticatedUsers groups"
  test('an AllUsers READ grant is public (lists the bucket)', () => {
    expect(trueFlags(analyzeS3({ acl: acl(group(ALL_USERS, 'READ')) }).access)).toEqual(['publicList']);
  });
  test('an AuthenticatedUsers WRITE grant is public and authenticated', () => {
    expect(trueFlags(analyzeS3({ acl: acl(group(AUTH_USERS, 'WRITE')) }).access)).toEqual(['publicWrite', 'authenticatedWrite']);
  });
});

describe('BPA, "Block public access settings"', () => {
  const PUBLIC_WRITE = policy(allow({ Action: 's3:PutObject' }));

  // BPA: BlockPublicAcls "existing policies and ACLs for buckets and objects are not modified"
  test('BlockPublicAcls leaves an existing public ACL in effect', () => {
    expect(analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), accountPublicAccessBlock: bpa({ blockPublicAcls: true }) }).access.publicWrite).toBe(true);
  });
  // BPA: IgnorePublicAcls "causes Amazon S3 to ignore all public ACLs on a bucket"
  test.each([
    ['AllUsers', ALL_USERS],
    ['AuthenticatedUsers', AUTH_USERS],
  ])('IgnorePublicAcls ignores a %s grant', (_name, uri) => {
    const a = analyzeS3({ acl: acl(group(uri, 'FULL_CONTROL')), publicAccessBlock: bpa({ ignorePublicAcls: true }) });
    expect(trueFlags(a.access)).toEqual([]);
  });
  test('IgnorePublicAcls does not touch the bucket policy', () => {
    expect(analyzeS3({ policy: PUBLIC_WRITE, publicAccessBlock: bpa({ ignorePublicAcls: true, blockPublicAcls: true }) }).access.publicWrite).toBe(true);
  });
  // BPA: BlockPublicPolicy "Enabling this setting doesn't affect existing access point or bucket policies."
  test('BlockPublicPolicy leaves an existing public policy in effect', () => {
    expect(analyzeS3({ policy: PUBLIC_WRITE, accountPublicAccessBlock: bpa({ blockPublicPolicy: true }) }).access.publicWrite).toBe(true);
  });
  // BPA: RestrictPublicBuckets "restricts access to an access point or bucket with a public policy to only AWS service
  // principals and authorized users within the bucket owner's account"
  test('RestrictPublicBuckets switches off a public policy grant', () => {
    expect(trueFlags(analyzeS3({ policy: PUBLIC_WRITE, publicAccessBlock: bpa({ restrictPublicBuckets: true }) }).access)).toEqual([]);
  });
  test('RestrictPublicBuckets does not touch public ACLs (IgnorePublicAcls does)', () => {
    expect(analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), publicAccessBlock: bpa({ restrictPublicBuckets: true }) }).access.publicWrite).toBe(true);
  });
  // BPA: "Amazon S3 blocks public and cross-account access derived from any public ... bucket policy, including
  // non-public delegation to specific accounts"
  test('RestrictPublicBuckets with a public policy blocks a named account, an organization and a canonical user, keeps the owner and services', () => {
    const a = analyzeS3({
      policy: policy(
        allow({ Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:PutObject' }),
        allow({ Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, Action: 's3:PutObject' }),
        allow({ Principal: '*', Action: 's3:PutObject', ...onlyIf('StringEquals', 'aws:PrincipalOrgID', 'o-abc123') }),
        allow({ Principal: { AWS: `arn:aws:iam::${OWNER}:role/writer` }, Action: 's3:PutObject' }),
        allow({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', ...onlyIf('StringEquals', 'aws:SourceAccount', OWNER) }),
        allow({ Principal: '*', Action: 's3:GetObject' }),
      ),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.writers.map((w) => w.principal).sort()).toEqual([`principal:aws-account:${OWNER}`, 'principal:service:logging.s3.amazonaws.com']);
  });
  // BPA: "if you remove statement 3 from the policy, then the policy doesn't qualify as public, and
  // RestrictPublicBuckets no longer applies. Thus, "Account-2" regains access"
  test('RestrictPublicBuckets with a non-public policy: Account-2 keeps its access', () => {
    const a = analyzeS3({
      policy: policy(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' }), allow({ Principal: { AWS: OTHER }, Action: ['s3:GetObject', 's3:PutObject'] })),
      accountPublicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(trueFlags(a.access)).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });
  // BPA: "This policy qualifies as public because of the third statement" - the public statement need not grant
  // object reads or writes: any public statement makes the policy public.
  test('RestrictPublicBuckets: a public statement on another action still makes the policy public and blocks Account-2', () => {
    const a = analyzeS3({
      policy: policy(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), allow({ Principal: '*', Action: 's3:GetObjectTagging' })),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(trueFlags(a.access)).toEqual([]);
  });
  test('RestrictPublicBuckets: a public statement on the bucket (GetBucketLocation) makes the policy public', () => {
    const a = analyzeS3({
      policy: policy(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), allow({ Principal: '*', Action: 's3:GetBucketLocation', Resource: BUCKET })),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(trueFlags(a.access)).toEqual([]);
  });
  test('RestrictPublicBuckets: a public statement removed by an unconditional Deny does not make the policy public', () => {
    const a = analyzeS3({
      policy: policy(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), allow({ Principal: '*', Action: 's3:GetObjectTagging' }), deny({ Action: 's3:GetObjectTagging' })),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(trueFlags(a.access)).toEqual(['crossAccountWrite']);
  });

  // BPA: "If the block public access settings for the access point, bucket, or account differ, then Amazon S3 applies
  // the most restrictive combination"
  test.each([
    ['account on, bucket off', bpa({ ignorePublicAcls: true }), bpa({})],
    ['account off, bucket on', bpa({}), bpa({ ignorePublicAcls: true })],
    ['account on, bucket not set', bpa({ ignorePublicAcls: true }), null],
  ])('IgnorePublicAcls %s: the public ACL is ignored', (_name, account, bucket) => {
    expect(analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), accountPublicAccessBlock: account, publicAccessBlock: bucket }).access.publicWrite).toBe(false);
  });
  test.each([
    ['account on, bucket off', bpa({ restrictPublicBuckets: true }), bpa({})],
    ['account off, bucket on', bpa({}), bpa({ restrictPublicBuckets: true })],
  ])('RestrictPublicBuckets %s: the public policy is restricted', (_name, account, bucket) => {
    expect(analyzeS3({ policy: PUBLIC_WRITE, accountPublicAccessBlock: account, publicAccessBlock: bucket }).access.publicWrite).toBe(false);
  });
  test('neither level on: the public policy and ACL stay in effect', () => {
    const a = analyzeS3({ policy: PUBLIC_WRITE, acl: acl(group(ALL_USERS, 'READ')), accountPublicAccessBlock: bpa({}), publicAccessBlock: null });
    expect(trueFlags(a.access)).toEqual(['publicWrite', 'publicList']);
  });
});

describe('ACL: permissions and grantees', () => {
  // ACL, "What permissions can I grant?" (bucket column) and the mapping table: READ = s3:ListBucket, WRITE =
  // s3:PutObject, READ_ACP = s3:GetBucketAcl, WRITE_ACP = s3:PutBucketAcl, FULL_CONTROL = all four.
  test.each([
    ['READ', ['publicList']],
    ['WRITE', ['publicWrite']],
    ['READ_ACP', []],
    ['WRITE_ACP', ['publicWrite', 'publicList']],
    ['FULL_CONTROL', ['publicWrite', 'publicList']],
  ] as const)('AllUsers %s on a bucket', (permission, flags) => {
    expect(trueFlags(analyzeS3({ acl: acl(group(ALL_USERS, permission)) }).access)).toEqual(flags);
  });
  test.each([
    ['READ', []],
    ['WRITE', ['crossAccountWrite']],
    ['READ_ACP', []],
    ['WRITE_ACP', ['crossAccountWrite']],
    ['FULL_CONTROL', ['crossAccountWrite']],
  ] as const)("another account's canonical user %s on a bucket", (permission, flags) => {
    const a = analyzeS3({ acl: acl(user('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', permission)) });
    expect(trueFlags(a.access)).toEqual(flags);
  });
  // ACL: "Log Delivery group ... WRITE permission on a bucket enables this group to write server access logs"
  test('LogDelivery WRITE is the S3 log delivery service, not public', () => {
    const a = analyzeS3({ acl: acl(group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP')) });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.writers).toEqual([expect.objectContaining({ principal: 'principal:service:logging.s3.amazonaws.com', external: false })]);
  });
  // ACL, "Sample ACL": owner FULL_CONTROL, user1 WRITE, user2 READ, AllUsers READ, LogDelivery WRITE
  test("the guide's sample ACL: public list, cross-account write", () => {
    const a = analyzeS3({
      acl: acl(user('owner-canonical', 'FULL_CONTROL'), user('user1-canonical-user-ID', 'WRITE'), user('user2-canonical-user-ID', 'READ'), group(ALL_USERS, 'READ'), group(LOG_DELIVERY, 'WRITE')),
    });
    expect(trueFlags(a.access)).toEqual(['publicList', 'crossAccountWrite']);
  });
  // ACL, "Canned ACL": public-read-write = AllUsers READ and WRITE; authenticated-read = AuthenticatedUsers READ
  test('canned public-read-write on a bucket', () => {
    expect(trueFlags(analyzeS3({ acl: acl(user('owner-canonical', 'FULL_CONTROL'), group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE')) }).access)).toEqual(['publicWrite', 'publicList']);
  });
  test('canned authenticated-read on a bucket lists objects to any AWS account', () => {
    expect(trueFlags(analyzeS3({ acl: acl(user('owner-canonical', 'FULL_CONTROL'), group(AUTH_USERS, 'READ')) }).access)).toEqual(['publicList']);
  });
  // ACL: "an email address ... Amazon S3 finds the canonical user ID for that account"
  test('an e-mail grantee is another account', () => {
    expect(trueFlags(analyzeS3({ acl: acl({ grantee: { type: 'AmazonCustomerByEmail', email: 'xyz@example.com' }, permission: 'WRITE' } as S3Grant) }).access)).toEqual(['crossAccountWrite']);
  });
});

describe('OWN: Object Ownership', () => {
  // OWN: "Bucket owner enforced ... ACLs are disabled and no longer affect permissions"
  test('BucketOwnerEnforced: no ACL grant has any effect, the policy still does', () => {
    const a = analyzeS3({
      acl: acl(group(ALL_USERS, 'FULL_CONTROL'), group(AUTH_USERS, 'FULL_CONTROL'), user('someone-else', 'FULL_CONTROL')),
      ownershipControls: 'BucketOwnerEnforced',
      policy: policy(allow({ Principal: { AWS: OTHER } })),
    });
    expect(trueFlags(a.access)).toEqual(['crossAccountRead']);
  });
  // OWN: with Bucket owner preferred and Object writer, ACLs remain enabled
  test.each(['BucketOwnerPreferred', 'ObjectWriter'] as const)('%s keeps ACLs in effect', (ownershipControls) => {
    expect(analyzeS3({ acl: acl(group(ALL_USERS, 'WRITE')), ownershipControls }).access.publicWrite).toBe(true);
  });
});

describe('EVAL: explicit Deny, Allow required', () => {
  // EVAL: "An explicit deny in any of these policies overrides the allow."
  test('an unconditional Deny on the same action and resource removes the public Allow', () => {
    expect(flagsOf(allow({}), deny({}))).toEqual([]);
  });
  test('a Deny with s3:* and Resource "*" removes every grant', () => {
    expect(flagsOf(allow({ Action: 's3:*', Resource: [BUCKET, OBJECTS] }), allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), deny({ Action: 's3:*', Resource: '*' }))).toEqual([]);
  });
  test('a Deny in an earlier statement still wins (order does not matter)', () => {
    expect(flagsOf(deny({ Action: 's3:Get*' }), allow({}))).toEqual([]);
  });
  test('a Deny on another action leaves the Allow', () => {
    expect(flagsOf(allow({}), deny({ Action: 's3:PutObject' }))).toEqual(['publicRead']);
  });
  test('a Deny on part of the bucket leaves the whole-bucket Allow', () => {
    expect(flagsOf(allow({}), deny({ Resource: 'arn:aws:s3:::b/private/*' }))).toEqual(['publicRead']);
  });
  test('a Deny to one account leaves the public Allow', () => {
    expect(flagsOf(allow({}), deny({ Principal: { AWS: OTHER } }))).toEqual(['publicRead']);
  });
  test('a Deny to "*" removes a named account\'s Allow', () => {
    expect(flagsOf(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), deny({ Action: 's3:PutObject' }))).toEqual([]);
  });
  test('a Deny to the account removes the Allow to a role of that account', () => {
    expect(flagsOf(allow({ Principal: { AWS: `arn:aws:iam::${OTHER}:role/r` }, Action: 's3:PutObject' }), deny({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }))).toEqual([]);
  });
  // EVAL: "By default, all requests are implicitly denied" - no Allow, no access
  test('a policy with only Deny statements grants nothing', () => {
    expect(flagsOf(deny({ Action: 's3:*', Resource: '*', Principal: '*' }))).toEqual([]);
  });
  test('a Deny-unless-VPC-endpoint makes a public Allow non-public', () => {
    expect(flagsOf(allow({}), deny(onlyIf('StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d')))).toEqual([]);
  });
  test('a Deny with a condition on another key (aws:SecureTransport false) leaves the Allow', () => {
    expect(flagsOf(allow({}), deny(onlyIf('Bool', 'aws:SecureTransport', 'false')))).toEqual(['publicRead']);
  });
});

describe('NOTP / NOTA / NOTR', () => {
  // NOTP: with Allow, NotPrincipal grants to every principal except the listed ones, anonymous users included
  test('Allow with NotPrincipal is public', () => {
    expect(flagsOf({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: OBJECTS })).toEqual(['publicRead']);
  });
  // NOTP: with Deny, "explicitly denied to all principals except the ones specified"
  test('Deny with NotPrincipal (the owner) removes the public and the cross-account Allow', () => {
    expect(
      flagsOf(allow({ Action: ['s3:GetObject', 's3:PutObject'] }), allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), {
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:root` },
        Action: 's3:*',
        Resource: [BUCKET, OBJECTS],
      }),
    ).toEqual([]);
  });
  test('Deny with NotPrincipal naming the other account leaves that account', () => {
    expect(
      flagsOf(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), { Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${OTHER}:root`, OWNER] }, Action: 's3:PutObject', Resource: OBJECTS }),
    ).toEqual(['crossAccountWrite']);
  });
  // NOTA: "explicitly matches everything except the specified list of actions"
  test('NotAction s3:DeleteObject on objects allows GetObject and PutObject', () => {
    expect(flagsOf({ Effect: 'Allow', Principal: '*', NotAction: 's3:DeleteObject', Resource: OBJECTS })).toEqual(['publicRead', 'publicWrite']);
  });
  test('NotAction s3:* grants nothing in S3', () => {
    expect(flagsOf({ Effect: 'Allow', Principal: '*', NotAction: 's3:*', Resource: '*' })).toEqual([]);
  });
  test('NotAction iam:* with Resource "*" grants every S3 action', () => {
    expect(flagsOf({ Effect: 'Allow', Principal: '*', NotAction: 'iam:*', Resource: '*' })).toEqual(['publicRead', 'publicWrite', 'publicList']);
  });
  test('Deny with NotAction s3:GetObject leaves reads and removes writes', () => {
    expect(flagsOf(allow({ Action: ['s3:GetObject', 's3:PutObject'] }), { Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: OBJECTS })).toEqual(['publicRead']);
  });
  // NOTR: "explicitly matches every resource except those specified"
  test('Allow with NotResource of another bucket reaches this bucket and its objects', () => {
    expect(flagsOf({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:ListBucket'], NotResource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] })).toEqual([
      'publicRead',
      'publicList',
    ]);
  });
  test('Allow with NotResource of this bucket and its objects reaches nothing here', () => {
    expect(flagsOf({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:ListBucket'], NotResource: [BUCKET, OBJECTS] })).toEqual([]);
  });
  test('Deny with NotResource of another bucket removes the grant here', () => {
    expect(flagsOf(allow({}), { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::other/*' })).toEqual([]);
  });
});

describe('ACT / RES: wildcards, bucket vs object ARNs', () => {
  test.each([
    ['s3:*', OBJECTS, ['publicRead', 'publicWrite']],
    ['*', '*', ['publicRead', 'publicWrite', 'publicList']],
    ['s3:*Object', OBJECTS, ['publicRead', 'publicWrite']],
    ['s3:Get*', OBJECTS, ['publicRead']],
    ['s3:List*', BUCKET, ['publicList']],
    ['s3:Put*', OBJECTS, ['publicWrite']],
    ['s3:GetObj?ct', OBJECTS, ['publicRead']],
    ['S3:GETOBJECT', OBJECTS, ['publicRead']],
    ['s3:GetObjectVersion', OBJECTS, []],
    ['s3:ListBucketVersions', BUCKET, []],
    // an object action on the bucket ARN, a bucket action on the object ARN: no access
    ['s3:GetObject', BUCKET, []],
    ['s3:ListBucket', OBJECTS, []],
    // arn:aws:s3:::b* matches the bucket ARN and its objects ("*" spans "/")
    [['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::b*', ['publicRead', 'publicList']],
    [['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::*', ['publicRead', 'publicList']],
    [['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::?', ['publicList']],
    ['s3:GetObject', 'arn:aws:s3:::other/*', []],
    ['s3:GetObject', 'arn:aws:s3:::B/*', []],
  ])('Action %j on %s', (action, resource, flags) => {
    expect(flagsOf(allow({ Action: action, Resource: resource }))).toEqual(flags);
  });
  test('a prefix grant reaches that prefix only, recorded on the writer', () => {
    const a = analyzeS3({ policy: policy(allow({ Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/uploads/*' })) });
    expect(trueFlags(a.access)).toEqual(['publicWrite']);
    expect(a.access.writers[0].prefix).toBe('uploads/');
  });
});

describe('PRIN: principal forms', () => {
  const write = (Principal: unknown) => analyzeS3({ policy: policy(allow({ Principal, Action: 's3:PutObject' })) });
  test.each([
    ['"*"', '*', ['publicWrite']],
    ['{"AWS": "*"}', { AWS: '*' }, ['publicWrite']],
    ['{"AWS": ["*"]}', { AWS: ['*'] }, ['publicWrite']],
    ['another account id', { AWS: OTHER }, ['crossAccountWrite']],
    ["another account's root ARN", { AWS: `arn:aws:iam::${OTHER}:root` }, ['crossAccountWrite']],
    ["another account's role ARN", { AWS: `arn:aws:iam::${OTHER}:role/r` }, ['crossAccountWrite']],
    ["another account's user ARN", { AWS: `arn:aws:iam::${OTHER}:user/u` }, ['crossAccountWrite']],
    ["another account's assumed-role session", { AWS: `arn:aws:sts::${OTHER}:assumed-role/r/s` }, ['crossAccountWrite']],
    ['the owner account id', { AWS: OWNER }, []],
    ["the owner's root ARN", { AWS: `arn:aws:iam::${OWNER}:root` }, []],
    ["the owner's role ARN", { AWS: `arn:aws:iam::${OWNER}:role/r` }, []],
    ['another canonical user', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, ['crossAccountWrite']],
    ["the owner's canonical user", { CanonicalUser: 'owner-canonical' }, []],
    ['a wildcard service', { Service: '*' }, ['publicWrite']],
  ])('Principal %s', (_name, principal, flags) => {
    expect(trueFlags(write(principal).access)).toEqual(flags);
  });
  test('an account principal names the account, not the public', () => {
    const a = write({ AWS: OTHER });
    expect(a.access.writers).toEqual([expect.objectContaining({ principal: `principal:aws-account:${OTHER}`, principalType: 'account', external: true })]);
  });
});

describe('XACCT and confused deputy: service principals and cross-account access', () => {
  // XACCT: access from another account needs the resource policy to grant it (our view is the bucket side only)
  test('a grant to another account is cross-account read and write', () => {
    expect(flagsOf(allow({ Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: ['s3:GetObject', 's3:PutObject'] }))).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });
  test('a service principal limited to the owner by aws:SourceAccount is internal', () => {
    expect(flagsOf(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', ...onlyIf('StringEquals', 'aws:SourceAccount', OWNER) }))).toEqual([]);
  });
  test('a service principal limited to the owner by aws:SourceArn is internal', () => {
    expect(flagsOf(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', ...onlyIf('ArnLike', 'aws:SourceArn', `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/t`) }))).toEqual(
      [],
    );
  });
  test('a service principal limited to another account is cross-account', () => {
    expect(flagsOf(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', ...onlyIf('StringEquals', 'aws:SourceAccount', OTHER) }))).toEqual(['crossAccountWrite']);
  });
  test('a public statement limited to another account by aws:PrincipalAccount is cross-account, not public', () => {
    expect(flagsOf(allow({ Action: 's3:PutObject', ...onlyIf('StringEquals', 'aws:PrincipalAccount', OTHER) }))).toEqual(['crossAccountWrite']);
  });
});

describe('unknown is not false', () => {
  test('gapped account-level Block Public Access leaves a public policy unknown (RestrictPublicBuckets could switch it off)', () => {
    const a = analyzeS3({ policy: policy(allow({ Action: 's3:PutObject' })), gaps: [{ path: 'accountPublicAccessBlock', reason: 'AccessDenied' }] });
    expect(gapPaths(a)).toContain('publicWrite');
  });
  test('gapped bucket ACL with Object Ownership unknown: the ACL flags are unknown', () => {
    const a = analyzeS3({ acl: null, gaps: [{ path: 'acl', reason: 'AccessDenied' }, { path: 'ownershipControls', reason: 'AccessDenied' }] });
    expect(gapPaths(a)).toEqual(expect.arrayContaining(['publicWrite', 'publicList', 'crossAccountWrite']));
  });
});

describe('EVAL: Deny statements with conditions', () => {
  // Condition operators page: "...IfExists: if the key is not present, the condition evaluates to true" - for a Deny
  // that means a request without the key (an anonymous internet request has no aws:SourceVpce) is not denied.
  test('Deny unless StringNotEqualsIfExists aws:SourceVpce does not make the Allow non-public', () => {
    expect(flagsOf(allow({}), deny(onlyIf('StringNotEqualsIfExists', 'aws:SourceVpce', 'vpce-1a2b3c4d')))).toEqual(['publicRead']);
  });
  test('Deny unless NotIpAddress aws:SourceIp (fixed /24) makes the Allow non-public', () => {
    expect(flagsOf(allow({}), deny(onlyIf('NotIpAddress', 'aws:SourceIp', '192.0.2.0/24')))).toEqual([]);
  });
  test('Deny unless aws:SourceVpce with a wildcard value leaves the Allow public', () => {
    expect(flagsOf(allow({}), deny(onlyIf('StringNotLike', 'aws:SourceVpce', 'vpce-*')))).toEqual(['publicRead']);
  });
  test('Deny unless aws:PrincipalAccount = the owner removes the grant to another account', () => {
    expect(flagsOf(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), deny({ Action: 's3:PutObject', ...onlyIf('StringNotEquals', 'aws:PrincipalAccount', OWNER) }))).toEqual([]);
  });
  test('Deny unless aws:PrincipalOrgID turns a public Allow into an organization grant', () => {
    const a = analyzeS3({ policy: policy(allow({ Action: 's3:PutObject' }), deny({ Action: 's3:PutObject', ...onlyIf('StringNotEquals', 'aws:PrincipalOrgID', 'o-abc123') })) });
    expect(trueFlags(a.access)).toEqual(['crossAccountWrite']);
    expect(a.access.writers.map((w) => w.principal)).toEqual(['principal:aws-organization:o-abc123']);
  });
  test('a Deny with a condition that only some requests meet (s3:x-amz-acl) does not remove the Allow', () => {
    expect(flagsOf(allow({ Action: 's3:PutObject' }), deny({ Action: 's3:PutObject', ...onlyIf('StringEquals', 's3:x-amz-acl', 'public-read') }))).toEqual(['publicWrite']);
  });
});

describe('PRIN: more principal forms', () => {
  test('a Principal list with "*" among accounts is public (and the named account is still listed as cross-account)', () => {
    expect(flagsOf(allow({ Principal: { AWS: [OTHER, '*'] } }))).toEqual(['publicRead', 'crossAccountRead']);
  });
  test('an account-wildcard ARN (arn:aws:iam::*:root) is public', () => {
    expect(flagsOf(allow({ Principal: { AWS: 'arn:aws:iam::*:root' } }))).toEqual(['publicRead']);
  });
  test('a SAML provider of another account is cross-account', () => {
    expect(flagsOf(allow({ Principal: { Federated: `arn:aws:iam::${OTHER}:saml-provider/idp` } }))).toEqual(['crossAccountRead']);
  });
  test('public web identity providers (accounts.google.com, www.amazon.com, cognito-identity.amazonaws.com) are public', () => {
    for (const provider of ['accounts.google.com', 'www.amazon.com', 'cognito-identity.amazonaws.com']) expect(flagsOf(allow({ Principal: { Federated: provider } }))).toEqual(['publicRead']);
  });
  // BPA: fixed values for "an AWS principal, user, role" - aws:PrincipalArn with a wildcard is not fixed
  test('"*" limited by aws:PrincipalArn with a wildcard role name stays public', () => {
    expect(flagsOf(allow(onlyIf('ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:role/*`)))).toEqual(['publicRead']);
  });
  test('"*" limited by a fixed aws:PrincipalArn of another account is that account', () => {
    expect(flagsOf(allow(onlyIf('ArnEquals', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:role/reader`)))).toEqual(['crossAccountRead']);
  });
});

describe('BPA: RestrictPublicBuckets with NotPrincipal and identity providers', () => {
  test('an Allow with NotPrincipal makes the policy public: RestrictPublicBuckets blocks Account-2', () => {
    const a = analyzeS3({
      policy: policy(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), { Effect: 'Allow', NotPrincipal: { AWS: OWNER }, Action: 's3:GetBucketLocation', Resource: BUCKET }),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(trueFlags(a.access)).toEqual([]);
  });
  test('a public statement with a fixed aws:SourceVpce is not public: Account-2 keeps its access', () => {
    const a = analyzeS3({
      policy: policy(allow({ Principal: { AWS: OTHER }, Action: 's3:PutObject' }), allow({ Action: 's3:GetObjectTagging', ...onlyIf('StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d') })),
      publicAccessBlock: bpa({ restrictPublicBuckets: true }),
    });
    expect(trueFlags(a.access)).toEqual(['crossAccountWrite']);
  });
});

describe('NOTR / RES with Deny: what remains', () => {
  test('a Deny on everything but public/ leaves the public/ part of a whole-bucket Allow public', () => {
    expect(flagsOf(allow({}), { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/public/*' })).toEqual(['publicRead']);
  });
  test('a Deny on the whole bucket removes an Allow on a prefix', () => {
    expect(flagsOf(allow({ Resource: 'arn:aws:s3:::b/x/*' }), deny({}))).toEqual([]);
  });
  test('a Deny with an action wildcard (s3:Put*) removes writes only', () => {
    expect(flagsOf(allow({ Action: ['s3:GetObject', 's3:PutObject'] }), deny({ Action: 's3:Put*' }))).toEqual(['publicRead']);
  });
});

describe('confused deputy (IAM User Guide, "The confused deputy problem" and the services\' pages that repeat it)', () => {
  const logging = (Condition?: Record<string, unknown>) => flagsOf({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: OBJECTS, ...(Condition ? { Condition } : {}) });
  test('a service principal without a source condition can act for any account: cross-account', () => {
    expect(logging()).toEqual(['crossAccountWrite']);
  });
  // "If the aws:SourceArn value does not contain the account ID, such as an Amazon S3 bucket ARN, you must use both
  // global condition context keys to limit permissions."
  test('aws:SourceArn of an S3 bucket alone does not limit the account: cross-account', () => {
    expect(logging({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::source-bucket' } })).toEqual(['crossAccountWrite']);
  });
  test('aws:SourceArn of an S3 bucket with aws:SourceAccount of the owner (the server access logging example) is internal', () => {
    expect(logging({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::source-bucket' }, StringEquals: { 'aws:SourceAccount': OWNER } })).toEqual([]);
  });
  // "use the aws:SourceArn global context condition key with wildcard characters (*) for the unknown portions of the
  // ARN. For example, arn:aws:servicename:*:123456789012:*"
  test('aws:SourceArn with wildcards and the owner account is internal', () => {
    expect(logging({ ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${OWNER}:*` } })).toEqual([]);
  });
  test('aws:SourceArn with wildcards and another account is cross-account', () => {
    expect(logging({ ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${OTHER}:*` } })).toEqual(['crossAccountWrite']);
  });
  test('aws:SourceArn with a wildcard account limits nothing: cross-account', () => {
    expect(logging({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } })).toEqual(['crossAccountWrite']);
  });
  test('aws:SourceAccount in an ...IfExists operator limits nothing: cross-account', () => {
    expect(logging({ StringEqualsIfExists: { 'aws:SourceAccount': OWNER } })).toEqual(['crossAccountWrite']);
  });
  test('aws:SourceOwner of the owner is internal', () => {
    expect(logging({ StringEquals: { 'aws:SourceOwner': OWNER } })).toEqual([]);
  });
});
