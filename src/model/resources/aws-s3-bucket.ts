import { z } from 'zod';
import { envelopeShape } from '../envelope.js';
import { BucketAccess } from '../access.js';
import { PolicyDocument } from '../policy.js';

export const PublicAccessBlock = z.object({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});
export type PublicAccessBlock = z.infer<typeof PublicAccessBlock>;

export const S3Grant = z.object({
  grantee: z.object({
    type: z.enum(['CanonicalUser', 'Group', 'AmazonCustomerByEmail']),
    id: z.string().optional(),
    uri: z.string().optional(),
    displayName: z.string().optional(),
    email: z.string().optional(),
  }),
  permission: z.enum(['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL']),
});
export type S3Grant = z.infer<typeof S3Grant>;

export const AwsS3Bucket = z.object({
  ...envelopeShape,
  kind: z.literal('aws.s3.bucket'),
  arn: z.string(),
  creationDate: z.string().optional(),
  policy: PolicyDocument.nullable().describe('bucket policy, null when the bucket has none'),
  acl: z.object({ ownerId: z.string().optional(), grants: z.array(S3Grant) }).nullable(),
  publicAccessBlock: PublicAccessBlock.nullable().describe('bucket-level Block Public Access, null when not configured'),
  accountPublicAccessBlock: PublicAccessBlock.nullable().describe('account-level Block Public Access, null when not configured'),
  ownershipControls: z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).nullable(),
  versioning: z.object({ enabled: z.boolean(), status: z.enum(['Enabled', 'Suspended', 'Disabled']), mfaDelete: z.boolean() }),
  objectLock: z.object({ enabled: z.boolean(), mode: z.enum(['GOVERNANCE', 'COMPLIANCE']).optional(), days: z.number().optional(), years: z.number().optional() }),
  encryption: z.object({
    enabled: z.boolean(),
    algorithm: z.string().optional().describe('AES256, aws:kms or aws:kms:dsse'),
    kmsKeyId: z.string().optional(),
    bucketKeyEnabled: z.boolean().optional(),
    customerManagedKey: z.boolean().describe('encrypted with a KMS key (SSE-KMS or DSSE-KMS)'),
  }),
  logging: z.object({ enabled: z.boolean(), targetBucket: z.string().optional(), targetPrefix: z.string().optional() }),
  access: BucketAccess.optional().describe('effective access, computed by the access analysis'),
});
export type AwsS3Bucket = z.infer<typeof AwsS3Bucket>;
