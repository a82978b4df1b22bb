import { INTERNET, type Edge, type EdgeType } from '../model/index.js';
import { sameEvidence } from './same-evidence.js';
import type { Grant } from './types.js';
import type { WritableBucket } from './identity/aws-role.js';

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
  private readonly added: Edge[] = [];
  private readonly ownEvidence = new Set<Edge>();
  /** the grant edges of each distinct grant list (buckets with the same access share theirs), merged, to copy per bucket */
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
    for (const e of inventoryEdges) if (ACCESS_EDGE_TYPES.has(e.type)) this.existing.add(edgeKey(e));
  }

  /** `e` must be a new object: it is kept, and changed by later merges (its evidence array is not). */
  add(e: Edge): void {
    if (this.existing.size > 0 && this.existing.has(edgeKey(e))) return;
    let byTo = this.byEnds.get(e.from);
    if (!byTo) this.byEnds.set(e.from, (byTo = new Map()));
    const between = byTo.get(e.to);
    const prev = between === undefined ? undefined : Array.isArray(between) ? between.find((x) => sameSlot(x, e)) : sameSlot(between, e) ? between : undefined;
    if (!prev) {
      const edge = e.evidence ? e : { ...e, evidence: [] };
      if (between === undefined) byTo.set(e.to, edge);
      else if (Array.isArray(between)) between.push(edge);
      else byTo.set(e.to, [between, edge]);
      this.added.push(edge);
      return;
    }
    this.merge(prev, e);
  }

  /** One unconditional grant is enough for the edge to hold unconditionally; evidence is copied before it is added to. */
  private merge(prev: Edge, e: Edge): void {
    prev.conditional = !!prev.conditional && !!e.conditional;
    for (const ev of e.evidence ?? []) {
      if (prev.evidence!.some((x) => sameEvidence(x, ev))) continue;
      if (!this.ownEvidence.has(prev)) {
        prev.evidence = [...prev.evidence!];
        this.ownEvidence.add(prev);
      }
      prev.evidence!.push(ev);
    }
  }

  /**
   * Grant edges of a bucket (can-write, can-read). Edges of different buckets never merge, so a grant list's edges are
   * merged once (into an empty set, with a placeholder bucket) and copied for each bucket that has the list; only
   * copies a later edge can merge into are indexed.
   */
  addGrants(bucketId: string, grants: readonly Grant[]): void {
    if (this.existing.size > 0) {
      for (const e of grantEdges(grants, bucketId)) this.add(e);
      return;
    }
    let merged = this.grantEdges.get(grants);
    if (!merged) {
      const once = new AccessEdges([]);
      for (const e of grantEdges(grants, '')) once.add(e);
      this.grantEdges.set(grants, (merged = once.values()));
    }
    for (const t of merged) {
      const edge: Edge =
        t.prefix !== undefined
          ? { from: t.from, to: bucketId, prefix: t.prefix, conditional: t.conditional, evidence: t.evidence, type: t.type }
          : { from: t.from, to: bucketId, conditional: t.conditional, evidence: t.evidence, type: t.type };
      if (!this.laterSources || this.laterSources.has(edge.from)) this.add(edge);
      else this.added.push(edge);
    }
  }

  /** can-write edges from an identity to the buckets it can write. */
  addWritable(identityId: string, writable: readonly WritableBucket[]): void {
    for (const w of writable) {
      this.add(
        w.prefix !== undefined
          ? { from: identityId, to: w.bucket, type: 'can-write', prefix: w.prefix, conditional: w.conditional, evidence: w.evidence }
          : { from: identityId, to: w.bucket, type: 'can-write', conditional: w.conditional, evidence: w.evidence },
      );
    }
  }

  /** The new edges, in the order first added. */
  values(): readonly Edge[] {
    return this.added;
  }
}

/** Same type and prefix (edges between the same two nodes). */
function sameSlot(a: Edge, b: Edge): boolean {
  return a.type === b.type && (a.prefix ?? '') === (b.prefix ?? '');
}

function* grantEdges(grants: readonly Grant[], bucketId: string): Generator<Edge> {
  for (const g of grants) {
    // a public statement limited to a VPC, endpoint, IP range or source ARN is not public and names no principal: no edge
    if (g.principal === INTERNET && g.reach === 'internal') continue;
    if (g.access.includes('write')) yield grantEdge(g, bucketId, 'can-write');
    if (g.access.includes('read')) yield grantEdge(g, bucketId, 'can-read');
  }
}

function grantEdge(g: Grant, bucketId: string, type: EdgeType): Edge {
  return g.prefix !== undefined
    ? { from: g.principal, to: bucketId, prefix: g.prefix, conditional: g.conditional, evidence: g.evidence, type }
    : { from: g.principal, to: bucketId, conditional: g.conditional, evidence: g.evidence, type };
}
