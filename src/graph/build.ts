import { EDGE_TYPES, isPrincipalId, type Edge, type Inventory, type Resource, type TrustSettings } from '../model/index.js';
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
  readonly ids: string[];
  readonly index: Map<string, number>;
  /** the inventory resource behind a node; undefined for principals and for ids the scan did not collect */
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
  /** `edges[e].prefix`, in one array so walks need not touch the edge objects */
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
}

const FORWARD = EDGE_TYPES.map((t) => EDGE_FLOW[t] === 'forward');

/**
 * One pass over the resources (ids, flags, trust facts), one over the edges (node indices, flow ends), then the two
 * counting sorts: O(V + E), and no per-node objects but the principals'.
 */
export function buildGraph(inventory: Inventory, options: BuildGraphOptions = {}): Graph {
  const R = inventory.resources.length;
  const ids: string[] = [];
  const index = new Map<string, number>();
  const resources: (Resource | undefined)[] = [];
  const resourceNode = new Int32Array(R);
  const resourceBucket = new Uint8Array(R);
  const resourceServing = new Uint8Array(R);
  const principalResources: number[] = [];
  const kindCode = new Uint16Array(R);
  const categoryCode = new Uint16Array(R);
  const names = ['unscanned'];
  const nameCodes = new Map<string, number>([['unscanned', 0]]);
  const nameCode = (name: string): number => {
    let code = nameCodes.get(name);
    if (code === undefined) {
      code = names.length;
      names.push(name);
      nameCodes.set(name, code);
    }
    return code;
  };
  let lastAccount: string | undefined;
  const trustModel = new TrustModel(inventory.targets, options.trust);
  const trustedByGrant = new Set<string>();
  for (let k = 0; k < R; k++) {
    const r = inventory.resources[k];
    if (r.account !== lastAccount || r.kind === 'gcp.storage.bucket') trustModel.addOwnResource(r);
    lastAccount = r.account;
    addInternalGrantees(r, trustedByGrant);
    const id = r.id;
    if (index.has(id)) {
      resourceNode[k] = -1;
      continue;
    }
    const n = ids.length;
    index.set(id, n);
    ids.push(id);
    resources.push(r);
    resourceNode[k] = n;
    kindCode[n] = nameCode(r.kind);
    categoryCode[n] = nameCode(r.category);
    if (r.category === 'storage.bucket') resourceBucket[n] = 1;
    else if (r.category === 'ml.endpoint' && isServingEndpoint(r)) resourceServing[n] = 1;
    if (isPrincipalId(id)) principalResources.push(n);
  }
  const scannedNodes = ids.length;

  const edges = inventory.edges;
  const E = edges.length;
  const edgeType = new Uint8Array(E);
  const flowFrom = new Int32Array(E);
  const flowTo = new Int32Array(E);
  const edgePrefix: (string | undefined)[] = new Array(E);
  // edges come grouped by their `from` (canonical order sorts them so): reuse the previous lookup
  let lastFrom: string | undefined;
  let lastA = -1;
  for (let e = 0; e < E; e++) {
    const edge = edges[e];
    let a = edge.from === lastFrom ? lastA : index.get(edge.from);
    if (a === undefined) {
      a = ids.length;
      ids.push(edge.from);
      index.set(edge.from, a);
      resources.push(undefined);
    }
    lastFrom = edge.from;
    lastA = a;
    let b = index.get(edge.to);
    if (b === undefined) {
      b = ids.length;
      ids.push(edge.to);
      index.set(edge.to, b);
      resources.push(undefined);
    }
    const t = EDGE_TYPE_INDEX[edge.type];
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
  const markPrincipal = (i: number) => {
    const id = ids[i];
    const info = principalInfo(id);
    principals[i] = info;
    if (info && trustModel.isExternal(info) && !(trustedByGrant.has(id) && info.type !== 'public' && info.type !== 'authenticated')) external[i] = 1;
  };
  for (const i of principalResources) markPrincipal(i);
  // nodes only referenced by edges: principals, IAM ARNs, and resources the scan did not collect
  for (let i = scannedNodes; i < V; i++) {
    if (isUnscannedBucketId(ids[i])) bucket[i] = 1;
    markPrincipal(i);
  }

  const nodeKind = new Uint16Array(V);
  nodeKind.set(kindCode.subarray(0, scannedNodes));
  const nodeCategory = new Uint16Array(V);
  nodeCategory.set(categoryCode.subarray(0, scannedNodes));
  return {
    nodeCount: V,
    ids,
    index,
    resources,
    resourceNode,
    kindCode: nodeKind,
    categoryCode: nodeCategory,
    names,
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

/** Counting sort of edge indices by their endpoint: O(V + E), two typed arrays. */
function compress(V: number, endpoint: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(V + 1);
  for (let e = 0; e < endpoint.length; e++) start[endpoint[e] + 1]++;
  for (let i = 0; i < V; i++) start[i + 1] += start[i];
  const fill = start.slice(0, V);
  const list = new Int32Array(endpoint.length);
  for (let e = 0; e < endpoint.length; e++) list[fill[endpoint[e]]++] = e;
  return [start, list];
}

/** The access analysis marks grants to principals inside the account or declared trusted with external: false. */
function addInternalGrantees(r: Resource, out: Set<string>): void {
  if (r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket') {
    for (const g of r.access?.writers ?? []) if (!g.external) out.add(g.principal);
    for (const g of r.access?.readers ?? []) if (!g.external) out.add(g.principal);
  } else if (r.kind === 'aws.iam.role' || r.kind === 'gcp.iam.service-account') {
    for (const g of r.reach?.assumableBy ?? []) if (!g.external) out.add(g.principal);
  }
}

function isUnscannedBucketId(id: string): boolean {
  return id.startsWith('arn:aws:s3:::') || id.startsWith('//storage.googleapis.com/');
}

export function nodeIndex(graph: Graph, id: string): number {
  const i = graph.index.get(id);
  if (i === undefined) throw new Error(`no graph node ${id}`);
  return i;
}
