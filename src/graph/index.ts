import type { Finding, Inventory, TrustSettings } from '../model/index.js';
import { buildGraph, type Graph } from './build.js';
import { annotateRelated } from './related.js';
import { searchPaths, DEFAULT_LIMITS, type RuleSearchStats, type SearchLimits } from './search.js';
import type { PathRule } from './path-rule-loader.js';

export { buildGraph, type Graph } from './build.js';
export { annotateRelated, relatedOfNodes } from './related.js';
export { evaluatePathRules, searchPaths, type SearchLimits, type RuleSearchStats } from './search.js';
export { loadPathRules, loadPathRulesFrom, parsePathRule, builtinPathRules, pathRuleSet, BUILTIN_PATH_RULES_DIR, type PathRule } from './path-rule-loader.js';
export { compareFindings, rankFindings, linkFindingsToPaths, pathsByNode } from './rank.js';
export { formatHops, nodeLabel } from './format.js';
export { pathRuleIds, ALSO_MATCHES, type AlsoMatch } from './merge-routes.js';
export { EDGE_FLOW, LINEAGE_EDGES, flowEnds } from './edge-flow.js';
export { NODE_ATTRIBUTES, nodeAttributes, type NodeAttributes } from './node-attributes.js';

/** Builds the graph and fills `resource.related` on the inventory's resources (in place). Run before resource rules. */
export function graphStage(inventory: Inventory, trust?: TrustSettings): Graph {
  const graph = buildGraph(inventory, { trust });
  annotateRelated(graph);
  return graph;
}

/** Path findings for the rules, ranked, plus per-rule search statistics. */
export function pathStage(graph: Graph, rules: readonly PathRule[], limits: SearchLimits = DEFAULT_LIMITS): { findings: Finding[]; stats: RuleSearchStats[] } {
  return searchPaths(graph, rules, limits);
}
export { runGraphStage, copyWithRelated, setRelatedInPlace, pathRuleDescriptor, type GraphStageResult } from './scan-stage.js';
