import type { GcpStorageBucket } from '../../model/index.js';
import type { ValueIds } from '../value-ids.js';

/** The fields of a Cloud Storage bucket its access analysis reads: nothing else (not its name) changes the result. */
const GCS_ACCESS_FIELDS = [
  'account',
  'projectNumber',
  'iamPolicy',
  'customRoles',
  'publicAccessPrevention',
  'orgEnforcesPublicAccessPrevention',
  'uniformBucketLevelAccess',
  'acl',
  'defaultObjectAcl',
  'gaps',
] as const;

/** `name` is read only by IAM conditions on `resource.name` (see `gcsAccessKey`). */
export type GcsAccessInputs = Pick<GcpStorageBucket, (typeof GCS_ACCESS_FIELDS)[number] | 'name'>;

/**
 * A key equal for two buckets whose access inputs are equal JSON values (an absent field and `undefined` alike), so
 * that they can share one analysis. Values that differ only in key order get different keys, which costs a second
 * analysis, never a wrong one.
 */
export function gcsAccessKey(bucket: GcsAccessInputs, ids: ValueIds): string {
  let key = 'gcs';
  for (const f of GCS_ACCESS_FIELDS) key += `\u0000${ids.of(bucket[f])}`;
  // a condition on resource.name can name this bucket: it decides differently for a bucket of another name
  if (bucket.iamPolicy.bindings.some((b) => b.condition)) key += `\u0000${bucket.name}`;
  return key;
}
