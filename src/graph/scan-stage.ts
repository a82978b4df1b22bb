import type { AccessAnnotation, Finding, Inventory, Related, Resource, RuleDescriptor, TrustSettings } from '../model/index.js';
import { buildGraph, type BuildGraphOptions, type Graph } from './build.js';
import { EMPTY_RELATED, relatedMaker } from './related.js';
import { searchPaths, DEFAULT_LIMITS, type RuleSearchStats, type SearchLimits } from './search.js';
import type { PathRule } from './path-rule-loader.js';
import { pathRuleIds } from './merge-routes.js';
import { ResourceCopier } from '../model/resource-copier.js';

export interface GraphStageResult {
  /** the inventory whose resources carry `related` (copies, or the same objects with `inPlace`) */
  inventory: Inventory;
  findings: Finding[];
  descriptors: RuleDescriptor[];
  stats: RuleSearchStats[];
}

export interface GraphStageOptions {
  /** by resource position, fields an earlier stage computed for this stage's copy to set (see runGraphStage) */
  pending?: readonly (AccessAnnotation | undefined)[];
  /** where the resources at the ends of the access analysis's edges are (src/access annotateAccess; BuildGraphOptions) */
  edgeEnds?: BuildGraphOptions['edgeEnds'];
  /** set the fields on the inventory's own resources instead of copies (see below) */
  inPlace?: boolean;
}

/**
 * The scan pipeline's graph stage: build the graph, fill `related` on copies of the resources (so resource rules
 * can read lineage), and evaluate the path rules. Pure unless `inPlace`: the input inventory is not changed.
 *
 * Each resource is copied once, last, with its final `related` (computed by node index into an array first): no copy
 * is written to after it is made, so the collector has no old-to-young pointers to track from a million copies, and
 * no placeholder is stored and replaced. The build and the lineage pass read only a resource's id, kind, category,
 * account and (buckets, endpoints, identities) a few fields. The path rules then run over the copies.
 *
 * `pending` holds, by resource position, fields an earlier stage computed but left for this copy to set (the access
 * analysis's `access` or `reach` and `gaps`, src/access annotateAccess), so that no resource is copied twice; the
 * build reads them in place of the resources' own.
 *
 * `inPlace` (for callers that hand the inventory over, see AnalyzeOptions.annotateInPlace in src/scan.ts): the
 * fields are set on the resources themselves (setRelatedInPlace) instead of on copies, and the input inventory's
 * resources are changed.
 */
export function runGraphStage(
  inventory: Inventory,
  pathRules: readonly PathRule[],
  trust?: TrustSettings,
  limits: SearchLimits = DEFAULT_LIMITS,
  options: GraphStageOptions = {},
): GraphStageResult {
  const { pending, edgeEnds, inPlace } = options;
  const graph = buildGraph(inventory, { trust, pending, edgeEnds });
  const annotate = inPlace ? setRelatedInPlace : copyWithRelated;
  const copy = annotate(inventory, graph, relatedMaker(graph), pending);
  const { findings, stats } = searchPaths(graph, pathRules, limits);
  const counts = pathRuleCounts(findings);
  return { inventory: copy, findings, descriptors: pathRules.map((r) => describePathRule(r, counts.get(r.id))), stats };
}

/** A node's `related`: by node index in a list, or made when asked for (relatedMaker). */
export type RelatedOfNodes = readonly Related[] | ((node: number) => Related);

function relatedLookup(related: RelatedOfNodes): (node: number) => Related {
  return typeof related === 'function' ? related : (node) => related[node];
}

/**
 * The graph's own list of resources when it can be the annotated inventory's too: every resource is its own node
 * (no id repeats, so resource k is node k and the list holds the same resources in the same order) and the list is
 * not the inventory's. The annotation then replaces entries of one list, kept by both, instead of filling a second:
 * at 10^6 resources an 8 MiB array less, which was garbage with the graph at the scan's memory peak.
 */
function sharedResourceList(inventory: Inventory, graph: Graph): Resource[] | undefined {
  const source = inventory.resources;
  const list = graph.resources;
  return graph.scannedCount === source.length && list.length === source.length && list !== source ? (list as Resource[]) : undefined;
}

/**
 * The inventory with every resource copied with its `related` (by node index) and its pending fields (by position),
 * and the graph's resources replaced by the copies. Keys come as two copies would give them: the resource's own in
 * their order, then those of `access` or `reach`, `gaps` and `related` it lacks. A resource whose id came earlier is
 * not a node: its copy is the resource with its pending fields alone. The inventory's list of resources is its own:
 * pure, so a second annotation of the same graph leaves the first one's inventory as it was (only the in-place
 * annotation, which changes its input anyway, takes the graph's list).
 */
export function copyWithRelated(inventory: Inventory, graph: Graph, related: RelatedOfNodes, pending?: readonly (AccessAnnotation | undefined)[]): Inventory {
  const source = inventory.resources;
  const relatedOf = relatedLookup(related);
  const resources: Resource[] = new Array(source.length);
  const copier = new RelatedCopier();
  for (let k = 0; k < source.length; k++) {
    const n = graph.resourceNode[k];
    const fields = pending?.[k];
    if (n < 0) {
      resources[k] = fields ? { ...source[k], ...fields } : { ...source[k] };
      continue;
    }
    resources[k] = graph.resources[n] = copier.copy(source[k], relatedOf(n), fields);
  }
  return { ...inventory, resources };
}

/**
 * What copyWithRelated gives, same keys in the same order, but with the fields set on the inventory's own resources
 * (the array is new, or the graph's own: sharedResourceList): no copy of every resource (at 10^6 resources, about
 * 180 MiB kept and 0.4 s). Setting a field a resource lacks appends it, as the copy does, and one it has keeps its
 * place, as in the copy. A resource whose id came earlier is copied as by copyWithRelated, before any resource is
 * changed (it may be the same object as the node's); so is one that cannot take new fields (frozen, sealed).
 */
export function setRelatedInPlace(inventory: Inventory, graph: Graph, related: RelatedOfNodes, pending?: readonly (AccessAnnotation | undefined)[]): Inventory {
  const source = inventory.resources;
  const relatedOf = relatedLookup(related);
  const resources = sharedResourceList(inventory, graph) ?? source.slice();
  if (graph.scannedCount < source.length) {
    for (let k = 0; k < source.length; k++) {
      if (graph.resourceNode[k] >= 0) continue;
      const fields = pending?.[k];
      resources[k] = fields ? { ...source[k], ...fields } : { ...source[k] };
    }
  }
  let copier: RelatedCopier | undefined;
  for (let k = 0; k < source.length; k++) {
    const n = graph.resourceNode[k];
    if (n < 0) continue;
    const r = source[k];
    const fields = pending?.[k];
    if (!Object.isExtensible(r)) {
      resources[k] = graph.resources[n] = (copier ??= new RelatedCopier()).copy(r, relatedOf(n), fields);
      continue;
    }
    const target = r as Resource & { access?: unknown; reach?: unknown; gaps: unknown; related?: Related };
    if (fields) {
      // in the order of the copy's key list: access or reach, gaps, related
      if ('access' in fields) target.access = fields.access;
      else target.reach = fields.reach;
      target.gaps = fields.gaps;
    }
    target.related = relatedOf(n);
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
  return describePathRule(rule, pathRuleCounts(findings).get(rule.id));
}

interface StatusCounts {
  fail: number;
  unknown: number;
}

/**
 * By rule id, the findings that stand for the rule (its own and those it was merged into), failed and unknown: one
 * pass over the findings for all rules, instead of one per rule.
 */
function pathRuleCounts(findings: readonly Finding[]): Map<string, StatusCounts> {
  const counts = new Map<string, StatusCounts>();
  for (const f of findings) {
    const ids = pathRuleIds(f);
    for (let j = 0; j < ids.length; j++) {
      // a rule named twice in one finding counts it once
      if (ids.indexOf(ids[j]) !== j) continue;
      let c = counts.get(ids[j]);
      if (!c) counts.set(ids[j], (c = { fail: 0, unknown: 0 }));
      if (f.status === 'fail') c.fail++;
      else c.unknown++;
    }
  }
  return counts;
}

function describePathRule(rule: PathRule, counts: StatusCounts = { fail: 0, unknown: 0 }): RuleDescriptor {
  const { fail, unknown } = counts;
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
