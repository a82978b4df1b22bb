import { isPrincipalId, type Edge, type Inventory, type Resource, type TrustSettings } from '../model/index.js';
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

export function buildGraph(inventory: Inventory, options: BuildGraphOptions = {}): Graph {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const resources: (Resource | undefined)[] = [];
  const addNode = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      ids.push(id);
      index.set(id, i);
      resources.push(undefined);
    }
    return i;
  };
  for (const r of inventory.resources) {
    if (index.has(r.id)) continue;
    index.set(r.id, ids.length);
    ids.push(r.id);
    resources.push(r);
  }

  const edges = inventory.edges;
  const E = edges.length;
  const edgeType = new Uint8Array(E);
  const flowFrom = new Int32Array(E);
  const flowTo = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    const edge = edges[e];
    const a = addNode(edge.from);
    const b = addNode(edge.to);
    edgeType[e] = EDGE_TYPE_INDEX[edge.type];
    if (EDGE_FLOW[edge.type] === 'forward') {
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

  const trustModel = new TrustModel(inventory, options.trust);
  const trustedByGrant = principalsDeclaredInternal(inventory);
  const principals: (PrincipalInfo | undefined)[] = new Array(V);
  const external = new Uint8Array(V);
  const bucket = new Uint8Array(V);
  const serving = new Uint8Array(V);
  for (let i = 0; i < V; i++) {
    const id = ids[i];
    if (isBucketId(id, resources[i])) bucket[i] = 1;
    if (resources[i]?.category === 'ml.endpoint' && isServingEndpoint(resources[i])) serving[i] = 1;
    if (resources[i] && !isPrincipalId(id)) continue;
    const info = principalInfo(id);
    principals[i] = info;
    if (info && trustModel.isExternal(info) && !(trustedByGrant.has(id) && info.type !== 'public' && info.type !== 'authenticated')) external[i] = 1;
  }

  return { nodeCount: V, ids, index, resources, principals, external, bucket, serving, edges, edgeType, flowFrom, flowTo, outStart, outEdges, inStart, inEdges };
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
function principalsDeclaredInternal(inventory: Inventory): Set<string> {
  const out = new Set<string>();
  for (const r of inventory.resources) {
    const grants =
      r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket'
        ? [...(r.access?.writers ?? []), ...(r.access?.readers ?? [])]
        : r.kind === 'aws.iam.role' || r.kind === 'gcp.iam.service-account'
          ? (r.reach?.assumableBy ?? [])
          : [];
    for (const g of grants) if (!g.external) out.add(g.principal);
  }
  return out;
}

function isBucketId(id: string, resource: Resource | undefined): boolean {
  if (resource) return resource.category === 'storage.bucket';
  return id.startsWith('arn:aws:s3:::') || id.startsWith('//storage.googleapis.com/');
}

export function nodeIndex(graph: Graph, id: string): number {
  const i = graph.index.get(id);
  if (i === undefined) throw new Error(`no graph node ${id}`);
  return i;
}
