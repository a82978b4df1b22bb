import { statementsOf, type AwsS3Bucket, type PolicyStatement } from '../../model/index.js';
import { hasWildcard } from '../glob.js';
import type { ValueIds } from '../value-ids.js';

/** The fields of an S3 bucket its access analysis reads (each one is in the key below). */
export type S3AccessInputs = Pick<AwsS3Bucket, 'id' | 'arn' | 'account' | 'policy' | 'acl' | 'publicAccessBlock' | 'accountPublicAccessBlock' | 'ownershipControls' | 'gaps'>;

/**
 * Writes a Resource / NotResource element to the key with the bucket's own ARN written relative to it. A pattern that
 * is the bucket's ARN, or starts with it and a `/`, matches this bucket's objects exactly as the same relative pattern
 * matches any other bucket's (bucket names have no wildcards); a literal naming another bucket matches none of this
 * bucket's. A pattern with a wildcard outside the relative part (`*`, `arn:aws:s3:::ml-*`) may match one bucket and
 * not another: such a policy is not shared (returns false).
 */
function addRelativeResources(element: string | string[] | undefined, arn: string, ids: ValueIds): boolean {
  if (element === undefined) {
    ids.add(0);
    return true;
  }
  const isList = Array.isArray(element);
  const count = isList ? element.length : 1;
  ids.add(isList ? 2 : 1);
  ids.add(count);
  for (let i = 0; i < count; i++) {
    const p = isList ? element[i] : element;
    if (p === arn || (p.startsWith(arn) && p[arn.length] === '/')) {
      ids.add(1);
      ids.add(ids.ofTextFrom(p, arn.length));
    } else if (hasWildcard(p)) return false;
    else {
      ids.add(0);
      ids.add(ids.ofText(p));
    }
  }
  return true;
}

/**
 * Writes the statements to the key: each field by the id of its name and of its value (`ValueIds`), Resource and
 * NotResource relative to the bucket, a 0 after each statement's fields. False when the policy cannot be shared.
 */
function addRelativeStatements(statements: readonly PolicyStatement[], arn: string, ids: ValueIds): boolean {
  ids.add(statements.length);
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    for (const field in st) {
      const value = (st as Record<string, unknown>)[field];
      ids.add(ids.ofText(field) + 1);
      if (field === 'Resource' || field === 'NotResource') {
        if (!addRelativeResources(value as string | string[] | undefined, arn, ids)) return false;
      } else ids.addValue(value);
    }
    ids.add(0);
  }
  return true;
}

/** First number of an S3 key (a Cloud Storage key starts with another). */
export const S3_KEY_TAG = 0;

/**
 * A key equal for two buckets whose access inputs are equal once their policies name their own ARN relatively (see
 * `addRelativeResources`), so that they can share one analysis; undefined when the policy cannot be shared. The
 * analysis uses the bucket's ARN only to match Resource patterns: its grants and evidence never contain it.
 */
export function s3AccessKey(bucket: S3AccessInputs, ids: ValueIds): string | undefined {
  const arn = bucket.arn || bucket.id;
  if (hasWildcard(arn) || arn.includes('/')) return undefined;
  ids.begin();
  ids.add(S3_KEY_TAG);
  ids.addValue(bucket.account);
  if (!bucket.policy) ids.add(0);
  else {
    ids.add(1);
    if (!addRelativeStatements(statementsOf(bucket.policy), arn, ids)) return undefined;
  }
  ids.addValue(bucket.acl);
  ids.addValue(bucket.publicAccessBlock);
  ids.addValue(bucket.accountPublicAccessBlock);
  ids.addValue(bucket.ownershipControls);
  ids.addValue(bucket.gaps);
  return ids.end();
}
