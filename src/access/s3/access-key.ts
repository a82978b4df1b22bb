import { statementsOf, type AwsS3Bucket, type PolicyStatement } from '../../model/index.js';
import { hasWildcard } from '../glob.js';
import type { ValueIds } from '../value-ids.js';

/** The fields of an S3 bucket its access analysis reads (each one is in the key below). */
export type S3AccessInputs = Pick<AwsS3Bucket, 'id' | 'arn' | 'account' | 'policy' | 'acl' | 'publicAccessBlock' | 'accountPublicAccessBlock' | 'ownershipControls' | 'gaps'>;

const NOT_SHAREABLE = Symbol('not shareable');

/**
 * A Resource / NotResource element with the bucket's own ARN written relative to it. A pattern that is the bucket's ARN,
 * or starts with it and a `/`, matches this bucket's objects exactly as the same relative pattern matches any other
 * bucket's (bucket names have no wildcards); a literal naming another bucket matches none of this bucket's. A pattern
 * with a wildcard outside the relative part (`*`, `arn:aws:s3:::ml-*`) may match one bucket and not another: such a
 * policy is not shared.
 */
function relativeResources(element: string | string[] | undefined, arn: string): unknown {
  if (element === undefined) return undefined;
  const out: unknown[] = [];
  for (const p of Array.isArray(element) ? element : [element]) {
    if (p === arn || (p.startsWith(arn) && p[arn.length] === '/')) out.push({ self: p.slice(arn.length) });
    else if (hasWildcard(p)) return NOT_SHAREABLE;
    else out.push(p);
  }
  return Array.isArray(element) ? out : out[0];
}

/**
 * The statements as a short text: each field by its id (`ValueIds`), Resource and NotResource relative to the bucket.
 * JSON texts and ids are self-delimiting, so different statements give different texts.
 */
function relativeStatements(statements: readonly PolicyStatement[], arn: string, ids: ValueIds): string | typeof NOT_SHAREABLE {
  let key = '';
  for (const st of statements) {
    key += '{';
    for (const field in st) {
      const value = (st as Record<string, unknown>)[field];
      if (field === 'Resource' || field === 'NotResource') {
        const relative = relativeResources(value as string | string[] | undefined, arn);
        if (relative === NOT_SHAREABLE) return NOT_SHAREABLE;
        key += `${field}=${JSON.stringify(relative)};`;
      } else key += `${JSON.stringify(field)}=${ids.of(value)};`;
    }
    key += '}';
  }
  return key;
}

/**
 * A key equal for two buckets whose access inputs are equal once their policies name their own ARN relatively (see
 * `relativeResources`), so that they can share one analysis; undefined when the policy cannot be shared. The analysis
 * uses the bucket's ARN only to match Resource patterns: its grants and evidence never contain it.
 */
export function s3AccessKey(bucket: S3AccessInputs, ids: ValueIds): string | undefined {
  const arn = bucket.arn || bucket.id;
  if (hasWildcard(arn) || arn.includes('/')) return undefined;
  const policy = bucket.policy ? relativeStatements(statementsOf(bucket.policy), arn, ids) : 'none';
  if (policy === NOT_SHAREABLE) return undefined;
  const settings = `${ids.of(bucket.acl)},${ids.of(bucket.publicAccessBlock)},${ids.of(bucket.accountPublicAccessBlock)},${ids.of(bucket.ownershipControls)},${ids.of(bucket.gaps)}`;
  return `s3\u0000${JSON.stringify(bucket.account)}\u0000${policy}\u0000${settings}`;
}
