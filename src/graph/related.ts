import { type EdgeType, type Related, type RelatedRef } from '../model/index.js';
import type { Graph } from './build.js';
import { EDGE_TYPES } from '../model/index.js';
import { LINEAGE_EDGES } from './edge-flow.js';
import { prefixesOverlap } from './prefix.js';
import { producesModels } from './serving.js';

const LINEAGE_MASK = EDGE_TYPES.map((t) => LINEAGE_EDGES.has(t));

/**
 * Fills `resource.related` for every collected resource: direct lineage neighbours (feeds / fedBy, with the
 * prefix of the edge), what kind of consumer a resource feeds, and which serving endpoints lie downstream.
 * Mutates the resources in place (the graph shares them with the inventory).
 */
export function annotateRelated(graph: Graph): void {
  const related: (Related | undefined)[] = graph.resources.map((r) => (r ? sharedEmptyRelated() : undefined));
  const refTo = (i: number, via: EdgeType, prefix: string | undefined): RelatedRef => {
    const r = graph.resources[i];
    const ref: RelatedRef = { id: graph.ids[i], kind: r?.kind ?? 'unscanned', category: r?.category ?? 'unscanned', via };
    if (prefix) ref.prefix = prefix;
    return ref;
  };

  for (let e = 0; e < graph.edges.length; e++) {
    if (!LINEAGE_MASK[graph.edgeType[e]]) continue;
    const edge = graph.edges[e];
    const up = graph.flowFrom[e];
    const down = graph.flowTo[e];
    const upRel = related[up];
    const downRel = related[down];
    const downRes = graph.resources[down];
    if (upRel) {
      own(upRel, 'feeds').push(refTo(down, edge.type, edge.prefix));
      if (downRes?.category === 'ml.training' || downRes?.category === 'ml.dataset') upRel.feedsTraining = true;
      if (downRes?.category === 'ml.knowledge-base') upRel.feedsKnowledgeBase = true;
      if (edge.type === 'stored-in' && graph.bucket[up]) upRel.holdsModelArtifacts = true;
    }
    if (downRel) {
      own(downRel, 'fedBy').push(refTo(up, edge.type, edge.prefix));
      if (edge.type === 'writes-to' && graph.bucket[down] && producesModels(graph.resources[up])) downRel.holdsModelArtifacts = true;
    }
  }

  markDeployed(graph, related);
  for (let i = 0; i < graph.nodeCount; i++) {
    const r = graph.resources[i];
    if (r) r.related = related[i];
  }
}

// Most resources relate to nothing; they share frozen empty lists until something is added (saves 3 arrays each).
const EMPTY: never[] = Object.freeze([]) as unknown as never[];
function sharedEmptyRelated(): Related {
  return { feeds: EMPTY, fedBy: EMPTY, feedsTraining: false, feedsKnowledgeBase: false, holdsModelArtifacts: false, deployed: false, servingEndpoints: EMPTY };
}
function own<K extends 'feeds' | 'fedBy' | 'servingEndpoints'>(rel: Related, key: K): Related[K] {
  if (rel[key] === EMPTY) (rel as Record<K, unknown>)[key] = [];
  return rel[key];
}

/**
 * Walks lineage edges backwards from every serving endpoint. Through a bucket, the walk continues only along
 * edges whose prefix overlaps the prefix it left the bucket by, so output written to "logs/" does not count as
 * feeding a model stored under "models/".
 */
function markDeployed(graph: Graph, related: (Related | undefined)[]): void {
  const stamp = new Int32Array(graph.nodeCount).fill(-1);
  for (let endpoint = 0; endpoint < graph.nodeCount; endpoint++) {
    if (!graph.serving[endpoint]) continue;
    const endpointId = graph.ids[endpoint];
    const bucketPrefixes = new Map<number, Set<string>>();
    // stack of [node, prefix by which the walk left it downstream ('' = whole bucket / not a bucket)]
    const stack: [number, string][] = [[endpoint, '']];
    stamp[endpoint] = endpoint;
    while (stack.length) {
      const [v, leftBy] = stack.pop()!;
      const rel = related[v];
      if (rel) {
        rel.deployed = true;
        if (!rel.servingEndpoints.includes(endpointId)) own(rel, 'servingEndpoints').push(endpointId);
      }
      for (let k = graph.inStart[v]; k < graph.inStart[v + 1]; k++) {
        const e = graph.inEdges[k];
        if (!LINEAGE_MASK[graph.edgeType[e]]) continue;
        const prefix = graph.edges[e].prefix ?? '';
        if (graph.bucket[v] && !prefixesOverlap(prefix, leftBy)) continue;
        const u = graph.flowFrom[e];
        if (graph.bucket[u]) {
          let seen = bucketPrefixes.get(u);
          if (!seen) bucketPrefixes.set(u, (seen = new Set()));
          if (seen.has(prefix)) continue;
          seen.add(prefix);
          stack.push([u, prefix]);
        } else if (stamp[u] !== endpoint) {
          stamp[u] = endpoint;
          stack.push([u, '']);
        }
      }
    }
  }
}
