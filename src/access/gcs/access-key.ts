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

/** First number of a Cloud Storage key (an S3 key starts with another). */
export const GCS_KEY_TAG = 1;

/**
 * A key equal for two buckets whose access inputs are equal JSON values (an absent field and `undefined` alike), so
 * that they can share one analysis. Values that differ only in key order get different keys, which costs a second
 * analysis, never a wrong one.
 */
export function gcsAccessKey(bucket: GcsAccessInputs, ids: ValueIds): string {
  ids.begin();
  ids.add(GCS_KEY_TAG);
  for (const f of GCS_ACCESS_FIELDS) ids.addValue(bucket[f]);
  // a condition on resource.name can name this bucket: it decides differently for a bucket of another name
  if (bucket.iamPolicy.bindings.some((b) => b.condition)) ids.add(ids.ofText(bucket.name));
  return ids.end();
}
