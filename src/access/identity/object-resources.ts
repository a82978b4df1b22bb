import type { PolicyStatement } from '../../model/index.js';
import { literalPrefix } from '../glob.js';
import { NOWHERE, WHOLE_BUCKET, allowScopes, objectScopes, type Scope } from '../s3/statement.js';

/**
 * An Allow statement's object-level reach, prepared once per statement so that each bucket is checked only against
 * the Resource patterns that can match it. A pattern whose literal start runs past the bucket name (e.g.
 * `arn:aws:s3:::ml-data/train/*`) can only match that one bucket, since bucket names contain no `/`; patterns with a
 * wildcard in the bucket name are checked against every bucket. Patterns that cannot match add nothing to the scopes,
 * so the result is the same as `allowScopes(statement, bucketArn, 'object')`.
 */
export class ObjectResources {
  private readonly everywhere: string[] = [];
  /** L of each pattern `L*` (no other wildcard, no `/` in L): it reaches every object of each bucket whose ARN starts with L */
  private readonly everyObjectFrom: string[] = [];
  private readonly byBucket = new Map<string, string[]>();
  private readonly all: string[] | undefined;

  constructor(private readonly st: PolicyStatement) {
    if (st.Resource === undefined) return; // NotResource, or no resource: checked as written
    this.all = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
    for (const p of this.all) {
      const literal = literalPrefix(p);
      const slash = literal.indexOf('/');
      if (slash < 0 && literal === p) continue; // a bucket ARN, or any other literal without a `/`: no object
      if (slash < 0) {
        this.everywhere.push(p);
        if (literal.length === p.length - 1 && p.endsWith('*')) this.everyObjectFrom.push(p.slice(0, -1));
      } else {
        const bucketArn = p.slice(0, slash);
        const list = this.byBucket.get(bucketArn);
        if (list) list.push(p);
        else this.byBucket.set(bucketArn, [p]);
      }
    }
  }

  /** The buckets (without a `/` in their ARN) this statement can reach when its Resource names each; undefined when any. */
  namedBuckets(): ReadonlySet<string> | undefined {
    return this.all && this.everywhere.length === 0 ? new Set(this.byBucket.keys()) : undefined;
  }

  scopes(bucketArn: string): readonly Scope[] {
    if (!this.all || bucketArn.includes('/')) return allowScopes(this.st, bucketArn, 'object');
    for (const from of this.everyObjectFrom) if (bucketArn.startsWith(from)) return WHOLE_BUCKET;
    const named = this.byBucket.get(bucketArn);
    if (!named) return this.everywhere.length ? objectScopes(this.everywhere, bucketArn) : NOWHERE;
    return objectScopes(this.everywhere.length ? [...this.everywhere, ...named] : named, bucketArn);
  }
}
