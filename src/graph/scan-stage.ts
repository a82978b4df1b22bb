import type { AccessAnnotation, Finding, Inventory, Related, Resource, RuleDescriptor, TrustSettings } from '../model/index.js';
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
 *
 * `pending` holds, by resource position, fields an earlier stage computed but left for this copy to set (the access
 * analysis's `access` or `reach` and `gaps`, src/access annotateAccess), so that no resource is copied twice; the
 * build reads them in place of the resources' own.
 */
export function runGraphStage(
  inventory: Inventory,
  pathRules: readonly PathRule[],
  trust?: TrustSettings,
  limits: SearchLimits = DEFAULT_LIMITS,
  pending?: readonly (AccessAnnotation | undefined)[],
): GraphStageResult {
  const graph = buildGraph(inventory, { trust, pending });
  const copy = copyWithRelated(inventory, graph, relatedOfNodes(graph), pending);
  const { findings, stats } = searchPaths(graph, pathRules, limits);
  return { inventory: copy, findings, descriptors: pathRules.map((r) => pathRuleDescriptor(r, findings)), stats };
}

/**
 * The inventory with every resource copied with its `related` (by node index) and its pending fields (by position),
 * and the graph's resources replaced by the copies. Keys come as two copies would give them: the resource's own in
 * their order, then those of `access` or `reach`, `gaps` and `related` it lacks. A resource whose id came earlier is
 * not a node: its copy is the resource with its pending fields alone.
 */
export function copyWithRelated(inventory: Inventory, graph: Graph, related: readonly Related[], pending?: readonly (AccessAnnotation | undefined)[]): Inventory {
  const source = inventory.resources;
  const resources: Resource[] = new Array(source.length);
  const copier = new RelatedCopier();
  for (let k = 0; k < source.length; k++) {
    const n = graph.resourceNode[k];
    const fields = pending?.[k];
    if (n < 0) {
      resources[k] = fields ? { ...source[k], ...fields } : { ...source[k] };
      continue;
    }
    resources[k] = graph.resources[n] = copier.copy(source[k], related[n], fields);
  }
  return { ...inventory, resources };
}

/** Copies a resource with `related`, after the access analysis's `access` or `reach` and `gaps` when it has them. */
class RelatedCopier {
  private readonly plain = new ResourceCopier(['related']);
  private readonly withAccess = new ResourceCopier(['access', 'gaps', 'related']);
  private readonly withReach = new ResourceCopier(['reach', 'gaps', 'related']);
  // one fields object per key list, in the list's order (a copy by spread reads them in that order)
  private readonly relatedSlot: { related: Related } = { related: EMPTY_RELATED };
  private readonly accessSlot: Pick<Resource & { kind: 'aws.s3.bucket' }, 'access' | 'gaps' | 'related'> = { access: undefined, gaps: [], related: EMPTY_RELATED };
  private readonly reachSlot: Pick<Resource & { kind: 'aws.iam.role' }, 'reach' | 'gaps' | 'related'> = { reach: undefined, gaps: [], related: EMPTY_RELATED };

  copy(resource: Resource, related: Related, fields: AccessAnnotation | undefined): Resource {
    if (!fields) {
      this.relatedSlot.related = related;
      return this.plain.copy(resource, this.relatedSlot);
    }
    if ('access' in fields) {
      const slot = this.accessSlot;
      slot.access = fields.access;
      slot.gaps = fields.gaps;
      slot.related = related;
      return this.withAccess.copy(resource, slot);
    }
    const slot = this.reachSlot;
    slot.reach = fields.reach;
    slot.gaps = fields.gaps;
    slot.related = related;
    return this.withReach.copy(resource, slot);
  }
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
