import type { Finding } from '../model/index.js';
import type { Graph } from './build.js';
import type { PathRule } from './path-rule-loader.js';
import { selectNodes } from './node-selector.js';
import { prefixesOverlap } from './prefix.js';
import { pathToFinding, type PathRecord } from './path-finding.js';
import { mergeSameRoutes } from './merge-routes.js';

export interface SearchLimits {
  /** paths kept per rule; the rest are counted as truncated */
  maxPathsPerRule: number;
  /** DFS steps per source node, so a dense graph cannot make one source run forever */
  maxStepsPerSource: number;
}

export const DEFAULT_LIMITS: SearchLimits = { maxPathsPerRule: 10_000, maxStepsPerSource: 1_000_000 };

export interface RuleSearchStats {
  ruleId: string;
  sources: number;
  targets: number;
  paths: number;
  /** paths reported inside another rule's finding for the same route (mergeInto) */
  merged: number;
  truncated: boolean;
}

export interface PathSearchResult {
  findings: Finding[];
  stats: RuleSearchStats[];
}

const NONE = 255;

/** Runs every path rule over the graph; one finding per (rule, source class, route). */
export function evaluatePathRules(graph: Graph, rules: readonly PathRule[], limits: SearchLimits = DEFAULT_LIMITS): Finding[] {
  return searchPaths(graph, rules, limits).findings;
}

export function searchPaths(graph: Graph, rules: readonly PathRule[], limits: SearchLimits = DEFAULT_LIMITS): PathSearchResult {
  const masks = selectNodes(graph, rules.flatMap((r) => [r.sourceSelector, r.targetSelector, r.throughSelector ?? r.targetSelector]));
  const stats: RuleSearchStats[] = [];
  const buffers = searchBuffers(graph.nodeCount);
  const byRule = new Map<string, Finding[]>();
  rules.forEach((rule, k) => {
    const records = searchRule(graph, rule, masks[3 * k], masks[3 * k + 1], rule.throughSelector ? masks[3 * k + 2] : undefined, limits, buffers);
    byRule.set(
      rule.id,
      records.paths.map((record) => pathToFinding(graph, record)),
    );
    stats.push({ ruleId: rule.id, sources: records.sourceCount, targets: records.targetCount, paths: records.paths.length, merged: 0, truncated: records.truncated });
  });
  const { findings, merged } = mergeSameRoutes(rules, byRule);
  for (const s of stats) s.merged = merged.get(s.ruleId) ?? 0;
  return { findings, stats };
}

/**
 * Hops left to the nearest target over the rule's edges, ignoring prefixes and cycles (a lower bound on what the
 * depth-first search can still reach). Two breadth-first searches, each O(V + E) at worst: forward from the sources
 * (the few outside principals) marks what they reach within the hop limit, then backwards from the targets among
 * those, through them only. A node the sources cannot reach is never on a route, so most of a large graph is not
 * walked at all; for a node they do reach, every node of a route within the hop limit is reached too, so the
 * distance is the same bound a search over the whole graph would give.
 */
function distanceToTarget(graph: Graph, rule: PathRule, sources: readonly number[], isTarget: Uint8Array, buffers: SearchBuffers): Uint8Array {
  const mask = rule.edgeMask;
  const reached = buffers.reached.fill(0);
  const queue = buffers.queue;
  const hops = buffers.dist.fill(NONE);
  let head = 0;
  let tail = 0;
  for (const s of sources) {
    if (reached[s]) continue;
    reached[s] = 1;
    hops[s] = 0;
    queue[tail++] = s;
  }
  while (head < tail) {
    const v = queue[head++];
    const d = hops[v] + 1;
    if (d > rule.maxHops) break;
    for (let k = graph.outStart[v]; k < graph.outStart[v + 1]; k++) {
      const e = graph.outEdges[k];
      if (!(mask & (1 << graph.edgeType[e]))) continue;
      const u = graph.flowTo[e];
      if (!reached[u]) {
        reached[u] = 1;
        hops[u] = d;
        queue[tail++] = u;
      }
    }
    if (mask >>> 16) {
      for (let k = graph.inStart[v]; k < graph.inStart[v + 1]; k++) {
        const e = graph.inEdges[k];
        if (!(mask & (1 << (graph.edgeType[e] + 16)))) continue;
        const u = graph.flowFrom[e];
        if (!reached[u]) {
          reached[u] = 1;
          hops[u] = d;
          queue[tail++] = u;
        }
      }
    }
  }

  const dist = hops;
  const reachedCount = tail;
  // the targets among the reached nodes seed the backward search
  let seeds = 0;
  for (let k = 0; k < reachedCount; k++) {
    const v = queue[k];
    dist[v] = NONE;
    if (isTarget[v]) queue[seeds++] = v;
  }
  for (let k = 0; k < seeds; k++) dist[queue[k]] = 0;
  head = 0;
  tail = seeds;
  while (head < tail) {
    const v = queue[head++];
    const d = dist[v] + 1;
    if (d > rule.maxHops) break;
    // a flow-direction step u -> v is an edge whose flow sink is v
    for (let k = graph.inStart[v]; k < graph.inStart[v + 1]; k++) {
      const e = graph.inEdges[k];
      if (!(mask & (1 << graph.edgeType[e]))) continue;
      const u = graph.flowFrom[e];
      if (reached[u] && dist[u] === NONE) {
        dist[u] = d;
        queue[tail++] = u;
      }
    }
    // an against-flow step u -> v is an edge whose flow source is v
    if (mask >>> 16) {
      for (let k = graph.outStart[v]; k < graph.outStart[v + 1]; k++) {
        const e = graph.outEdges[k];
        if (!(mask & (1 << (graph.edgeType[e] + 16)))) continue;
        const u = graph.flowTo[e];
        if (reached[u] && dist[u] === NONE) {
          dist[u] = d;
          queue[tail++] = u;
        }
      }
    }
  }
  return dist;
}

/** Per-node arrays shared by the rules' searches (each search leaves onPath all zero). */
interface SearchBuffers {
  dist: Uint8Array;
  reached: Uint8Array;
  queue: Int32Array;
  onPath: Uint8Array;
}

function searchBuffers(nodeCount: number): SearchBuffers {
  return { dist: new Uint8Array(nodeCount), reached: new Uint8Array(nodeCount), queue: new Int32Array(nodeCount), onPath: new Uint8Array(nodeCount) };
}

interface RuleRecords {
  paths: PathRecord[];
  sourceCount: number;
  targetCount: number;
  truncated: boolean;
}

function searchRule(
  graph: Graph,
  rule: PathRule,
  isSource: Uint8Array,
  isTarget: Uint8Array,
  isThrough: Uint8Array | undefined,
  limits: SearchLimits,
  buffers: SearchBuffers,
): RuleRecords {
  let targetCount = 0;
  for (let i = 0; i < graph.nodeCount; i++) targetCount += isTarget[i];
  const sources: number[] = [];
  for (let i = 0; i < graph.nodeCount; i++) if (isSource[i]) sources.push(i);
  const result: RuleRecords = { paths: [], sourceCount: sources.length, targetCount, truncated: false };
  if (!sources.length || !targetCount) return result;

  const dist = distanceToTarget(graph, rule, sources, isTarget, buffers);
  const reachable = sources.filter((s) => dist[s] !== NONE && dist[s] <= rule.maxHops);
  reachable.sort((a, b) => (graph.ids[a] < graph.ids[b] ? -1 : graph.ids[a] > graph.ids[b] ? 1 : 0));

  const byRoute = new Map<string, PathRecord>();
  const onPath = buffers.onPath;
  const nodes: number[] = [];
  const edges: number[] = [];
  const longest = rule.report === 'longest';
  let steps = 0;
  // nodes on the current path (after the source) that match the rule's `through` selector
  let throughCount = 0;
  let sourceClass = '';
  let source = -1;

  const record = () => {
    // source class, then each hop's node and edge type (the class is the only part that can hold '|')
    let key = `${sourceClass}|`;
    for (let k = 1; k < nodes.length; k++) key += `,${nodes[k]}:${graph.edgeType[edges[k - 1]]}`;
    const existing = byRoute.get(key);
    if (existing) {
      // sources are searched one after another, so one already listed is the last
      if (existing.sources[existing.sources.length - 1] !== source) existing.sources.push(source);
      return;
    }
    if (byRoute.size >= limits.maxPathsPerRule) {
      result.truncated = true;
      return;
    }
    byRoute.set(key, { rule, sourceClass, sources: [source], nodes: [...nodes], edges: [...edges] });
  };

  /** Explores from v (already on the path); returns whether a target was reported beyond v. */
  const explore = (v: number, enteredBy: string | undefined, hopsLeft: number): boolean => {
    if (hopsLeft <= 0) return false;
    let reportedBeyond = false;
    const mask = nodes.length === 1 ? rule.firstHopMask : rule.edgeMask;
    for (let k = graph.outStart[v]; k < graph.outStart[v + 1]; k++) {
      const e = graph.outEdges[k];
      if (mask & (1 << graph.edgeType[e]) && step(v, enteredBy, hopsLeft, e, graph.flowTo[e])) reportedBeyond = true;
    }
    if (mask >>> 16) {
      for (let k = graph.inStart[v]; k < graph.inStart[v + 1]; k++) {
        const e = graph.inEdges[k];
        if (mask & (1 << (graph.edgeType[e] + 16)) && step(v, enteredBy, hopsLeft, e, graph.flowFrom[e])) reportedBeyond = true;
      }
    }
    return reportedBeyond;
  };

  /** Steps from v over edge e to u, explores beyond u, and records u when it ends a route; true when a target was reported at or beyond u. */
  const step = (v: number, enteredBy: string | undefined, hopsLeft: number, e: number, u: number): boolean => {
    if (onPath[u] || dist[u] === NONE || dist[u] > hopsLeft - 1) return false;
    const prefix = graph.edgePrefix[e];
    if (graph.bucket[v] && !prefixesOverlap(enteredBy, prefix)) return false;
    if (++steps > limits.maxStepsPerSource) {
      result.truncated = true;
      return false;
    }
    onPath[u] = 1;
    nodes.push(u);
    edges.push(e);
    throughCount += isThrough ? isThrough[u] : 1;
    const deeper = explore(u, graph.bucket[u] ? prefix : undefined, hopsLeft - 1);
    const reportable = isTarget[u] === 1 && throughCount > 0;
    if (reportable && !(longest && deeper)) record();
    throughCount -= isThrough ? isThrough[u] : 1;
    nodes.pop();
    edges.pop();
    onPath[u] = 0;
    return reportable || deeper;
  };

  for (const s of reachable) {
    source = s;
    sourceClass = graph.principals[s]?.type ?? graph.ids[s];
    steps = 0;
    onPath[s] = 1;
    nodes.push(s);
    explore(s, undefined, rule.maxHops);
    nodes.pop();
    onPath[s] = 0;
  }
  result.paths = dropDominatedRoutes([...byRoute.values()]);
  return result;
}

/**
 * Of the routes from the same sources through the same first node to one target, drops a route whose nodes strictly include another route's
 * nodes (job -> output bucket -> model next to job -> model): it shows nothing the shorter route does not.
 */
function dropDominatedRoutes(paths: PathRecord[]): PathRecord[] {
  const groups = new Map<string, PathRecord[]>();
  for (const p of paths) {
    const key = `${p.sourceClass}|${p.nodes[1]}|${p.nodes[p.nodes.length - 1]}`;
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  const out: PathRecord[] = [];
  for (const list of groups.values()) {
    if (list.length === 1) {
      out.push(list[0]);
      continue;
    }
    const sets = list.map((p) => new Set(p.nodes.slice(1)));
    list.forEach((p, i) => {
      const dominated = sets.some(
        (other, j) => j !== i && other.size < sets[i].size && [...other].every((n) => sets[i].has(n)) && p.sources.every((s) => list[j].sources.includes(s)),
      );
      if (!dominated) out.push(p);
    });
  }
  return out;
}
