import { INTERNET, type AccessEvidence, type Edge, type EdgeType } from '../model/index.js';
import { includesEvidence } from './same-evidence.js';
import type { Grant } from './types.js';
import type { Writable } from './identity/aws-role.js';
import { ChunkedInt32s, ChunkedList } from '../chunked-list.js';

const ACCESS_EDGE_TYPES: ReadonlySet<EdgeType> = new Set<EdgeType>(['can-read', 'can-write', 'can-assume']);

const edgeKey = (e: Edge) => `${e.from}\u0000${e.type}\u0000${e.to}\u0000${e.prefix ?? ''}`;

/**
 * The access edges of one analysis, one per principal, type, target and prefix: a second grant for the same edge adds
 * its evidence, and one unconditional grant is enough for the edge to hold unconditionally. Edges already in the
 * inventory are not added again. Evidence arrays are shared with the grants they come from until a merge adds to one,
 * which then gets its own copy.
 */
export class AccessEdges {
  private readonly existing = new Set<string>();
  /** from -> to -> the edge, or the edges of different types or prefixes, between them (no key string per edge) */
  private readonly byEnds = new Map<string, Map<string, Edge | Edge[]>>();
  private readonly added = new ChunkedList<Edge>();
  /** the inventory positions of the ends of each added edge, -1 where not given (the graph then looks the id up) */
  private readonly fromAt = new ChunkedInt32s();
  private readonly toAt = new ChunkedInt32s();
  private readonly ownEvidence = new Set<Edge>();
  /**
   * Sources whose `addWritable` edges are not in `byEnds`, with where those edges are in `added`: an identity with no
   * edge yet gets can-write edges nothing but another can-write edge from it can merge into, so they are indexed only
   * if one comes (the identity written twice), not for every identity and bucket.
   */
  private readonly notIndexed = new Map<string, { start: number; end: number }>();
  /**
   * Grant edges from a later source, not in `byEnds`: where they are in `added`, in ascending order of their bucket's
   * position. That source's `addWritable` finds the ones it merges into by walking this list alongside its entries
   * (both in inventory order) instead of through a map of every bucket it was granted; any other edge from it indexes
   * them first.
   */
  private readonly grantsFrom = new Map<string, number[]>();
  /**
   * The grant edges of each distinct grant list (buckets with the same access share theirs), merged, to copy per
   * bucket: those of the first bucket with the list, which serve as long as no edge was merged into (until then they
   * hold what the merged list held; at 10^6 resources about 150,000 list edges fewer)
   */
  private readonly grantEdges = new Map<readonly Grant[], readonly Edge[]>();

  /**
   * `laterSources`: the only nodes that can be the source of an edge added after the grant edges of a bucket (the
   * identities whose reach is added next); a grant edge from any other node is never merged into, so it is not
   * indexed. Undefined: any node.
   */
  constructor(
    inventoryEdges: readonly Edge[],
    private readonly laterSources?: ReadonlySet<string>,
  ) {
    for (let i = 0; i < inventoryEdges.length; i++) if (ACCESS_EDGE_TYPES.has(inventoryEdges[i].type)) this.existing.add(edgeKey(inventoryEdges[i]));
  }

  /**
   * `e` must be a new object: it is kept, and changed by later merges (its evidence array is not). `fromAt`, `toAt`:
   * the inventory positions of the resources its ends are, when known.
   */
  add(e: Edge, fromAt = -1, toAt = -1): void {
    if (this.existing.size > 0 && this.existing.has(edgeKey(e))) return;
    if (e.type === 'can-write' && this.notIndexed.size > 0) this.indexWritable(e.from);
    if ((e.type === 'can-write' || e.type === 'can-read') && this.grantsFrom.size > 0) this.indexGrants(e.from);
    let byTo = this.byEnds.get(e.from);
    if (!byTo) this.byEnds.set(e.from, (byTo = new Map()));
    this.addBetween(byTo, e, fromAt, toAt);
  }

  /** Adds the edge to those between its ends (`byTo`: the source's), or merges it into the one in its slot. */
  private addBetween(byTo: Map<string, Edge | Edge[]>, e: Edge, fromAt: number, toAt: number): void {
    const between = byTo.get(e.to);
    const prev = between === undefined ? undefined : Array.isArray(between) ? between.find((x) => sameSlot(x, e)) : sameSlot(between, e) ? between : undefined;
    if (prev) {
      this.merge(prev, e);
      return;
    }
    const edge = e.evidence ? e : { ...e, evidence: [] };
    index(byTo, edge);
    this.push(edge, fromAt, toAt);
  }

  private push(edge: Edge, fromAt: number, toAt: number): void {
    this.added.push(edge);
    this.fromAt.push(fromAt);
    this.toAt.push(toAt);
  }

  /** Indexes the grant edges of a source that were not indexed (`grantsFrom`). */
  private indexGrants(from: string): void {
    const list = this.grantsFrom.get(from);
    if (!list) return;
    this.grantsFrom.delete(from);
    let byTo = this.byEnds.get(from);
    if (!byTo) this.byEnds.set(from, (byTo = new Map()));
    for (let i = 0; i < list.length; i++) index(byTo, this.added.at(list[i]));
  }

  /**
   * A grant edge from a later source (nothing else from it was added: the grant edges come first), kept out of
   * `byEnds` while the buckets' positions ascend; a bucket's grant edges are merged already, and edges of different
   * buckets never merge.
   */
  private addLaterGrant(edge: Edge, bucketAt: number): void {
    let list = this.grantsFrom.get(edge.from);
    const inOrder = bucketAt >= 0 && (list === undefined || this.toAt.at(list[list.length - 1]) <= bucketAt);
    if (!inOrder || this.byEnds.has(edge.from) || this.notIndexed.has(edge.from)) {
      this.add(edge, -1, bucketAt);
      return;
    }
    if (!list) this.grantsFrom.set(edge.from, (list = []));
    list.push(this.added.length);
    this.push(edge, -1, bucketAt);
  }

  /** Indexes the `addWritable` edges of a source that were not indexed. */
  private indexWritable(from: string): void {
    const range = this.notIndexed.get(from);
    if (!range) return;
    // its grant edges were added before these
    this.indexGrants(from);
    this.notIndexed.delete(from);
    let byTo = this.byEnds.get(from);
    if (!byTo) this.byEnds.set(from, (byTo = new Map()));
    for (let i = range.start; i < range.end; i++) index(byTo, this.added.at(i));
  }

  /** One unconditional grant is enough for the edge to hold unconditionally; evidence is copied before it is added to. */
  private merge(prev: Edge, e: Edge): void {
    if (this.grantEdges.size > 0) this.grantEdges.clear();
    const owned = this.ownEvidence.has(prev);
    if (mergeEdge(prev, e, owned) && !owned) this.ownEvidence.add(prev);
  }

  /**
   * Grant edges of a bucket (can-write, can-read). Edges of different buckets never merge, so a grant list's edges are
   * merged once, for the first bucket that has the list, and copied for each later one; only edges
   * a later edge can merge into are indexed, or listed by source in bucket order (`grantsFrom`).
   */
  addGrants(bucketId: string, grants: readonly Grant[], bucketAt = -1): void {
    if (this.existing.size > 0) {
      const edges = grantEdges(grants, bucketId);
      for (let i = 0; i < edges.length; i++) this.add(edges[i], -1, bucketAt);
      return;
    }
    const known = this.grantEdges.get(grants);
    // the first bucket with the list gets the merged edges themselves, which then serve as the list's template
    const edges = known ?? mergedEdges(grantEdges(grants, bucketId));
    for (let i = 0; i < edges.length; i++) {
      const edge = known ? copyTo(known[i], bucketId) : edges[i];
      if (!this.laterSources) this.add(edge, -1, bucketAt);
      else if (this.laterSources.has(edge.from)) this.addLaterGrant(edge, bucketAt);
      else this.push(edge, -1, bucketAt);
    }
    if (!known) this.grantEdges.set(grants, edges);
  }

  /**
   * can-write edges from an identity to the buckets it can write. `bucketsAt`: the inventory positions of the entries'
   * buckets, given only when each bucket's entries come together and distinct buckets have distinct positions (no id
   * repeats); an entry can then merge only into an edge of its own bucket's run or a grant edge from the identity to
   * its bucket, both found without a map.
   */
  addWritable(identityId: string, writable: Writable, identityAt = -1, bucketsAt?: readonly number[]): void {
    const { entries, conditional } = writable;
    if (!bucketsAt) this.indexGrants(identityId);
    const fresh = this.existing.size === 0 && !this.byEnds.has(identityId) && !this.notIndexed.has(identityId);
    // with the buckets' positions, the grant edges from it (in bucket order) are walked alongside the entries
    const grants = fresh && bucketsAt ? this.grantsFrom.get(identityId) : undefined;
    let g = 0;
    // an identity with no edge yet: only its own entries can merge, found in its bucket's run or through a map of this
    // call's edges
    const byTo = fresh && !bucketsAt ? new Map<string, Edge | Edge[]>() : undefined;
    const start = this.added.length;
    let run = start;
    for (let i = 0; i < entries.length; i++) {
      const w = entries[i];
      const edge: Edge =
        w.prefix !== undefined
          ? { from: identityId, to: w.bucket, type: 'can-write', prefix: w.prefix, conditional: conditional[i], evidence: w.evidence }
          : { from: identityId, to: w.bucket, type: 'can-write', conditional: conditional[i], evidence: w.evidence };
      const bucketAt = bucketsAt ? bucketsAt[i] : -1;
      if (fresh && bucketsAt) {
        if (i > 0 && bucketAt !== bucketsAt[i - 1]) run = this.added.length;
        let prev = this.sameSlotFrom(run, edge);
        if (!prev && grants) {
          if (i > 0 && bucketAt < bucketsAt[i - 1]) g = 0;
          while (g < grants.length && this.toAt.at(grants[g]) < bucketAt) g++;
          for (let j = g; j < grants.length && this.toAt.at(grants[j]) === bucketAt && !prev; j++) if (sameSlot(this.added.at(grants[j]), edge)) prev = this.added.at(grants[j]);
        }
        if (prev) this.merge(prev, edge);
        else this.push(edge, identityAt, bucketAt);
      } else if (byTo) this.addBetween(byTo, edge, identityAt, bucketAt);
      else this.add(edge, identityAt, bucketAt);
    }
    if (fresh && this.added.length > start) this.notIndexed.set(identityId, { start, end: this.added.length });
  }

  /** The edge among those added from `first` on with the same type and prefix as `e` (they all end where `e` does). */
  private sameSlotFrom(first: number, e: Edge): Edge | undefined {
    for (let j = first; j < this.added.length; j++) if (sameSlot(this.added.at(j), e)) return this.added.at(j);
    return undefined;
  }

  /** The new edges, in the order first added. */
  values(): readonly Edge[] {
    return this.added.toArray();
  }

  /** `before`, then the new edges, in one new array. */
  appendedTo(before: readonly Edge[]): Edge[] {
    return this.added.appendedTo(before);
  }

  /** By new edge (as in `values`), the inventory positions of its ends, -1 where not known. */
  ends(): EdgeEnds {
    return { from: this.fromAt.toInt32s(), to: this.toAt.toInt32s() };
  }
}

/**
 * Inventory positions of the resources at the ends of a list of edges, by edge; -1 where not known. Made in chunks
 * and copied once (ChunkedInt32s): at 10^6 about 26 MiB of external memory in all, where Int32Arrays grown by copying
 * once gave two of four runs two more full collections in the access stage (about 1 s): V8 counts typed arrays'
 * memory as external and starts a full collection once 64 MB more of it was allocated since the last one.
 */
export interface EdgeEnds {
  from: Int32Array;
  to: Int32Array;
}

/** Puts an edge (new in its slot) among those between its ends. */
function index(byTo: Map<string, Edge | Edge[]>, edge: Edge): void {
  const between = byTo.get(edge.to);
  if (between === undefined) byTo.set(edge.to, edge);
  else if (Array.isArray(between)) between.push(edge);
  else byTo.set(edge.to, [between, edge]);
}

const NO_EVIDENCE: readonly AccessEvidence[] = [];

/** A template edge of a grant list, to another bucket (a new object: `add` keeps it and may change it). */
function copyTo(t: Edge, bucketId: string): Edge {
  return t.prefix !== undefined
    ? { from: t.from, to: bucketId, prefix: t.prefix, conditional: t.conditional, evidence: t.evidence, type: t.type }
    : { from: t.from, to: bucketId, conditional: t.conditional, evidence: t.evidence, type: t.type };
}

/** Same type and prefix (edges between the same two nodes). */
function sameSlot(a: Edge, b: Edge): boolean {
  return a.type === b.type && (a.prefix ?? '') === (b.prefix ?? '');
}

function grantEdges(grants: readonly Grant[], bucketId: string): Edge[] {
  const out: Edge[] = [];
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i];
    // a public statement limited to a VPC, endpoint, IP range or source ARN is not public and names no principal: no edge
    if (g.principal === INTERNET && g.reach === 'internal') continue;
    if (g.access.includes('write')) out.push(grantEdge(g, bucketId, 'can-write'));
    if (g.access.includes('read')) out.push(grantEdge(g, bucketId, 'can-read'));
  }
  return out;
}

/** Lists up to this long are merged by searching them instead of through an `AccessEdges`. */
const SEARCHED = 16;

/** The edges merged as `AccessEdges` merges them (the same objects, in the same order), for one bucket's few edges. */
function mergedEdges(edges: readonly Edge[]): readonly Edge[] {
  if (edges.length > SEARCHED) {
    const all = new AccessEdges([]);
    for (let i = 0; i < edges.length; i++) all.add(edges[i]);
    return all.values();
  }
  const out: Edge[] = [];
  const owned: boolean[] = [];
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    let at = -1;
    for (let j = 0; j < out.length && at < 0; j++) if (out[j].from === e.from && out[j].to === e.to && sameSlot(out[j], e)) at = j;
    if (at >= 0) {
      owned[at] = mergeEdge(out[at], e, owned[at]);
      continue;
    }
    out.push(e.evidence ? e : { ...e, evidence: [] });
    owned.push(false);
  }
  return out;
}

/**
 * Merges `e` into `prev`: one unconditional edge is enough for the edge to hold unconditionally, and `prev` gets the
 * evidence it lacks, in a copy of its list unless `owned` (its list is its own already). Returns whether it is now.
 */
function mergeEdge(prev: Edge, e: Edge, owned: boolean): boolean {
  prev.conditional = !!prev.conditional && !!e.conditional;
  const added = e.evidence ?? NO_EVIDENCE;
  for (let i = 0; i < added.length; i++) {
    const ev = added[i];
    if (includesEvidence(prev.evidence!, ev)) continue;
    if (!owned) {
      prev.evidence = prev.evidence!.slice();
      owned = true;
    }
    prev.evidence!.push(ev);
  }
  return owned;
}

function grantEdge(g: Grant, bucketId: string, type: EdgeType): Edge {
  return g.prefix !== undefined
    ? { from: g.principal, to: bucketId, prefix: g.prefix, conditional: g.conditional, evidence: g.evidence, type }
    : { from: g.principal, to: bucketId, conditional: g.conditional, evidence: g.evidence, type };
}
