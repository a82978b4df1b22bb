import { gcsBucketId, type GcpStorageBucket, type Gap, type GcsBinding } from '../../../model/index.js';
import { asArray, asObject, asString, labelsOf } from './proto-value.js';
import { isKnown, type Read } from './read.js';

export interface BucketReadings {
  /** project id the bucket was listed in */
  project: string;
  /** the Cloud Storage JSON API bucket resource as returned by buckets.list */
  metadata: Record<string, unknown>;
  /** buckets.getIamPolicy with optionsRequestedPolicyVersion=3 */
  iamPolicy: Read<{ version?: number; bindings?: unknown[] }>;
  /** bucketAccessControls.list; only read when uniform bucket-level access is off */
  acl?: Read<unknown[]>;
  /** defaultObjectAccessControls.list; only read when uniform bucket-level access is off */
  defaultObjectAcl?: Read<unknown[]>;
  /** the project's effective storage.publicAccessPrevention organization policy; read when the bucket's own setting is not enforced */
  orgPolicy?: Read<boolean>;
}

export function isUniformAccess(metadata: Record<string, unknown>): boolean {
  const iam = asObject(metadata.iamConfiguration);
  return asObject(iam.uniformBucketLevelAccess).enabled === true || asObject(iam.bucketPolicyOnly).enabled === true;
}

function publicAccessPrevention(v: unknown): GcpStorageBucket['publicAccessPrevention'] {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return s === 'enforced' ? 'enforced' : s === 'unspecified' ? 'unspecified' : 'inherited';
}

const int = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
};

export function bindingsOf(bindings: unknown[] | undefined): GcsBinding[] {
  return (bindings ?? []).map((b) => {
    const o = asObject(b);
    const cond = asObject(o.condition);
    const expression = asString(cond.expression);
    return {
      role: String(o.role ?? ''),
      members: asArray(o.members).map(String),
      ...(expression ? { condition: { expression, ...(asString(cond.title) ? { title: String(cond.title) } : {}), ...(asString(cond.description) ? { description: String(cond.description) } : {}) } } : {}),
    };
  });
}

const aclEntries = (items: unknown[]) => items.map((i) => ({ entity: String(asObject(i).entity ?? ''), role: String(asObject(i).role ?? '') }));

/** JSON API bucket + IAM policy + ACLs -> gcp.storage.bucket. Failed reads become gaps, never defaults that look safe or unsafe. */
export function mapBucket(r: BucketReadings): GcpStorageBucket {
  const m = r.metadata;
  const name = String(m.name);
  const gaps: Gap[] = [];
  const uniform = isUniformAccess(m);

  let iamPolicy: GcpStorageBucket['iamPolicy'] = { version: 0, bindings: [] };
  if (isKnown(r.iamPolicy)) iamPolicy = { version: r.iamPolicy.value.version ?? 1, bindings: bindingsOf(r.iamPolicy.value.bindings) };
  else gaps.push({ path: 'iamPolicy', reason: r.iamPolicy.gap });

  const readAcl = (read: Read<unknown[]> | undefined, path: 'acl' | 'defaultObjectAcl') => {
    if (uniform) return null;
    // the list response includes acl/defaultObjectAcl only with projection=full; prefer the explicit reads
    if (read === undefined) {
      const inline = m[path];
      if (Array.isArray(inline)) return aclEntries(inline);
      gaps.push({ path, reason: `not read: ${path} needs a separate call` });
      return [];
    }
    if (isKnown(read)) return aclEntries(read.value);
    gaps.push({ path, reason: read.gap });
    return [];
  };
  const acl = readAcl(r.acl, 'acl');
  const defaultObjectAcl = readAcl(r.defaultObjectAcl, 'defaultObjectAcl');

  let orgEnforcesPublicAccessPrevention: boolean | undefined;
  if (r.orgPolicy && isKnown(r.orgPolicy)) orgEnforcesPublicAccessPrevention = r.orgPolicy.value;
  else if (r.orgPolicy) gaps.push({ path: 'orgEnforcesPublicAccessPrevention', reason: r.orgPolicy.gap });

  const retention = asObject(m.retentionPolicy);
  const logging = asObject(m.logging);
  const location = String(m.location ?? 'US');
  return {
    id: gcsBucketId(name),
    kind: 'gcp.storage.bucket',
    category: 'storage.bucket',
    provider: 'gcp',
    account: r.project,
    region: location.toLowerCase(),
    name,
    tags: labelsOf(m.labels),
    gaps,
    ...(m.projectNumber !== undefined ? { projectNumber: String(m.projectNumber) } : {}),
    location,
    ...(asString(m.storageClass) ? { storageClass: String(m.storageClass) } : {}),
    iamPolicy,
    uniformBucketLevelAccess: uniform,
    publicAccessPrevention: publicAccessPrevention(asObject(m.iamConfiguration).publicAccessPrevention),
    ...(orgEnforcesPublicAccessPrevention !== undefined ? { orgEnforcesPublicAccessPrevention } : {}),
    versioning: asObject(m.versioning).enabled === true,
    retentionPolicy: m.retentionPolicy ? { retentionPeriodSeconds: int(retention.retentionPeriod), isLocked: retention.isLocked === true } : null,
    softDeleteRetentionSeconds: int(asObject(m.softDeletePolicy).retentionDurationSeconds),
    defaultKmsKeyName: asString(asObject(m.encryption).defaultKmsKeyName) ?? null,
    logging: asString(logging.logBucket) ? { logBucket: String(logging.logBucket), ...(asString(logging.logObjectPrefix) ? { logObjectPrefix: String(logging.logObjectPrefix) } : {}) } : null,
    acl,
    defaultObjectAcl,
  };
}
