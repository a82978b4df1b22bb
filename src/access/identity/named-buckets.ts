import type { AwsS3Bucket } from '../../model/index.js';
import { sortedInPlace } from '../sorted-in-place.js';

interface ByArn {
  /** how many times a role asked about this list (the index is made at the second) */
  asked: number;
  /** a bucket's place, or the places of buckets with the same ARN (a list per ARN was 10 MiB at 10^6 resources) */
  byArn?: Map<string, number | number[]>;
  /** buckets whose ARN has a `/`: a role's named buckets never exclude them */
  slashed?: number[];
}

/**
 * Which of a candidate list's buckets a role whose statements name their buckets must look at: those whose ARN it
 * names, and those with a `/` in their ARN (never skipped), by their place in the list, ascending. Most roles of an
 * account name a few buckets of the account's hundreds, and each used to read every candidate to skip the others (at
 * 10^6 resources 1.6 million of 2.3 million role x bucket pairs, each a first touch of a bucket). The index of a list is
 * made when a second role asks about it (one role alone reads it no faster with one), and kept for the lists asked
 * about again (the account lists the candidates come from; a list made for one role is asked about once).
 */
export class NamedBuckets {
  private readonly lists = new WeakMap<readonly AwsS3Bucket[], ByArn>();

  /** The places in `buckets` to look at, or undefined: look at every one. */
  of(buckets: readonly AwsS3Bucket[], named: ReadonlySet<string>): number[] | undefined {
    let list = this.lists.get(buckets);
    if (!list) this.lists.set(buckets, (list = { asked: 0 }));
    list.asked++;
    if (list.asked < 2) return undefined;
    if (!list.byArn) indexList(buckets, list);
    const out = list.slashed!.slice();
    for (const arn of named) {
      const at = list.byArn!.get(arn);
      if (typeof at === 'number') out.push(at);
      else if (at) for (let i = 0; i < at.length; i++) out.push(at[i]);
    }
    return dropRepeats(ascending(out));
  }
}

function indexList(buckets: readonly AwsS3Bucket[], list: ByArn): void {
  const byArn = new Map<string, number | number[]>();
  const slashed: number[] = [];
  for (let i = 0; i < buckets.length; i++) {
    const arn = buckets[i].arn || buckets[i].id;
    if (arn.includes('/')) slashed.push(i);
    const at = byArn.get(arn);
    if (at === undefined) byArn.set(arn, i);
    else if (typeof at === 'number') byArn.set(arn, [at, i]);
    else at.push(i);
  }
  list.byArn = byArn;
  list.slashed = slashed;
}

/** Longer lists are sorted by `sort`, which allocates a copy to sort (at 10^6 resources 9.5 MiB over the roles' lists). */
const SORTED_IN_PLACE = 32;

/** The list sorted in ascending order, in place. */
export function ascending(list: number[]): number[] {
  return sortedInPlace(list, (a, b) => a - b, SORTED_IN_PLACE);
}

/** A sorted list without its repeats, in place. */
function dropRepeats(sorted: number[]): number[] {
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i];
  sorted.length = kept;
  return sorted;
}
