import { awsAccountPrincipal, type AwsIamRole, type GcpIamServiceAccount } from '../../model/index.js';
import type { Grant, GrantsById } from '../types.js';

/**
 * The buckets an identity could possibly write, so that reach analysis looks at those instead of every bucket of the
 * inventory (which made it roles x buckets). An AWS role's identity policy reaches its own account's buckets; a bucket
 * elsewhere only through a bucket-policy write grant to the role or its account (a bucket anyone can write is not
 * repeated in every identity's reach: that would be identities x public buckets). A service account reaches
 * its project's buckets through project roles, others only through a bucket binding naming it. The lists keep the
 * inventory order, so results are the same as scanning every bucket.
 */
export class CandidateBuckets<B extends { id: string; account: string }> {
  private readonly byAccount = new Map<string, Positioned<B>>();
  private readonly writableBy = new Map<string, Positioned<B>>();

  private readonly writersOf = new Map<readonly Grant[], readonly string[]>();
  private count = 0;

  /**
   * The buckets in inventory order, with the write grants of each by id (or add them one by one with `add`), and their
   * positions in the inventory when known.
   */
  constructor(buckets: readonly B[] = [], grantsByBucket?: GrantsById, positions?: readonly number[]) {
    for (let i = 0; i < buckets.length; i++) this.add(buckets[i], grantsByBucket?.get(buckets[i].id), positions?.[i]);
  }

  /**
   * Adds the next bucket in inventory order, with its write grants and its position in the inventory (ascending from
   * bucket to bucket; the count of buckets added so far when left out).
   */
  add(bucket: B, writeGrants: readonly Grant[] | undefined, at?: number): void {
    const position = at ?? this.count;
    this.count++;
    push(this.byAccount, bucket.account, bucket, position);
    if (!writeGrants || writeGrants.length === 0) return;
    // buckets with the same access share their grant list: its writers are listed once
    let writers = this.writersOf.get(writeGrants);
    if (!writers) this.writersOf.set(writeGrants, (writers = distinctWriters(writeGrants)));
    for (let i = 0; i < writers.length; i++) push(this.writableBy, writers[i], bucket, position);
  }

  forAwsRole(role: AwsIamRole): B[] {
    return this.awsRoleCandidates(role).buckets;
  }

  /** forAwsRole's buckets with their positions. */
  awsRoleCandidates(role: AwsIamRole): Positioned<B> {
    return this.merge(role.account, [role.id, awsAccountPrincipal(role.account)]);
  }

  /** Ids of the buckets whose grants give write to this principal. */
  writableByPrincipal(principal: string): ReadonlySet<string> {
    const list = this.writableBy.get(principal);
    return list ? new Set(list.buckets.map((b) => b.id)) : EMPTY;
  }

  forServiceAccount(sa: GcpIamServiceAccount): B[] {
    return this.serviceAccountCandidates(sa).buckets;
  }

  /** forServiceAccount's buckets with their positions. */
  serviceAccountCandidates(sa: GcpIamServiceAccount): Positioned<B> {
    return this.merge(sa.account, [sa.id]);
  }

  private merge(account: string, writers: string[]): Positioned<B> {
    let out = this.byAccount.get(account) ?? NONE;
    for (let i = 0; i < writers.length; i++) {
      const list = this.writableBy.get(writers[i]);
      if (list && list.buckets.some((b) => b.account !== account)) out = union(out, list);
    }
    return out;
  }
}

/** Buckets in inventory order, with their positions in it (or their numbers in the order they were added). */
export interface Positioned<B> {
  buckets: B[];
  positions: number[];
}

const NONE: Positioned<never> = { buckets: [], positions: [] };

/** Both lists in inventory order; their union, in inventory order. */
function union<B>(a: Positioned<B>, b: Positioned<B>): Positioned<B> {
  const out: Positioned<B> = { buckets: [], positions: [] };
  let i = 0;
  let j = 0;
  while (i < a.buckets.length || j < b.buckets.length) {
    const pa = i < a.buckets.length ? a.positions[i] : Infinity;
    const pb = j < b.buckets.length ? b.positions[j] : Infinity;
    if (pa <= pb) {
      out.buckets.push(a.buckets[i++]);
      out.positions.push(pa);
      if (pa === pb) j++;
    } else {
      out.buckets.push(b.buckets[j++]);
      out.positions.push(pb);
    }
  }
  return out;
}

const EMPTY: ReadonlySet<string> = new Set();

function distinctWriters(grants: readonly Grant[]): string[] {
  const writers = new Set<string>();
  for (const g of grants) if (g.access.includes('write')) writers.add(g.principal);
  return [...writers];
}

function push<B>(map: Map<string, Positioned<B>>, key: string, bucket: B, position: number): void {
  const list = map.get(key);
  if (list) {
    list.buckets.push(bucket);
    list.positions.push(position);
  } else map.set(key, { buckets: [bucket], positions: [position] });
}
