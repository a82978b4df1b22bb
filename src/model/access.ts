import { z } from 'zod';
import type { Gap } from './envelope.js';

/** Why an access flag has the value it has: the statement, grant, binding or setting that decided it. */
export const AccessEvidence = z.object({
  source: z.enum([
    'bucket-policy',
    'acl',
    'iam-binding',
    'block-public-access',
    'object-ownership',
    'public-access-prevention',
    'uniform-bucket-level-access',
    'identity-policy',
    'trust-policy',
  ]),
  detail: z.string().describe('human-readable explanation'),
  statementIndex: z.number().int().optional(),
  sid: z.string().optional(),
  grant: z.string().optional(),
  setting: z.string().optional(),
  role: z.string().optional(),
  member: z.string().optional(),
  condition: z.string().optional(),
});
export type AccessEvidence = z.infer<typeof AccessEvidence>;

/** One principal that can act on a bucket, with what it can do and why. */
export const AccessGrant = z.object({
  principal: z.string().describe('principal node id, e.g. "principal:internet", "principal:aws-account:111122223333"'),
  principalType: z.enum(['public', 'authenticated', 'account', 'organization', 'service', 'federated', 'role', 'user', 'domain', 'project', 'group', 'service-account']),
  external: z.boolean().describe('outside the owning account or project and not declared trusted'),
  access: z.array(z.enum(['read', 'write', 'list'])),
  prefix: z.string().optional().describe('object key prefix the grant is limited to, when narrower than the whole bucket'),
  conditional: z.boolean().describe('allowed only under a condition aispm cannot prove false'),
  evidence: z.array(AccessEvidence),
});
export type AccessGrant = z.infer<typeof AccessGrant>;

export const ACCESS_FLAGS = ['publicRead', 'publicWrite', 'publicList', 'crossAccountRead', 'crossAccountWrite', 'authenticatedRead', 'authenticatedWrite'] as const;
export type AccessFlag = (typeof ACCESS_FLAGS)[number];

/** Effective access computed by src/access from the collected policy, ACL, IAM and public-access settings. */
export const BucketAccess = z.object({
  publicRead: z.boolean().describe('anyone, or any AWS account, can read objects'),
  publicWrite: z.boolean().describe('anyone, or any AWS account, can write objects'),
  publicList: z.boolean().describe('anyone, or any AWS account, can list objects'),
  crossAccountRead: z.boolean().describe('a principal outside the owning account/project can read objects'),
  crossAccountWrite: z.boolean().describe('a principal outside the owning account/project can write objects'),
  authenticatedRead: z.boolean().describe('any authenticated user (AuthenticatedUsers / allAuthenticatedUsers) can read'),
  authenticatedWrite: z.boolean().describe('any authenticated user can write'),
  conditionalPublic: z.boolean().describe('a public grant exists that only applies under conditions (GCS IAM conditions)'),
  writers: z.array(AccessGrant),
  readers: z.array(AccessGrant),
  evidence: z.record(z.string(), z.array(AccessEvidence)).describe('per flag, the evidence that decided it'),
  neutralized: z.array(AccessEvidence).describe('public grants switched off by Block Public Access, Object Ownership or public access prevention'),
});
export type BucketAccess = z.infer<typeof BucketAccess>;

/** What an execution role or service account can reach, computed from its identity and trust policies. */
export const IdentityReach = z.object({
  writableBuckets: z.array(z.object({ bucket: z.string(), prefix: z.string().optional(), evidence: z.array(AccessEvidence) })),
  assumableBy: z.array(AccessGrant),
  wildcardS3Write: z.boolean().describe('an identity policy allows S3 writes on "*" or every bucket'),
  canPassRole: z.boolean().describe('an identity policy allows iam:PassRole on "*"'),
  externallyAssumable: z.boolean().describe('a principal outside the account can assume it'),
});
export type IdentityReach = z.infer<typeof IdentityReach>;

/**
 * What the access analysis sets on a bucket (`access`) or an identity (`reach`), with the resource's gaps under it
 * replaced. The scan pipeline hands these over by resource position, and the graph stage sets them in its one copy.
 */
export type AccessAnnotation = { access: BucketAccess; gaps: Gap[] } | { reach: IdentityReach; gaps: Gap[] };
