import { EDGE_TYPES, isPrincipalId, type AccessAnnotation, type Edge, type EdgeType, type Inventory, type Resource, type TrustSettings } from '../model/index.js';
import { EDGE_FLOW, EDGE_TYPE_INDEX } from './edge-flow.js';
import { principalInfo, TrustModel, type PrincipalInfo } from './principal-trust.js';
import { isServingEndpoint } from './serving.js';

/**
 * The inventory as a graph with integer node indices and compressed adjacency (CSR) in the direction data and control
 * flow (see EDGE_FLOW). Node i is `ids[i]`; the edges leaving node i in flow order are
 * `outEdges[outStart[i] .. outStart[i+1])`, each an index into `edges`.
 */
export interface Graph {
  readonly nodeCount: number;
  /** nodes 0 .. scannedCount-1 are the collected resources (`resources[i]` defined); the others only edges name */
  readonly scannedCount: number;
  readonly ids: string[];
  /** node index by id (made on first use: the build itself looks ids up without it when the resources are in id order) */
  readonly index: Map<string, number>;
  /**
   * the inventory resource behind a node; undefined for principals and for ids the scan did not collect. Holds the
   * collected resources only (length scannedCount): the nodes after them read past its end, which gives undefined
   */
  readonly resources: (Resource | undefined)[];
  /** node index of each inventory resource (by position), -1 for a resource whose id came earlier */
  readonly resourceNode: Int32Array;
  /** kind and category of each collected resource as an index into `names` (0 = "unscanned": not collected) */
  readonly kindCode: Uint16Array;
  readonly categoryCode: Uint16Array;
  readonly names: string[];
  /** principal type and owner, for principal ids and IAM ARNs */
  readonly principals: (PrincipalInfo | undefined)[];
  /** 1 when the node is a principal outside the scanned accounts and not declared trusted */
  readonly external: Uint8Array;
  /** 1 for storage buckets (collected, or referenced by a storage URI): the nodes where prefixes matter */
  readonly bucket: Uint8Array;
  /** 1 for endpoints serving traffic now (isServingEndpoint) */
  readonly serving: Uint8Array;
  readonly edges: Edge[];
  readonly edgeType: Uint8Array;
  /**
   * `edges[e].prefix`, in one array so walks need not touch the edge objects. Not codes into a list of the distinct
   * prefixes: at 10^6 resources (3.0 M edges, 310,000 distinct prefixes) the Map that finds the codes allocates
   * 21 MiB, garbage until a full collection, and the build ends with about 20 MiB more memory than with this 23 MiB
   * list (docs/attack-paths.md)
   */
  readonly edgePrefix: (string | undefined)[];
  /** flow source / flow sink of each edge (node indices) */
  readonly flowFrom: Int32Array;
  readonly flowTo: Int32Array;
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;
  readonly inStart: Int32Array;
  readonly inEdges: Int32Array;
}

export interface BuildGraphOptions {
  trust?: TrustSettings;
  /** the access analysis's annotations not yet set on the resources, by resource position: read in place of the resources' */
  pending?: readonly (AccessAnnotation | undefined)[];
  /**
   * For the edges from `start` on (the access analysis's), the position of a resource with the id at each end, -1
   * where not known: read instead of looking the id up, when no id repeats (resource k is then node k)
   */
  edgeEnds?: { start: number; from: ArrayLike<number>; to: ArrayLike<number> };
}

const FORWARD = EDGE_TYPES.map((t) => EDGE_FLOW[t] === 'forward');

/**
 * One pass over the resources (ids, flags, trust facts), one over the edges (node indices, flow ends), then the two
 * counting sorts: O(V + E), and no per-node objects but the principals'.
 */
export function buildGraph(inventory: Inventory, options: BuildGraphOptions = {}): Graph {
  const source = inventory.resources;
  const names = new NameCodes();
  const trustModel = new TrustModel(inventory.targets, options.trust);
  const nodes = nodesInOrder(source, trustModel, names) ?? nodesOfFirstIds(source, trustModel, names);
  const { ids, resources, resourceNode, kindCode, categoryCode, resourceBucket, resourceServing, principalResources, unique } = nodes;
  const scannedNodes = nodes.count;
  const lookup = new NodeLookup(ids, scannedNodes, nodes.index);

  const edges = inventory.edges;
  const E = edges.length;
  // ordinary typed arrays: V8 counts their memory as external, and at 10^6 resources these start the scan's one full
  // collection here, after the access stage's garbage is made. On SharedArrayBuffers (not counted) the collection only
  // moved to where the heap reached its limit, at the same cost and a higher peak (docs/benchmarks.md, session 9)
  const edgeType = new Uint8Array(E);
  const flowFrom = new Int32Array(E);
  const flowTo = new Int32Array(E);
  const edgePrefix: (string | undefined)[] = new Array(E);
  // resources is not grown with the added nodes: at 10^6 synthetic resources, the first push of their undefined
  // entries (1,943 nodes that edges alone name) grew the exact-length 8 MiB list into an 11 MiB one and left it as
  // garbage at the scan's memory peak
  const nodeOf = (id: string, near: number): number => {
    const i = lookup.find(id, near);
    return i >= 0 ? i : lookup.addNode(id);
  };
  // edges come grouped by their `from` (canonical order sorts them so, then by type), and the access analysis's grant
  // edges by their `to`: reuse the previous lookups. Sources in id order mostly have targets in id order for each edge
  // type (jobs of a team read and write the team's buckets): the search for a `to` starts at the last of its type.
  const lastToOfType = new Int32Array(EDGE_TYPES.length).fill(-1);
  let lastFrom: string | undefined;
  let lastA = -1;
  let lastTo: string | undefined;
  let lastB = -1;
  let lastType: EdgeType | undefined;
  let lastT = 0;
  const known = unique ? options.edgeEnds : undefined;
  const knownStart = known ? known.start : E;
  for (let e = 0; e < E; e++) {
    const edge = edges[e];
    const fromAt = e >= knownStart ? known!.from[e - knownStart] : -1;
    if (fromAt >= 0) {
      lastFrom = edge.from;
      lastA = fromAt;
    } else if (edge.from !== lastFrom) {
      lastFrom = edge.from;
      // edges come sorted by `from`: the next one is found a few nodes on
      lastA = nodeOf(lastFrom, lastA);
    }
    if (edge.type !== lastType) {
      lastType = edge.type;
      lastT = EDGE_TYPE_INDEX[lastType];
    }
    const t = lastT;
    const toAt = e >= knownStart ? known!.to[e - knownStart] : -1;
    if (toAt >= 0) {
      lastTo = edge.to;
      lastB = toAt;
    } else if (edge.to !== lastTo) {
      lastTo = edge.to;
      lastB = lastToOfType[t] = nodeOf(lastTo, lastToOfType[t]);
    }
    const a = lastA;
    const b = lastB;
    edgeType[e] = t;
    edgePrefix[e] = edge.prefix;
    if (FORWARD[t]) {
      flowFrom[e] = a;
      flowTo[e] = b;
    } else {
      flowFrom[e] = b;
      flowTo[e] = a;
    }
  }

  const V = ids.length;
  const [outStart, outEdges] = compress(V, flowFrom);
  const [inStart, inEdges] = compress(V, flowTo);

  const principals: (PrincipalInfo | undefined)[] = new Array(V);
  const external = new Uint8Array(V);
  const bucket = new Uint8Array(V);
  const serving = new Uint8Array(V);
  bucket.set(resourceBucket.subarray(0, scannedNodes));
  serving.set(resourceServing.subarray(0, scannedNodes));
  // principals the trust model calls external, before the access analysis's word on them (internalGrantees)
  const outside: number[] = [];
  const markPrincipal = (i: number) => {
    const info = principalInfo(ids[i]);
    principals[i] = info;
    if (info && trustModel.isExternal(info)) {
      external[i] = 1;
      if (info.type !== 'public' && info.type !== 'authenticated') outside.push(i);
    }
  };
  for (const i of principalResources) markPrincipal(i);
  // nodes only referenced by edges: principals, IAM ARNs, and resources the scan did not collect
  for (let i = scannedNodes; i < V; i++) {
    if (isUnscannedBucketId(ids[i])) bucket[i] = 1;
    markPrincipal(i);
  }
  if (outside.length) {
    const internal = internalGrantees(source, options.pending, resourceNode, kindCode, names.names, new Set(outside.map((i) => ids[i])));
    for (const i of outside) if (internal.has(ids[i])) external[i] = 0;
  }

  const nodeKind = new Uint16Array(V);
  nodeKind.set(kindCode.subarray(0, scannedNodes));
  const nodeCategory = new Uint16Array(V);
  nodeCategory.set(categoryCode.subarray(0, scannedNodes));
  return {
    nodeCount: V,
    scannedCount: scannedNodes,
    ids,
    get index() {
      return lookup.index();
    },
    resources,
    resourceNode,
    kindCode: nodeKind,
    categoryCode: nodeCategory,
    names: names.names,
    principals,
    external,
    bucket,
    serving,
    edges,
    edgeType,
    edgePrefix,
    flowFrom,
    flowTo,
    outStart,
    outEdges,
    inStart,
    inEdges,
  };
}

/** The collected resources as the first nodes: node of each resource position, and what the build reads of each node. */
interface ResourceNodes {
  /** resource id -> node index; undefined when the resources' ids are in strictly ascending order (node k = resource k) */
  index: Map<string, number> | undefined;
  ids: string[];
  resources: (Resource | undefined)[];
  /** node index of each resource position, -1 for a resource whose id came earlier */
  resourceNode: Int32Array;
  kindCode: Uint16Array;
  categoryCode: Uint16Array;
  resourceBucket: Uint8Array;
  resourceServing: Uint8Array;
  /** nodes whose id is a principal id */
  principalResources: number[];
  /** nodes made from resources */
  count: number;
  /** no id repeats: resource k is node k */
  unique: boolean;
}

function emptyNodes(R: number, ids: string[], resources: (Resource | undefined)[]): ResourceNodes {
  return {
    index: undefined,
    ids,
    resources,
    resourceNode: new Int32Array(R),
    kindCode: new Uint16Array(R),
    categoryCode: new Uint16Array(R),
    resourceBucket: new Uint8Array(R),
    resourceServing: new Uint8Array(R),
    principalResources: [],
    count: 0,
    unique: false,
  };
}

/** Reads what the build needs of a resource that is node n (its id and position are recorded by the caller). */
function readNode(nodes: ResourceNodes, r: Resource, n: number, names: NameCodes): void {
  nodes.kindCode[n] = names.ofKind(r.kind);
  nodes.categoryCode[n] = names.ofCategory(r.category);
  if (r.category === 'storage.bucket') nodes.resourceBucket[n] = 1;
  else if (r.category === 'ml.endpoint' && isServingEndpoint(r)) nodes.resourceServing[n] = 1;
  if (isPrincipalId(r.id)) nodes.principalResources.push(n);
}

/**
 * Resource k as node k, in one pass that reads each resource once (at 10^6 resources, each first read of one is a
 * cache miss): its id into the id list, its kind, category and trust facts. Undefined at the first id that repeats,
 * for nodesOfFirstIds to number the nodes.
 *
 * While the ids come in strictly ascending order, as in the scan's canonical order, no id can repeat and no index is
 * made: ids are then found by binary search (NodeLookup). At 10^6 resources the Map of every id costs about 0.3 s to
 * fill, about as much as all the edges' lookups in it, and 40 MB. At the first id not above the one before, the ids
 * so far go into the index and the rest follow.
 */
function nodesInOrder(source: readonly Resource[], trustModel: TrustModel, names: NameCodes): ResourceNodes | undefined {
  const R = source.length;
  const nodes = emptyNodes(R, new Array(R), source.slice());
  const { ids, resourceNode } = nodes;
  let index: Map<string, number> | undefined;
  let lastAccount: string | undefined;
  for (let k = 0; k < R; k++) {
    const r = source[k];
    const id = r.id;
    if (!index && k > 0 && !(ids[k - 1] < id)) {
      nodes.index = index = new Map();
      for (let j = 0; j < k; j++) index.set(ids[j], j);
    }
    if (index) {
      index.set(id, k);
      if (index.size !== k + 1) return undefined;
    }
    ids[k] = id;
    resourceNode[k] = k;
    if (r.account !== lastAccount || r.kind === 'gcp.storage.bucket') trustModel.addOwnResource(r);
    lastAccount = r.account;
    readNode(nodes, r, k, names);
  }
  nodes.count = R;
  nodes.unique = true;
  return nodes;
}

/**
 * The resources as nodes when some id repeats: the first resource with an id is its node, numbered in order of first
 * appearance; later ones are not nodes (resourceNode -1). The index is filled last to first, so that each id ends up
 * with its first position, then renumbered.
 */
function nodesOfFirstIds(source: readonly Resource[], trustModel: TrustModel, names: NameCodes): ResourceNodes {
  const R = source.length;
  const nodes = emptyNodes(R, [], []);
  const index = (nodes.index = new Map());
  const { ids, resources } = nodes;
  for (let k = R - 1; k >= 0; k--) index.set(source[k].id, k);
  let n = 0;
  for (let k = 0; k < R; k++) if (index.get(source[k].id) === k) index.set(source[k].id, n++);
  let lastAccount: string | undefined;
  for (let k = 0; k < R; k++) {
    const r = source[k];
    if (r.account !== lastAccount || r.kind === 'gcp.storage.bucket') trustModel.addOwnResource(r);
    lastAccount = r.account;
    const node = ids.length;
    if (index.get(r.id) !== node) {
      nodes.resourceNode[k] = -1;
      continue;
    }
    ids.push(r.id);
    resources.push(r);
    nodes.resourceNode[k] = node;
    readNode(nodes, r, node, names);
  }
  nodes.count = ids.length;
  return nodes;
}

/**
 * Node index by id, for the edges' ends. Nodes 0 .. sortedCount-1 are the resources; without an index their ids are
 * in strictly ascending order and are found by binary search, and only the nodes added after them (ids that edges
 * alone name: principals, resources not collected) are kept in a Map.
 */
class NodeLookup {
  private readonly added: Map<string, number>;
  private all: Map<string, number> | undefined;

  constructor(
    private readonly ids: string[],
    private readonly sortedCount: number,
    private readonly byId: Map<string, number> | undefined,
  ) {
    this.added = byId ?? new Map();
  }

  /** The node with this id, -1 if none. `near`: a node whose id is likely close to it (-1: none known). */
  find(id: string, near: number): number {
    if (!this.byId) {
      const k = near >= 0 && near < this.sortedCount ? this.searchFrom(id, near) : this.search(id, 0, this.sortedCount);
      if (k >= 0) return k;
    }
    return this.added.get(id) ?? -1;
  }

  addNode(id: string): number {
    const i = this.ids.length;
    this.ids.push(id);
    this.added.set(id, i);
    return i;
  }

  /** Every node by id (made once, when asked for). */
  index(): Map<string, number> {
    if (this.byId) return this.byId;
    if (!this.all) {
      this.all = new Map();
      for (let i = 0; i < this.ids.length; i++) this.all.set(this.ids[i], i);
    }
    return this.all;
  }

  /**
   * Galloping search from `near`, either way: a few steps when the id is a few nodes away (at most about twice the
   * steps of a binary search when it is far).
   */
  private searchFrom(id: string, near: number): number {
    const ids = this.ids;
    if (ids[near] === id) return near;
    let step = 1;
    if (id < ids[near]) {
      let hi = near;
      while (hi - step > 0 && id < ids[hi - step]) {
        hi -= step;
        step *= 2;
      }
      return this.search(id, Math.max(hi - step, 0), hi);
    }
    let lo = near + 1;
    while (lo + step < this.sortedCount && ids[lo + step - 1] < id) {
      lo += step;
      step *= 2;
    }
    return this.search(id, lo, Math.min(lo + step, this.sortedCount));
  }

  /** Binary search among the sorted nodes lo .. hi-1. */
  private search(id: string, lo: number, hi: number): number {
    const ids = this.ids;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sortedCount && ids[lo] === id ? lo : -1;
  }
}

/** Kind and category names as small integers (0 = "unscanned"); runs of one name cost one comparison each. */
class NameCodes {
  readonly names = ['unscanned'];
  private readonly codes = new Map<string, number>([['unscanned', 0]]);
  // a resource's kind and category are asked for one after the other, and resources in id order come in runs of one
  // kind: each keeps its own last answer (one shared last answer never matched, and 2 M Map lookups cost ~0.1 s at 10^6)
  private lastKind = 'unscanned';
  private lastKindCode = 0;
  private lastCategory = 'unscanned';
  private lastCategoryCode = 0;

  ofKind(kind: string): number {
    if (kind !== this.lastKind) {
      this.lastKindCode = this.code(kind);
      this.lastKind = kind;
    }
    return this.lastKindCode;
  }

  ofCategory(category: string): number {
    if (category !== this.lastCategory) {
      this.lastCategoryCode = this.code(category);
      this.lastCategory = category;
    }
    return this.lastCategoryCode;
  }

  private code(name: string): number {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.codes.set(name, code);
    }
    return code;
  }
}

/**
 * Counting sort of edge indices by their endpoint: O(V + E), two typed arrays. The edges are placed last to first,
 * each at the end of its node's range counted down in `start` itself (no copy of it to fill from: at 10^6 resources
 * 4 MB of memory outside the heap per direction, which counts towards V8's trigger for a full collection), which
 * leaves each node's range start one place to the right: moved back at the end.
 */
export function compress(V: number, endpoint: Int32Array): [Int32Array, Int32Array] {
  const E = endpoint.length;
  const start = new Int32Array(V + 1);
  for (let e = 0; e < E; e++) start[endpoint[e] + 1]++;
  for (let i = 0; i < V; i++) start[i + 1] += start[i];
  // start[v + 1] is now where v's range ends
  const list = new Int32Array(E);
  for (let e = E - 1; e >= 0; e--) list[--start[endpoint[e] + 1]] = e;
  // start[v + 1] is now where v's range starts
  start.copyWithin(0, 1);
  start[V] = E;
  return [start, list];
}

/**
 * Which of the given principals some bucket grant or role trust names as internal: the access analysis marks grants to
 * principals inside the account or declared trusted with external: false. Only buckets and identities are read (found
 * by their kind codes, not by touching every resource).
 */
function internalGrantees(
  resources: readonly Resource[],
  pending: readonly (AccessAnnotation | undefined)[] | undefined,
  resourceNode: Int32Array,
  kindCode: Uint16Array,
  names: readonly string[],
  principals: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>();
  // buckets with the same access inputs share one analysis, so most grant lists are shared: each is read once. Indexed
  // loops, since a for-of over the frozen lists allocates an iterator and a result per step.
  const read = new Set<readonly Grantee[]>();
  const add = (grants: readonly Grantee[] | undefined) => {
    if (!grants || grants.length === 0 || read.has(grants)) return;
    read.add(grants);
    for (let j = 0; j < grants.length; j++) {
      const g = grants[j];
      if (!g.external && principals.has(g.principal)) out.add(g.principal);
    }
  };
  const holderOf = names.map((kind) => GRANT_HOLDER.get(kind) ?? NONE);
  for (let k = 0; k < resources.length; k++) {
    const n = resourceNode[k];
    // a repeated id is not a node: its kind is read from the resource
    const holder = n >= 0 ? holderOf[kindCode[n]] : (GRANT_HOLDER.get(resources[k].kind) ?? NONE);
    if (holder === NONE) continue;
    const r = pending?.[k] ?? resources[k];
    if (holder === BUCKET && 'access' in r) {
      add(r.access?.writers);
      add(r.access?.readers);
    } else if (holder === IDENTITY && 'reach' in r) add(r.reach?.assumableBy);
  }
  return out;
}

interface Grantee {
  principal: string;
  external: boolean;
}

const NONE = 0;
const BUCKET = 1;
const IDENTITY = 2;
const GRANT_HOLDER = new Map<string, number>([
  ['aws.s3.bucket', BUCKET],
  ['gcp.storage.bucket', BUCKET],
  ['aws.iam.role', IDENTITY],
  ['gcp.iam.service-account', IDENTITY],
]);

function isUnscannedBucketId(id: string): boolean {
  return id.startsWith('arn:aws:s3:::') || id.startsWith('//storage.googleapis.com/');
}
