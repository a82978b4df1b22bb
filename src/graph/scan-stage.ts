import type { Finding, Inventory, Resource, RuleDescriptor, TrustSettings } from '../model/index.js';
import { buildGraph, type Graph } from './build.js';
import { relatedFacts, relatedFor } from './related.js';
import { searchPaths, DEFAULT_LIMITS, type RuleSearchStats, type SearchLimits } from './search.js';
import type { PathRule } from './path-rule-loader.js';
import { pathRuleIds } from './merge-routes.js';

export interface GraphStageResult {
  /** a copy of the inventory whose resources carry `related` */
  inventory: Inventory;
  findings: Finding[];
  descriptors: RuleDescriptor[];
  stats: RuleSearchStats[];
}

/**
 * The scan pipeline's graph stage: build the graph, fill `related` on copies of the resources (so resource rules
 * can read lineage), and evaluate the path rules. Pure: the input inventory is not changed. Each resource is copied
 * once, with its `related` in the same step, and the graph then points at the copies.
 */
export function runGraphStage(inventory: Inventory, pathRules: readonly PathRule[], trust?: TrustSettings, limits: SearchLimits = DEFAULT_LIMITS): GraphStageResult {
  const graph = buildGraph(inventory, { trust });
  const annotated = withRelated(inventory, graph);
  const { findings, stats } = searchPaths(graph, pathRules, limits);
  return { inventory: annotated, findings, descriptors: pathRules.map((r) => pathRuleDescriptor(r, findings)), stats };
}

/** A copy of the inventory whose resources are copies carrying `related`; the graph's nodes then point at them. */
export function withRelated(inventory: Inventory, graph: Graph): Inventory {
  const facts = relatedFacts(graph);
  const source = inventory.resources;
  const resources: Resource[] = new Array(source.length);
  for (let k = 0; k < source.length; k++) {
    const n = graph.resourceNode[k];
    if (n < 0) {
      resources[k] = { ...source[k] };
      continue;
    }
    const copy = { ...source[k], related: relatedFor(graph, facts, n) };
    graph.resources[n] = copy;
    resources[k] = copy;
  }
  return { ...inventory, resources };
}

export function pathRuleDescriptor(rule: PathRule, findings: readonly Finding[]): RuleDescriptor {
  let fail = 0;
  let unknown = 0;
  for (const f of findings) {
    if (f.ruleId !== rule.id && !pathRuleIds(f).includes(rule.id)) continue;
    if (f.status === 'fail') fail++;
    else unknown++;
  }
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    type: 'path',
    resource: 'path',
    description: rule.description,
    remediation: rule.remediation,
    references: rule.references,
    frameworks: rule.frameworks,
    tags: rule.tags,
    source: `paths/${rule.file}`,
    counts: { pass: 0, fail, unknown },
  };
}
