import type { AccessEvidence } from '../../model/index.js';

type Lists = Map<readonly AccessEvidence[], Map<AccessEvidence | undefined, AccessEvidence[]>>;

/**
 * Evidence of identity reach shared across the identities of one analysis. Many roles carry the same policy statement
 * (one managed policy, or one template), and each of them that can write a bucket of another account gets the same
 * evidence list for it: one frozen list per distinct statement, bucket grant and permissions boundary instead of one
 * per role and bucket, which is the only part of the result that grows with roles x buckets.
 */
export class SharedEvidence {
  private readonly byJson = new Map<string, AccessEvidence>();
  private readonly lists = new Map<AccessEvidence, Lists>();

  /** An earlier evidence object with the same JSON, or this one. */
  one(e: AccessEvidence): AccessEvidence {
    const key = JSON.stringify(e);
    const known = this.byJson.get(key);
    if (known) return known;
    this.byJson.set(key, Object.freeze(e));
    return e;
  }

  /** `[first, ...middle, last]` (without `last` when undefined) as a shared frozen list; `first` and `last` from `one`. */
  list(first: AccessEvidence, middle: readonly AccessEvidence[], last: AccessEvidence | undefined): AccessEvidence[] {
    let byMiddle = this.lists.get(first);
    if (!byMiddle) this.lists.set(first, (byMiddle = new Map()));
    let byLast = byMiddle.get(middle);
    if (!byLast) byMiddle.set(middle, (byLast = new Map()));
    let list = byLast.get(last);
    if (!list) byLast.set(last, (list = Object.freeze(last ? [first, ...middle, last] : [first, ...middle]) as AccessEvidence[]));
    return list;
  }
}
