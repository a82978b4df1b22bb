import { buildExample } from '../../src/rules/examples.js';
import { INVENTORY_SCHEMA_VERSION, type AwsIamRole, type AwsS3Bucket, type GcpIamServiceAccount, type GcpStorageBucket, type Inventory, type Resource } from '../../src/model/index.js';

export const OWNER = '111122223333';
export const OTHER = '444455556666';

function build<T>(kind: Resource['kind'], partial: Record<string, unknown>): T {
  const r = buildExample(kind, partial);
  if (!r.ok) throw new Error(`bad test resource: ${r.message} ${JSON.stringify(r.issues ?? [])}`);
  return r.resource as T;
}

export function s3Bucket(name: string, over: Partial<AwsS3Bucket> = {}): AwsS3Bucket {
  return build<AwsS3Bucket>('aws.s3.bucket', {
    id: `arn:aws:s3:::${name}`,
    arn: `arn:aws:s3:::${name}`,
    name,
    account: OWNER,
    policy: null,
    acl: { ownerId: 'owner-canonical', grants: [] },
    publicAccessBlock: null,
    accountPublicAccessBlock: null,
    ownershipControls: 'ObjectWriter',
    ...over,
  });
}

export function gcsBucket(name: string, over: Partial<GcpStorageBucket> = {}): GcpStorageBucket {
  return build<GcpStorageBucket>('gcp.storage.bucket', {
    id: `//storage.googleapis.com/projects/_/buckets/${name}`,
    name,
    account: 'ml-project',
    projectNumber: '123456789',
    location: 'US',
    iamPolicy: { version: 3, bindings: [] },
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'inherited',
    orgEnforcesPublicAccessPrevention: false,
    acl: null,
    defaultObjectAcl: null,
    ...over,
  });
}

export function iamRole(name: string, over: Partial<AwsIamRole> = {}): AwsIamRole {
  return build<AwsIamRole>('aws.iam.role', {
    id: `arn:aws:iam::${OWNER}:role/${name}`,
    arn: `arn:aws:iam::${OWNER}:role/${name}`,
    name,
    account: OWNER,
    region: 'global',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    inlinePolicies: [],
    attachedPolicies: [],
    ...over,
  });
}

export function serviceAccount(email: string, over: Partial<GcpIamServiceAccount> = {}): GcpIamServiceAccount {
  return build<GcpIamServiceAccount>('gcp.iam.service-account', {
    id: `projects/ml-project/serviceAccounts/${email}`,
    name: email,
    email,
    account: 'ml-project',
    region: 'global',
    isDefaultCompute: false,
    projectRoles: [],
    ...over,
  });
}

export function inventory(resources: Resource[]): Inventory {
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: '2026-01-01T00:00:00.000Z',
    targets: [],
    resources,
    edges: [],
    coverage: { services: [], failures: [] },
  };
}

export const policy = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement }) as AwsS3Bucket['policy'];
