import type { Finding, Inventory, RuleDescriptor, TrustSettings } from '../model/index.js';
import { buildGraph } from './build.js';
import { annotateRelated } from './related.js';
import { searchPaths, DEFAULT_LIMITS, type RuleSearchStats, type SearchLimits } from './search.js';
import type { PathRule } from './path-rule-loader.js';

export interface GraphStageResult {
  /** a copy of the inventory whose resources carry `related` */
  inventory: Inventory;
  findings: Finding[];
  descriptors: RuleDescriptor[];
  stats: RuleSearchStats[];
}

/**
 * The scan pipeline's graph stage: build the graph, fill `related` on copies of the resources (so resource rules
 * can read lineage), and evaluate the path rules. Pure: the input inventory is not changed.
 */
export function runGraphStage(inventory: Inventory, pathRules: readonly PathRule[], trust?: TrustSettings, limits: SearchLimits = DEFAULT_LIMITS): GraphStageResult {
  const copy: Inventory = { ...inventory, resources: inventory.resources.map((r) => ({ ...r })) };
  const graph = buildGraph(copy, { trust });
  annotateRelated(graph);
  const { findings, stats } = searchPaths(graph, pathRules, limits);
  return { inventory: copy, findings, descriptors: pathRules.map((r) => pathRuleDescriptor(r, findings)), stats };
}

export function pathRuleDescriptor(rule: PathRule, findings: readonly Finding[]): RuleDescriptor {
  let fail = 0;
  let unknown = 0;
  for (const f of findings) {
    if (f.ruleId !== rule.id) continue;
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
