import { z } from 'zod';
import { envelopeShape } from '../envelope.js';
import { BucketAccess } from '../access.js';

export const GcsBinding = z.object({
  role: z.string(),
  members: z.array(z.string()),
  condition: z.object({ title: z.string().optional(), description: z.string().optional(), expression: z.string() }).optional(),
});
export type GcsBinding = z.infer<typeof GcsBinding>;

export const GcsAclEntry = z.object({ entity: z.string(), role: z.string() });

export const GcpStorageBucket = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.storage.bucket'),
  projectNumber: z.string().optional(),
  location: z.string(),
  storageClass: z.string().optional(),
  iamPolicy: z.object({ version: z.number().int(), bindings: z.array(GcsBinding) }),
  uniformBucketLevelAccess: z.boolean(),
  publicAccessPrevention: z.enum(['enforced', 'inherited', 'unspecified']),
  orgEnforcesPublicAccessPrevention: z.boolean().optional().describe('the storage.publicAccessPrevention organization policy applies, when known'),
  versioning: z.boolean(),
  retentionPolicy: z.object({ retentionPeriodSeconds: z.number(), isLocked: z.boolean() }).nullable(),
  softDeleteRetentionSeconds: z.number().describe('0 when soft delete is off'),
  defaultKmsKeyName: z.string().nullable(),
  logging: z.object({ logBucket: z.string(), logObjectPrefix: z.string().optional() }).nullable(),
  acl: z.array(GcsAclEntry).nullable().describe('legacy bucket ACL; null when uniform bucket-level access is on'),
  defaultObjectAcl: z.array(GcsAclEntry).nullable(),
  customRoles: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .describe('permissions of the custom roles (projects/P/roles/R, organizations/O/roles/R) named in iamPolicy, when collected'),
  access: BucketAccess.optional(),
});
export type GcpStorageBucket = z.infer<typeof GcpStorageBucket>;
