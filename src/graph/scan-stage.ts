import type { Finding, Inventory, Related, Resource, RuleDescriptor, TrustSettings } from '../model/index.js';
import { buildGraph, type Graph } from './build.js';
import { EMPTY_RELATED, relatedOfNodes } from './related.js';
import { searchPaths, DEFAULT_LIMITS, type RuleSearchStats, type SearchLimits } from './search.js';
import type { PathRule } from './path-rule-loader.js';
import { pathRuleIds } from './merge-routes.js';
import { ResourceCopier } from '../model/resource-copier.js';

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
 *
 * Each resource is copied once, last, with its final `related` (computed by node index into an array first): no copy
 * is written to after it is made, so the collector has no old-to-young pointers to track from a million copies, and
 * no placeholder is stored and replaced. The build and the lineage pass read only a resource's id, kind, category,
 * account and (buckets, endpoints, identities) a few fields. The path rules then run over the copies.
 */
export function runGraphStage(inventory: Inventory, pathRules: readonly PathRule[], trust?: TrustSettings, limits: SearchLimits = DEFAULT_LIMITS): GraphStageResult {
  const graph = buildGraph(inventory, { trust });
  const copy = copyWithRelated(inventory, graph, relatedOfNodes(graph));
  const { findings, stats } = searchPaths(graph, pathRules, limits);
  return { inventory: copy, findings, descriptors: pathRules.map((r) => pathRuleDescriptor(r, findings)), stats };
}

/**
 * The inventory with every resource copied with its `related` (by node index), and the graph's resources replaced by
 * the copies. A resource whose id came earlier is not a node: its copy is the resource as given.
 */
export function copyWithRelated(inventory: Inventory, graph: Graph, related: readonly Related[]): Inventory {
  const source = inventory.resources;
  const resources: Resource[] = new Array(source.length);
  const copier = new ResourceCopier(['related']);
  const slot: { related: Related } = { related: EMPTY_RELATED };
  for (let k = 0; k < source.length; k++) {
    const n = graph.resourceNode[k];
    if (n < 0) {
      resources[k] = { ...source[k] };
      continue;
    }
    slot.related = related[n];
    resources[k] = graph.resources[n] = copier.copy(source[k], slot);
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
