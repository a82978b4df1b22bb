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

function relativeStatements(statements: readonly PolicyStatement[], arn: string): unknown[] | typeof NOT_SHAREABLE {
  const out: unknown[] = [];
  for (const st of statements) {
    const Resource = relativeResources(st.Resource, arn);
    const NotResource = relativeResources(st.NotResource, arn);
    if (Resource === NOT_SHAREABLE || NotResource === NOT_SHAREABLE) return NOT_SHAREABLE;
    out.push({ ...st, Resource, NotResource });
  }
  return out;
}

/**
 * A key equal for two buckets whose access inputs are equal once their policies name their own ARN relatively (see
 * `relativeResources`), so that they can share one analysis; undefined when the policy cannot be shared. The analysis
 * uses the bucket's ARN only to match Resource patterns: its grants and evidence never contain it.
 */
export function s3AccessKey(bucket: S3AccessInputs, ids: ValueIds): string | undefined {
  const arn = bucket.arn || bucket.id;
  if (hasWildcard(arn) || arn.includes('/')) return undefined;
  const statements = bucket.policy ? relativeStatements(statementsOf(bucket.policy), arn) : null;
  if (statements === NOT_SHAREABLE) return undefined;
  const policy = statements ? ids.ofJson(JSON.stringify(statements)) : 'none';
  const settings = [bucket.acl, bucket.publicAccessBlock, bucket.accountPublicAccessBlock, bucket.ownershipControls, bucket.gaps].map((v) => ids.of(v)).join('\u0000');
  return `s3\u0000${JSON.stringify(bucket.account)}\u0000${policy}\u0000${settings}`;
}
