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

export type GcsAccessInputs = Pick<GcpStorageBucket, (typeof GCS_ACCESS_FIELDS)[number]>;

/**
 * A key equal for two buckets whose access inputs are equal JSON values (an absent field and `undefined` alike), so
 * that they can share one analysis. Values that differ only in key order get different keys, which costs a second
 * analysis, never a wrong one.
 */
export function gcsAccessKey(bucket: GcsAccessInputs, ids: ValueIds): string {
  let key = 'gcs';
  for (const f of GCS_ACCESS_FIELDS) key += `\u0000${ids.of(bucket[f])}`;
  return key;
}
