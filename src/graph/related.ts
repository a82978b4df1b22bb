import { EDGE_TYPES, type Related, type RelatedRef } from '../model/index.js';
import type { Graph } from './build.js';
import { EDGE_TYPE_INDEX, LINEAGE_EDGES } from './edge-flow.js';
import { prefixesOverlap } from './prefix.js';
import { kindProducesModels } from './serving.js';

const LINEAGE_MASK = EDGE_TYPES.map((t) => LINEAGE_EDGES.has(t));
const STORED_IN = EDGE_TYPE_INDEX['stored-in'];
const WRITES_TO = EDGE_TYPE_INDEX['writes-to'];

const FEEDS_TRAINING = 1;
const FEEDS_KNOWLEDGE_BASE = 2;
const HOLDS_MODEL_ARTIFACTS = 4;
const DEPLOYED = 8;

/**
 * The lineage facts of every node in typed arrays. `Related` objects are made from them (relatedFor) only when a
 * resource is given one; feeds and fedBy come from the graph's adjacency when they are read.
 */
interface RelatedFacts {
  /** FEEDS_TRAINING | FEEDS_KNOWLEDGE_BASE | HOLDS_MODEL_ARTIFACTS | DEPLOYED, for collected resources */
  readonly flags: Uint8Array;
  /** the first serving endpoint downstream (node index, -1 for none); the others, in index order, in moreEndpoints */
  readonly firstEndpoint: Int32Array;
  readonly moreEndpoints: Map<number, number[]>;
  /** the one frozen list [id] shared by every resource whose only serving endpoint is this one */
  singleEndpoint(endpoint: number, id: string): string[];
}

/**
 * Computes what a resource's `related` says: what kind of consumer it feeds, whether it holds model artifacts, and
 * which serving endpoints lie downstream. O(V + E) plus one backward walk per serving endpoint.
 */
function relatedFacts(graph: Graph): RelatedFacts {
  const flags = new Uint8Array(graph.nodeCount);
  const { scannedCount, bucket, flowFrom, flowTo, edgeType, categoryCode, kindCode } = graph;
  // what feeding a node of each category means (by category code)
  const feedFlag = graph.names.map((category) =>
    category === 'ml.training' || category === 'ml.dataset' ? FEEDS_TRAINING : category === 'ml.knowledge-base' ? FEEDS_KNOWLEDGE_BASE : 0,
  );
  // by kind code; false for 0 ("unscanned"), so it also says the writer was collected
  const writesModels = graph.names.map((kind, code) => code !== 0 && kindProducesModels(kind));
  // read from the graph's arrays only: `i < scannedCount` (collected) does not touch the resource
  for (let e = 0; e < edgeType.length; e++) {
    const t = edgeType[e];
    if (!LINEAGE_MASK[t]) continue;
    const up = flowFrom[e];
    const down = flowTo[e];
    if (up < scannedCount) {
      flags[up] |= feedFlag[categoryCode[down]];
      if (t === STORED_IN && bucket[up]) flags[up] |= HOLDS_MODEL_ARTIFACTS;
    }
    if (t === WRITES_TO && down < scannedCount && bucket[down] && writesModels[kindCode[up]]) flags[down] |= HOLDS_MODEL_ARTIFACTS;
  }
  const singles = new Map<number, string[]>();
  const singleEndpoint = (endpoint: number, id: string): string[] => {
    let list = singles.get(endpoint);
    if (!list) singles.set(endpoint, (list = Object.freeze([id]) as string[]));
    return list;
  };
  const facts: RelatedFacts = { flags, firstEndpoint: new Int32Array(graph.nodeCount).fill(-1), moreEndpoints: new Map(), singleEndpoint };
  markDeployed(graph, facts);
  return facts;
}

// Resources that relate to nothing share one frozen Related; empty lists are one frozen array.
const EMPTY: never[] = Object.freeze([]) as unknown as never[];
export const EMPTY_RELATED: Related = Object.freeze({
  feeds: EMPTY,
  fedBy: EMPTY,
  feedsTraining: false,
  feedsKnowledgeBase: false,
  holdsModelArtifacts: false,
  deployed: false,
  servingEndpoints: EMPTY,
});

/**
 * The arrays of a graph that a resource's feeds and fedBy are made from. Kept by the `related` objects made over the
 * graph (relatedFor) instead of the lists themselves: at 10^6 resources the lists are about 1.4 M arrays of 1.9 M
 * RelatedRef objects (about 170 MiB kept to the end of the scan), while the outputs read them once each (the JSON
 * output, through toJSON) and built-in rules never. These arrays are the graph's own, no copy, but they now stay to
 * the end of the scan too: at 10^5 9 MiB (6 of them outside the heap) in place of the lists' 17.
 */
type LineageArrays = Pick<Graph, 'ids' | 'names' | 'kindCode' | 'categoryCode' | 'edgeType' | 'edgePrefix' | 'outStart' | 'outEdges' | 'flowTo' | 'inStart' | 'inEdges' | 'flowFrom'>;

function lineageArrays(graph: Graph): LineageArrays {
  const { ids, names, kindCode, categoryCode, edgeType, edgePrefix, outStart, outEdges, flowTo, inStart, inEdges, flowFrom } = graph;
  return { ids, names, kindCode, categoryCode, edgeType, edgePrefix, outStart, outEdges, flowTo, inStart, inEdges, flowFrom };
}

/**
 * The key of the node a `related` made by relatedFor is of: a symbol, so that no string key shows it (rule conditions,
 * whose closures read own string keys, Object.keys, JSON) and the related object's string keys are the schema's.
 */
const LINEAGE_NODE: unique symbol = Symbol('lineageNode');

/** A `related` made by relatedFor: its own fields, then the node it is of (feeds and fedBy come from its prototype). */
interface RelatedOfNode {
  readonly lineage: LineageArrays;
  readonly [LINEAGE_NODE]: number;
}

/**
 * The prototype of the `related` objects of one graph. feeds and fedBy are made from the lineage edges each time
 * they are read (the same lists in the same order as before, new arrays); toJSON gives the keys of the plain object
 * literal in the schema's order, so JSON and every output are unchanged. The prototype inherits from
 * Object.prototype (constructor Object) and the other fields are own, so a rule condition's closure reads the
 * booleans and servingEndpoints as from a plain object; a condition reading feeds or fedBy finds no own member and
 * leaves them to cel-js, whose copy of the resource is made from toJSON (src/rules/cel.ts toCelValue).
 */
function relatedPrototype(lineage: LineageArrays): object {
  return Object.create(Object.prototype, {
    lineage: { value: lineage },
    feeds: {
      get(this: RelatedOfNode) {
        return lineageRefs(this.lineage, this[LINEAGE_NODE], this.lineage.outStart, this.lineage.outEdges, this.lineage.flowTo);
      },
    },
    fedBy: {
      get(this: RelatedOfNode) {
        return lineageRefs(this.lineage, this[LINEAGE_NODE], this.lineage.inStart, this.lineage.inEdges, this.lineage.flowFrom);
      },
    },
    toJSON: {
      value(this: Related): Related {
        return {
          feeds: this.feeds,
          fedBy: this.fedBy,
          feedsTraining: this.feedsTraining,
          feedsKnowledgeBase: this.feedsKnowledgeBase,
          holdsModelArtifacts: this.holdsModelArtifacts,
          deployed: this.deployed,
          servingEndpoints: this.servingEndpoints,
        };
      },
    },
  });
}

/** The `related` of node i (a collected resource), built from the facts; feeds and fedBy are read from `proto`. */
function relatedFor(graph: Graph, facts: RelatedFacts, proto: object, i: number): Related {
  const f = facts.flags[i];
  const first = facts.firstEndpoint[i];
  if (f === 0 && first < 0 && !hasLineage(graph, i)) return EMPTY_RELATED;
  let servingEndpoints: string[] = EMPTY;
  if (first >= 0) {
    const more = facts.moreEndpoints.get(i);
    if (more) servingEndpoints = [graph.ids[first], ...more.map((e) => graph.ids[e])];
    else servingEndpoints = facts.singleEndpoint(first, graph.ids[first]);
  }
  // an object literal: V8 allocates those of a site whose objects mostly survive straight in the old generation;
  // __proto__ last (first, the symbol-keyed member after it makes every object a dictionary: 4x the memory)
  return {
    feedsTraining: (f & FEEDS_TRAINING) !== 0,
    feedsKnowledgeBase: (f & FEEDS_KNOWLEDGE_BASE) !== 0,
    holdsModelArtifacts: (f & HOLDS_MODEL_ARTIFACTS) !== 0,
    deployed: (f & DEPLOYED) !== 0,
    servingEndpoints,
    [LINEAGE_NODE]: i,
    __proto__: proto,
  } as unknown as Related;
}

/** Whether node i has a lineage edge on either side (feeds or fedBy not empty). */
function hasLineage(graph: Graph, i: number): boolean {
  const { edgeType, outStart, outEdges, inStart, inEdges } = graph;
  for (let k = outStart[i]; k < outStart[i + 1]; k++) if (LINEAGE_MASK[edgeType[outEdges[k]]]) return true;
  for (let k = inStart[i]; k < inStart[i + 1]; k++) if (LINEAGE_MASK[edgeType[inEdges[k]]]) return true;
  return false;
}

/**
 * The neighbours over lineage edges on one side of node i, in edge order (the adjacency lists are sorted by edge).
 * Counted first in the node's own adjacency list (which the second walk then finds in cache), so no per-node count
 * is kept for the whole graph.
 */
function lineageRefs(graph: LineageArrays, i: number, start: Int32Array, list: Int32Array, other: Int32Array): RelatedRef[] {
  const { edgeType, ids, names, kindCode, categoryCode, edgePrefix } = graph;
  const first = start[i];
  const end = start[i + 1];
  let count = 0;
  for (let k = first; k < end; k++) if (LINEAGE_MASK[edgeType[list[k]]]) count++;
  if (count === 0) return EMPTY;
  // sized up front: a list grown by push keeps about 17 slots for 2 entries
  const refs: RelatedRef[] = new Array(count);
  let j = 0;
  for (let k = first; j < count; k++) {
    const e = list[k];
    const t = edgeType[e];
    if (!LINEAGE_MASK[t]) continue;
    const n = other[e];
    const id = ids[n];
    const kind = names[kindCode[n]];
    const category = names[categoryCode[n]];
    const via = EDGE_TYPES[t];
    const prefix = edgePrefix[e];
    // two literal shapes, so a prefix does not need a second allocation for the added property
    refs[j++] = prefix ? { id, kind, category, via, prefix } : { id, kind, category, via };
  }
  return refs;
}

/**
 * Fills `resource.related` for every collected resource: direct lineage neighbours (feeds / fedBy, with the
 * prefix of the edge), what kind of consumer a resource feeds, and which serving endpoints lie downstream.
 * Mutates the resources in place (the graph shares them with the inventory); the scan's graph stage builds the
 * graph over copies (runGraphStage).
 */
export function annotateRelated(graph: Graph): void {
  const related = relatedOfNodes(graph);
  for (let i = 0; i < related.length; i++) graph.resources[i]!.related = related[i];
}

/** The `related` of each collected resource, by node index (0 .. scannedCount-1); resources are not touched. */
export function relatedOfNodes(graph: Graph): Related[] {
  const relatedOf = relatedMaker(graph);
  const related: Related[] = new Array(graph.scannedCount);
  for (let i = 0; i < graph.scannedCount; i++) related[i] = relatedOf(i);
  return related;
}

/**
 * The `related` of a collected resource's node (0 .. scannedCount-1), made when asked for: the lineage facts of every
 * node are computed first, once. For a caller that gives each resource its `related` as it goes, without the list of
 * all of them (at 10^6 resources an 8 MiB array, garbage once they are set).
 */
export function relatedMaker(graph: Graph): (node: number) => Related {
  const facts = relatedFacts(graph);
  const proto = relatedPrototype(lineageArrays(graph));
  return (node) => relatedFor(graph, facts, proto, node);
}

/**
 * Walks lineage edges backwards from every serving endpoint. Through a bucket, the walk continues only along
 * edges whose prefix overlaps the prefix it left the bucket by, so output written to "logs/" does not count as
 * feeding a model stored under "models/". The stacks and the visited marks are shared by all walks.
 */
function markDeployed(graph: Graph, facts: RelatedFacts): void {
  const { flags, firstEndpoint, moreEndpoints } = facts;
  const { scannedCount, bucket, inStart, inEdges, edgeType, flowFrom, edgePrefix } = graph;
  const visited = new Int32Array(graph.nodeCount).fill(-1);
  const lastEndpoint = new Int32Array(graph.nodeCount).fill(-1);
  // prefixes by which this walk entered each bucket ('' = whole bucket), cleared between walks
  // (a bucket is mostly entered by one prefix per walk: a Set only from the second one on)
  const bucketPrefixes = new Map<number, string | Set<string>>();
  // the stacks are written and read by a top index, never popped: pop trims an array that shrank below half its store,
  // and the next pushes grow a new one (at 10^5 resources about 3 MiB of stores for the collector)
  const stackNodes: number[] = [];
  // prefix by which the walk left each stacked node downstream ('' = whole bucket / not a bucket)
  const stackLeftBy: string[] = [];
  let top = 0;
  for (let endpoint = 0; endpoint < graph.nodeCount; endpoint++) {
    if (!graph.serving[endpoint]) continue;
    if (bucketPrefixes.size) bucketPrefixes.clear();
    stackNodes[top] = endpoint;
    stackLeftBy[top++] = '';
    visited[endpoint] = endpoint;
    while (top > 0) {
      const v = stackNodes[--top];
      const leftBy = stackLeftBy[top];
      if (v < scannedCount) {
        flags[v] |= DEPLOYED;
        if (lastEndpoint[v] !== endpoint) {
          lastEndpoint[v] = endpoint;
          if (firstEndpoint[v] < 0) firstEndpoint[v] = endpoint;
          else {
            const more = moreEndpoints.get(v);
            if (more) more.push(endpoint);
            else moreEndpoints.set(v, [endpoint]);
          }
        }
      }
      for (let k = inStart[v]; k < inStart[v + 1]; k++) {
        const e = inEdges[k];
        if (!LINEAGE_MASK[edgeType[e]]) continue;
        const prefix = edgePrefix[e] ?? '';
        if (bucket[v] && !prefixesOverlap(prefix, leftBy)) continue;
        const u = flowFrom[e];
        if (bucket[u]) {
          const seen = bucketPrefixes.get(u);
          if (seen === undefined) bucketPrefixes.set(u, prefix);
          else if (typeof seen === 'string') {
            if (seen === prefix) continue;
            bucketPrefixes.set(u, new Set([seen, prefix]));
          } else if (seen.has(prefix)) continue;
          else seen.add(prefix);
          stackNodes[top] = u;
          stackLeftBy[top++] = prefix;
        } else if (visited[u] !== endpoint) {
          visited[u] = endpoint;
          stackNodes[top] = u;
          stackLeftBy[top++] = '';
        }
      }
    }
  }
}
