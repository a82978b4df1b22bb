import type {
  GetBucketAclCommandOutput,
  GetBucketEncryptionCommandOutput,
  GetBucketLoggingCommandOutput,
  GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommandOutput,
  PublicAccessBlockConfiguration,
  Tag,
} from '@aws-sdk/client-s3';
import { PolicyDocument, type AwsS3Bucket, type PublicAccessBlock, type S3Grant } from '../../model/index.js';

/** Pure mappings from S3 API responses to the aws.s3.bucket model. */

/** GetBucketLocation: null/"" means us-east-1, the legacy "EU" means eu-west-1. */
export function bucketRegionOf(locationConstraint: string | undefined | null): string {
  if (!locationConstraint) return 'us-east-1';
  if (locationConstraint === 'EU') return 'eu-west-1';
  return locationConstraint;
}

/** An absent flag in a Block Public Access configuration is false, as in S3. */
export function mapPublicAccessBlock(cfg: PublicAccessBlockConfiguration | undefined): PublicAccessBlock | null {
  if (!cfg) return null;
  return {
    blockPublicAcls: cfg.BlockPublicAcls === true,
    ignorePublicAcls: cfg.IgnorePublicAcls === true,
    blockPublicPolicy: cfg.BlockPublicPolicy === true,
    restrictPublicBuckets: cfg.RestrictPublicBuckets === true,
  };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A policy document (bucket policy, IAM policy) from its JSON text; IAM's URL-encoded form is decoded first. */
export function parsePolicyDocument(text: string, urlEncoded = false): Parsed<PolicyDocument> {
  let raw = text;
  if (urlEncoded && !text.trimStart().startsWith('{')) {
    try {
      raw = decodeURIComponent(text);
    } catch {
      return { ok: false, reason: 'policy document is not valid URL encoding' };
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return { ok: false, reason: `policy document is not valid JSON: ${(e as Error).message}` };
  }
  const parsed = PolicyDocument.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `policy document does not match the IAM policy grammar: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, value: parsed.data };
}

const GRANTEE_TYPES = new Set(['CanonicalUser', 'Group', 'AmazonCustomerByEmail']);
const PERMISSIONS = new Set(['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL']);

export function mapAcl(out: Pick<GetBucketAclCommandOutput, 'Owner' | 'Grants'>): NonNullable<AwsS3Bucket['acl']> {
  const grants: S3Grant[] = [];
  for (const g of out.Grants ?? []) {
    const type = g.Grantee?.Type;
    if (!type || !GRANTEE_TYPES.has(type) || !g.Permission || !PERMISSIONS.has(g.Permission)) continue;
    grants.push({
      grantee: {
        type: type as S3Grant['grantee']['type'],
        ...(g.Grantee?.ID ? { id: g.Grantee.ID } : {}),
        ...(g.Grantee?.URI ? { uri: g.Grantee.URI } : {}),
        ...(g.Grantee?.DisplayName ? { displayName: g.Grantee.DisplayName } : {}),
        ...(g.Grantee?.EmailAddress ? { email: g.Grantee.EmailAddress } : {}),
      },
      permission: g.Permission as S3Grant['permission'],
    });
  }
  return { ...(out.Owner?.ID ? { ownerId: out.Owner.ID } : {}), grants };
}

export function mapVersioning(out: Pick<GetBucketVersioningCommandOutput, 'Status' | 'MFADelete'>): AwsS3Bucket['versioning'] {
  const status = out.Status === 'Enabled' ? 'Enabled' : out.Status === 'Suspended' ? 'Suspended' : 'Disabled';
  return { enabled: status === 'Enabled', status, mfaDelete: out.MFADelete === 'Enabled' };
}

export function mapObjectLock(out: Pick<GetObjectLockConfigurationCommandOutput, 'ObjectLockConfiguration'> | undefined): AwsS3Bucket['objectLock'] {
  const cfg = out?.ObjectLockConfiguration;
  if (!cfg || cfg.ObjectLockEnabled !== 'Enabled') return { enabled: false };
  const retention = cfg.Rule?.DefaultRetention;
  return {
    enabled: true,
    ...(retention?.Mode === 'GOVERNANCE' || retention?.Mode === 'COMPLIANCE' ? { mode: retention.Mode } : {}),
    ...(retention?.Days !== undefined ? { days: retention.Days } : {}),
    ...(retention?.Years !== undefined ? { years: retention.Years } : {}),
  };
}

/**
 * A bucket without a default encryption configuration: since 5 January 2023 S3 applies SSE-S3 to every bucket as its
 * base level of encryption, so ServerSideEncryptionConfigurationNotFoundError means SSE-S3, not unencrypted.
 */
export const SSE_S3_DEFAULT: AwsS3Bucket['encryption'] = { enabled: true, algorithm: 'AES256', customerManagedKey: false };

export function mapEncryption(out: Pick<GetBucketEncryptionCommandOutput, 'ServerSideEncryptionConfiguration'> | undefined): AwsS3Bucket['encryption'] {
  const rule = out?.ServerSideEncryptionConfiguration?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault) ?? out?.ServerSideEncryptionConfiguration?.Rules?.[0];
  const byDefault = rule?.ApplyServerSideEncryptionByDefault;
  if (!byDefault?.SSEAlgorithm) return { enabled: false, customerManagedKey: false };
  const algorithm = byDefault.SSEAlgorithm;
  return {
    enabled: true,
    algorithm,
    ...(byDefault.KMSMasterKeyID ? { kmsKeyId: byDefault.KMSMasterKeyID } : {}),
    ...(rule?.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: rule.BucketKeyEnabled } : {}),
    customerManagedKey: algorithm.startsWith('aws:kms') && !!byDefault.KMSMasterKeyID && !/alias\/aws\/s3$/.test(byDefault.KMSMasterKeyID),
  };
}

export function mapLogging(out: Pick<GetBucketLoggingCommandOutput, 'LoggingEnabled'>): AwsS3Bucket['logging'] {
  const l = out.LoggingEnabled;
  if (!l?.TargetBucket) return { enabled: false };
  return { enabled: true, targetBucket: l.TargetBucket, ...(l.TargetPrefix !== undefined ? { targetPrefix: l.TargetPrefix } : {}) };
}

export function mapTags(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

const OWNERSHIP = new Set(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);
export function mapOwnership(rule: string | undefined): AwsS3Bucket['ownershipControls'] {
  return rule && OWNERSHIP.has(rule) ? (rule as AwsS3Bucket['ownershipControls']) : null;
}
