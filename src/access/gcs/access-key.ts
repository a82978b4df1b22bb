import type { GcpStorageBucket, GcsBinding } from '../../model/index.js';
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
  for (let i = 0; i < GCS_ACCESS_FIELDS.length; i++) ids.addValue(bucket[GCS_ACCESS_FIELDS[i]]);
  // a condition on resource.name can name this bucket: it decides differently for a bucket of another name
  if (hasCondition(bucket.iamPolicy.bindings)) ids.add(ids.ofText(bucket.name));
  return ids.end();
}

function hasCondition(bindings: readonly GcsBinding[]): boolean {
  for (let i = 0; i < bindings.length; i++) if (bindings[i].condition) return true;
  return false;
}
