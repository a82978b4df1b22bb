import { hash } from 'node:crypto';
import type { Finding, PathHop, ResourceRef, Severity } from '../model/index.js';
import type { Graph } from './build.js';
import type { PathRule } from './path-rule-loader.js';
import { nodeAttributes, readAttributes, type NodeAttributes } from './node-attributes.js';
import { formatHops, nodeLabel } from './format.js';

/** What a path ends at, best first: ranks paths with the same severity. */
export const TARGET_TIERS = ['serving-endpoint', 'endpoint', 'deployed-model', 'knowledge-base', 'model', 'dataset', 'training', 'other'] as const;
export type TargetTier = (typeof TARGET_TIERS)[number];

function targetTier(node: NodeAttributes): TargetTier {
  switch (node.category) {
    case 'ml.endpoint':
      return node.serving || node.deployed ? 'serving-endpoint' : 'endpoint';
    case 'ml.model':
      return node.deployed ? 'deployed-model' : 'model';
    case 'ml.knowledge-base':
      return 'knowledge-base';
    case 'ml.dataset':
      return 'dataset';
    case 'ml.training':
      return 'training';
    default:
      return 'other';
  }
}

/** sha256 over the rule id, the class of the source and the node ids of the route, NUL-separated: stable across scans. */
function pathFingerprint(ruleId: string, sourceClass: string, routeNodeIds: readonly string[]): string {
  let text = `${ruleId}\u0000${sourceClass}`;
  for (const id of routeNodeIds) text += `\u0000${id}`;
  return hash('sha256', text);
}

/** One deduplicated path: the route found first from the first source (by id) of its class, plus the other sources. */
export interface PathRecord {
  rule: PathRule;
  sourceClass: string;
  sources: number[];
  /** node indices, source first */
  nodes: number[];
  /** edge indices, one per hop */
  edges: number[];
}

export function pathToFinding(graph: Graph, record: PathRecord): Finding {
  const { rule } = record;
  const target = record.nodes[record.nodes.length - 1];
  const fields = targetFields(rule);
  const targetAttrs = (fields ? readAttributes(graph, target, fields) : nodeAttributes(graph, target)) as NodeAttributes;
  // a deployed model on the route whose artifact runs code when loaded makes any path through it critical
  const maliciousModels = record.nodes.filter((n) => {
    const r = graph.resources[n];
    return r?.artifactScan?.verdict === 'malicious' && r.related?.deployed === true;
  });
  const severity = maliciousModels.length ? 'critical' : severityFor(rule, targetAttrs);
  const hops: PathHop[] = record.edges.map((e, k) => {
    const edge = graph.edges[e];
    const hop: PathHop = { from: graph.ids[record.nodes[k]], to: graph.ids[record.nodes[k + 1]], type: edge.type, evidence: edge.evidence ?? [] };
    if (edge.prefix) hop.prefix = edge.prefix;
    if (hop.from !== edge.from) hop.reversed = true;
    if (edge.conditional) hop.conditional = true;
    return hop;
  });
  const conditionalHops = hops.flatMap((h, k) => (h.conditional ? [k] : []));
  const sources = record.sources.map((s) => graph.ids[s]).sort();
  const route = formatHops(hops);
  const tier = targetTier(targetAttrs);
  return {
    ruleId: rule.id,
    title: rule.title,
    severity,
    status: conditionalHops.length ? 'unknown' : 'fail',
    type: 'path',
    resource: resourceRef(graph, target),
    message: `${sourceSummary(sources)} can reach ${nodeLabel(graph.ids[target])} (${tier.replace('-', ' ')}) in ${hops.length} hop${hops.length > 1 ? 's' : ''}`,
    remediation: rule.remediation,
    evidence: [
      { path: 'path', value: route },
      { path: 'sources', value: sources },
      { path: 'sourceClass', value: record.sourceClass },
      { path: 'target', value: { id: targetAttrs.id, kind: targetAttrs.kind, tier, deployed: targetAttrs.deployed, serving: targetAttrs.serving } },
      ...(maliciousModels.length ? [{ path: 'maliciousArtifactModels', value: maliciousModels.map((n) => graph.ids[n]) }] : []),
    ],
    unknownFields: conditionalHops.map((k) => ({ path: `hops[${k}]`, reason: 'the access grant is conditional; aispm cannot tell whether the condition holds' })),
    hops,
    source: graph.ids[record.nodes[0]],
    frameworks: rule.frameworks,
    tags: findingTags(rule),
    references: rule.references,
    fingerprint: pathFingerprint(
      rule.id,
      record.sourceClass,
      record.nodes.slice(1).map((n) => graph.ids[n]),
    ),
    onPaths: [],
  };
}

const tagsByRule = new WeakMap<PathRule, string[]>();

/** The tags of a rule's findings: one frozen list per rule, shared by its findings. */
function findingTags(rule: PathRule): string[] {
  let tags = tagsByRule.get(rule);
  if (!tags) tagsByRule.set(rule, (tags = Object.freeze([...new Set(['attack-path', ...rule.tags])]) as string[]));
  return tags;
}

const TARGET_FIELDS: (keyof NodeAttributes)[] = ['id', 'kind', 'category', 'deployed', 'serving'];
const targetFieldsByRule = new WeakMap<PathRule, (keyof NodeAttributes)[] | undefined>();

/** The target attributes a finding needs: its own plus what the rule's severity selectors read (all when one reads `node` whole). */
function targetFields(rule: PathRule): (keyof NodeAttributes)[] | undefined {
  if (!targetFieldsByRule.has(rule)) {
    const selectors = rule.severitySelectors.map((s) => s.selector);
    targetFieldsByRule.set(rule, selectors.every((s) => s.fields) ? [...new Set([...TARGET_FIELDS, ...selectors.flatMap((s) => s.fields!)])] : undefined);
  }
  return targetFieldsByRule.get(rule);
}

function severityFor(rule: PathRule, target: NodeAttributes): Severity {
  for (const s of rule.severitySelectors) {
    try {
      if (s.selector(target)) return s.severity;
    } catch {
      // a missing key means this entry does not match
    }
  }
  return rule.severity;
}

function sourceSummary(sources: string[]): string {
  const first = nodeLabel(sources[0]);
  return sources.length > 1 ? `${first} (and ${sources.length - 1} more of its kind)` : first;
}

function resourceRef(graph: Graph, i: number): ResourceRef {
  const r = graph.resources[i];
  if (r) return { id: r.id, kind: r.kind, provider: r.provider, account: r.account, region: r.region, name: r.name };
  const a = nodeAttributes(graph, i);
  return { id: a.id, kind: a.kind, provider: a.provider || 'unknown', account: a.account || 'unknown', region: 'global', name: a.name };
}
