import type { AccessEvidence, AwsS3Bucket, PolicyDocument, PublicAccessBlock, S3Grant, TrustSettings } from '../../model/index.js';
import { boundFlags, displayInput, memoByFields, gapFor, type UnknownInput } from '../bounds.js';
import { markNeutralizerDependent, type BucketAnalysis } from '../display.js';
import { bucketAccess, flagsOfGrants, isEffective } from '../flags.js';
import type { Grant } from '../types.js';
import { ALL_USERS_URI, AUTHENTICATED_USERS_URI, aclGrants } from './acl.js';
import { evaluateBucketPolicy } from './bucket-policy.js';
import type { S3AccessInputs } from './access-key.js';
import { accountOfArn } from './conditions.js';

/** The inputs of an S3 bucket's effective access, as one value the unknown-bounding can vary. */
export interface S3Inputs {
  policy: PolicyDocument | null;
  acl: { ownerId?: string; grants: S3Grant[] } | null;
  bucketBpa: PublicAccessBlock | null;
  accountBpa: PublicAccessBlock | null;
  ownership: AwsS3Bucket['ownershipControls'];
}

export interface S3Context {
  bucketArn: string;
  owner: string;
  roleIds: ReadonlySet<string>;
  trust: TrustSettings;
}

type BpaSetting = keyof PublicAccessBlock;
const SETTING_NAMES: Record<BpaSetting, string> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};
const ALL_ON: PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

/** A setting's evidence when on at the account, the bucket, or both levels. */
const bpaEvidence = (setting: BpaSetting): readonly AccessEvidence[] =>
  ['account', 'bucket', 'account and bucket'].map((levels) =>
    Object.freeze({ source: 'block-public-access' as const, setting: SETTING_NAMES[setting], detail: `${SETTING_NAMES[setting]} is on (${levels} level)` }),
  );
// made once: bpaSetting's evidence is only ever copied into a grant's
const BPA_EVIDENCE: Record<BpaSetting, readonly AccessEvidence[]> = {
  blockPublicAcls: bpaEvidence('blockPublicAcls'),
  ignorePublicAcls: bpaEvidence('ignorePublicAcls'),
  blockPublicPolicy: bpaEvidence('blockPublicPolicy'),
  restrictPublicBuckets: bpaEvidence('restrictPublicBuckets'),
};

/** Either level turns a setting on (S3 applies the most restrictive combination); evidence names the level(s). */
function bpaSetting(inputs: S3Inputs, setting: BpaSetting): AccessEvidence | undefined {
  const account = !!inputs.accountBpa?.[setting];
  const bucket = !!inputs.bucketBpa?.[setting];
  if (!account && !bucket) return undefined;
  return BPA_EVIDENCE[setting][account && bucket ? 2 : account ? 0 : 1];
}

function isOutsideOwner(g: Grant, owner: string): boolean {
  if (g.principal.startsWith('principal:service:')) return false;
  if (g.reach === 'public' || g.reach === 'authenticated') return true;
  const account = /^principal:aws-account:(\d{12})$/.exec(g.principal)?.[1] ?? accountOfArn(g.principal);
  if (account) return account !== owner;
  return g.reach === 'external' || g.principal.startsWith('principal:aws-organization:') || g.principal.startsWith('principal:federated:');
}

/** Grants of a bucket with Deny statements, Object Ownership and Block Public Access applied (switched-off grants kept, marked). */
export function s3Grants(inputs: S3Inputs, ctx: S3Context): Grant[] {
  const out: Grant[] = [];
  const rpb = bpaSetting(inputs, 'restrictPublicBuckets');
  const bpp = bpaSetting(inputs, 'blockPublicPolicy');
  if (inputs.policy) {
    const { grants, isPublic } = evaluateBucketPolicy(inputs.policy, { ...ctx, ownerCanonicalId: inputs.acl?.ownerId });
    for (const g of grants) {
      if (rpb && isPublic && isEffective(g) && isOutsideOwner(g, ctx.owner)) {
        out.push({ ...g, neutralizedBy: { ...rpb, detail: `${rpb.detail}: the policy is public, so only AWS service principals and users of account ${ctx.owner} keep access` } });
      } else if (bpp && (g.reach === 'public' || g.reach === 'authenticated') && isEffective(g)) {
        out.push({ ...g, evidence: [...g.evidence, { ...bpp, detail: `${bpp.detail}: it rejects new public policies but does not change this existing one` }] });
      } else out.push(g);
    }
  }
  if (inputs.acl) {
    const ignore = bpaSetting(inputs, 'ignorePublicAcls');
    const bpa = bpaSetting(inputs, 'blockPublicAcls');
    for (const g of aclGrants(inputs.acl)) {
      const isPublic = g.reach === 'public' || g.reach === 'authenticated';
      if (inputs.ownership === 'BucketOwnerEnforced') {
        out.push({ ...g, neutralizedBy: { source: 'object-ownership', setting: 'BucketOwnerEnforced', detail: 'Object Ownership is BucketOwnerEnforced: ACLs are disabled' } });
      } else if (ignore && isPublic) {
        out.push({ ...g, neutralizedBy: { ...ignore, detail: `${ignore.detail}: S3 ignores public ACL grants` } });
      } else if (bpa && isPublic) {
        out.push({ ...g, evidence: [...g.evidence, { ...bpa, detail: `${bpa.detail}: it rejects new public ACLs but does not change this existing grant` }] });
      } else out.push(g);
    }
  }
  return out;
}

/** Made-up documents that grant everything, used only to bound a flag whose input is unknown. */
function everythingPolicy(principal: '*' | { AWS: string }): PolicyDocument {
  return { Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:*', Resource: '*' }] };
}
const HYPOTHETICAL_FOREIGN_ACCOUNT = '000000000000';
const everythingAcl = (ownerId?: string) => ({
  ownerId,
  grants: [
    { grantee: { type: 'Group' as const, uri: ALL_USERS_URI }, permission: 'FULL_CONTROL' as const },
    { grantee: { type: 'Group' as const, uri: AUTHENTICATED_USERS_URI }, permission: 'FULL_CONTROL' as const },
    { grantee: { type: 'CanonicalUser' as const, id: 'hypothetical-foreign-canonical-id' }, permission: 'FULL_CONTROL' as const },
  ],
});

function unknownsOf(bucket: S3AccessInputs): UnknownInput<S3Inputs>[] {
  const out: UnknownInput<S3Inputs>[] = [];
  const policyGap = gapFor(bucket.gaps, 'policy');
  if (policyGap) {
    out.push({
      kind: 'data',
      reason: `bucket policy unknown: ${policyGap.reason}`,
      least: (t) => ({ ...t, policy: null }),
      most: [(t) => ({ ...t, policy: everythingPolicy('*') }), (t) => ({ ...t, policy: everythingPolicy({ AWS: `arn:aws:iam::${HYPOTHETICAL_FOREIGN_ACCOUNT}:root` }) })],
    });
  }
  const aclGap = gapFor(bucket.gaps, 'acl');
  if (aclGap) {
    out.push({ kind: 'data', reason: `bucket ACL unknown: ${aclGap.reason}`, least: (t) => ({ ...t, acl: null }), most: [(t) => ({ ...t, acl: everythingAcl(t.acl?.ownerId) })] });
  }
  const bpaGap = gapFor(bucket.gaps, 'publicAccessBlock');
  if (bpaGap) {
    out.push({ kind: 'neutralizer', reason: `bucket Block Public Access unknown: ${bpaGap.reason}`, least: (t) => ({ ...t, bucketBpa: ALL_ON }), most: [(t) => ({ ...t, bucketBpa: null })] });
  }
  const accountGap = gapFor(bucket.gaps, 'accountPublicAccessBlock');
  if (accountGap) {
    out.push({ kind: 'neutralizer', reason: `account Block Public Access unknown: ${accountGap.reason}`, least: (t) => ({ ...t, accountBpa: ALL_ON }), most: [(t) => ({ ...t, accountBpa: null })] });
  }
  const ownershipGap = gapFor(bucket.gaps, 'ownershipControls');
  if (ownershipGap) {
    out.push({
      kind: 'neutralizer',
      reason: `Object Ownership unknown: ${ownershipGap.reason}`,
      least: (t) => ({ ...t, ownership: 'BucketOwnerEnforced' }),
      most: [(t) => ({ ...t, ownership: 'ObjectWriter' })],
    });
  }
  return out;
}

export function analyzeS3Bucket(bucket: S3AccessInputs, roleIds: ReadonlySet<string>, trust: TrustSettings): BucketAnalysis {
  const ctx: S3Context = { bucketArn: bucket.arn || bucket.id, owner: bucket.account, roleIds, trust };
  const actual: S3Inputs = {
    policy: bucket.policy,
    acl: bucket.acl,
    bucketBpa: bucket.publicAccessBlock,
    accountBpa: bucket.accountPublicAccessBlock,
    ownership: bucket.ownershipControls,
  };
  const unknowns = unknownsOf(bucket);
  const grantsOf = memoByFields((t: typeof actual) => s3Grants(t, ctx));
  const { flags, gaps } = boundFlags(actual, unknowns, (t) => flagsOfGrants(grantsOf(t)));
  const shown = grantsOf(displayInput(actual, unknowns));
  const strict = grantsOf(displayInput(actual, unknowns, true));
  const grants = markNeutralizerDependent(shown, strict, unknowns as UnknownInput<unknown>[]);
  const conditionalPublic = grants.some((g) => isEffective(g) && (g.reach === 'public' || g.reach === 'authenticated') && g.conditional);
  return { access: bucketAccess(grants, flags, conditionalPublic), gaps, grants: grants.filter(isEffective) };
}
