import { hash } from 'node:crypto';
import type { Resource } from '../model/resource.js';
import type { Evidence, Finding, ResourceRef } from '../model/finding.js';
import type { Gap } from '../model/envelope.js';
import type { RuleDescriptor } from '../model/scan-result.js';
import type { LoadedRule } from './load.js';
import { toCelValue } from './cel.js';
import { CEL_FALLBACK } from './cel-closure.js';
import { renderMessage, valueAtKeys } from './message.js';
import { gapsRead, withoutPaths } from './unknown.js';
import { fieldsReadByAny, pickFields } from './cel-projection.js';

export type RuleStatus = 'pass' | 'fail' | 'unknown';

export interface RuleOutcome {
  status: RuleStatus;
  evidence: Evidence[];
  unknownFields: { path: string; reason: string }[];
}

export function fingerprintOf(...parts: string[]): string {
  // one-shot hash: no Hash object per finding
  return hash('sha256', parts.join('\u0000'), 'hex');
}

const PASS: RuleOutcome = Object.freeze({ status: 'pass', evidence: Object.freeze([]) as unknown as Evidence[], unknownFields: Object.freeze([]) as unknown as RuleOutcome['unknownFields'] }) as RuleOutcome;

const NO_GAPPED_PATHS: string[] = [];

/**
 * Evaluates one rule on one resource. A resource without gaps goes through the condition's closure when it has one;
 * cel-js decides the rest. `celResourceOf` gives toCelValue(resource) (or of the fields the rules read), so that the
 * caller computes it at most once per resource, and only when cel-js needs it.
 */
export function evaluateRuleOn(rule: LoadedRule, resource: Resource, celResourceOf: () => unknown = () => toCelValue(resource)): RuleOutcome {
  const closure = rule.condition.closure;
  if (closure && resource.gaps.length === 0) {
    let failed: boolean | undefined;
    try {
      failed = closure(resource);
    } catch (e) {
      if (e !== CEL_FALLBACK) throw e;
    }
    if (failed !== undefined) return failed ? { status: 'fail', evidence: evidenceOf(rule, resource, NO_GAPPED_PATHS), unknownFields: [] } : PASS;
  }
  const celResource = celResourceOf();
  const { gaps, presenceUnknown, remove } = gapsRead(resource.gaps, rule.reads, celResource);
  if (presenceUnknown) return unknownOutcome(rule, resource, gaps);

  let value: unknown;
  try {
    value = rule.condition.evaluate({ resource: remove.length ? withoutPaths(celResource, remove) : celResource });
  } catch (e) {
    if (gaps.length) return unknownOutcome(rule, resource, gaps);
    const summary = (e as { summary?: string }).summary ?? (e as Error).message.split('\n')[0];
    return unknownOutcome(rule, resource, gaps, { path: '(condition)', reason: `evaluation error: ${summary}` });
  }
  if (typeof value !== 'boolean') {
    return unknownOutcome(rule, resource, gaps, { path: '(condition)', reason: `the condition returned ${describe(value)}, expected true or false` });
  }
  if (!value) return PASS;
  // evidence is only kept on findings, so a passing resource does not pay for it
  return { status: 'fail', evidence: evidenceOf(rule, resource, gaps.map((g) => g.path)), unknownFields: [] };
}

/** `instead`: the reason to report in place of the gaps (an evaluation error with no gap to blame). */
function unknownOutcome(rule: LoadedRule, resource: Resource, gaps: readonly Gap[], instead?: { path: string; reason: string }): RuleOutcome {
  return {
    status: 'unknown',
    evidence: evidenceOf(rule, resource, gaps.map((g) => g.path)),
    unknownFields: instead ? [instead] : gaps.map((g) => ({ path: g.path, reason: g.reason })),
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'bigint' ? 'an int' : `a ${typeof value}`;
}

/** The most specific paths the condition reads, with their values; gapped paths are left out (they are in unknownFields). */
function evidenceOf(rule: LoadedRule, resource: Resource, gapped: string[]): Evidence[] {
  const paths: string[] = [];
  const values: unknown[] = [];
  let scalar = true;
  for (const { path, keys } of evidencePaths(rule)) {
    if (gapped.length && gapped.some((g) => g === path || path.startsWith(`${g}.`) || g.startsWith(`${path}.`))) continue;
    const found = valueAtKeys(resource, keys);
    const value = found === undefined ? null : found;
    scalar &&= isSmallScalar(value);
    paths.push(path);
    values.push(value);
  }
  return scalar ? sharedEvidence(rule, paths, values) : paths.map((path, i) => ({ path, value: values[i] }));
}

const isSmallScalar = (v: unknown) => v === null || typeof v === 'boolean' || typeof v === 'number' || (typeof v === 'string' && v.length <= 64);

/**
 * Most failing resources of a rule show the same few scalar values (`versioning.enabled: false`), so such evidence
 * lists are made once per rule and (path, value) sequence and shared, frozen, by their findings. A trie of Maps keyed
 * by path, then value, finds them without building a key. Bounded per rule, so values that differ per resource stop
 * being cached.
 */
interface EvidenceNode {
  next: Map<string, Map<unknown, EvidenceNode>>;
  list?: Evidence[];
}
const sharedEvidenceByRule = new WeakMap<LoadedRule, { root: EvidenceNode; nodes: number }>();
const SHARED_EVIDENCE_NODES_PER_RULE = 1024;

function sharedEvidence(rule: LoadedRule, paths: readonly string[], values: readonly unknown[]): Evidence[] {
  let trie = sharedEvidenceByRule.get(rule);
  if (!trie) sharedEvidenceByRule.set(rule, (trie = { root: { next: new Map() }, nodes: 0 }));
  let node = trie.root;
  for (let i = 0; i < paths.length; i++) {
    let byValue = node.next.get(paths[i]);
    let child = byValue?.get(values[i]);
    if (!child) {
      if (trie.nodes >= SHARED_EVIDENCE_NODES_PER_RULE) return paths.map((path, j) => ({ path, value: values[j] }));
      if (!byValue) node.next.set(paths[i], (byValue = new Map()));
      byValue.set(values[i], (child = { next: new Map() }));
      trie.nodes++;
    }
    node = child;
  }
  node.list ??= Object.freeze(paths.map((path, j) => Object.freeze({ path, value: values[j] }))) as Evidence[];
  return node.list;
}

const evidencePathCache = new WeakMap<LoadedRule, { path: string; keys: string[] }[]>();

function evidencePaths(rule: LoadedRule): { path: string; keys: string[] }[] {
  let specific = evidencePathCache.get(rule);
  if (!specific) {
    const paths = [...new Set(rule.reads.map((r) => r.path))].sort();
    specific = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}.`))).map((path) => ({ path, keys: path.split('.') }));
    evidencePathCache.set(rule, specific);
  }
  return specific;
}

export function resourceRef(r: Resource): ResourceRef {
  return { id: r.id, kind: r.kind, provider: r.provider, account: r.account, region: r.region, name: r.name };
}

/** Findings never change in place (stages return new objects), so the empty lists of a million findings can be one list. */
const NO_UNKNOWN_FIELDS = Object.freeze([]) as unknown as Finding['unknownFields'];
const NO_PATHS = Object.freeze([]) as unknown as string[];

/** `ref`: the resource's ResourceRef, shared by all its findings when the caller has one. */
function findingFor(rule: LoadedRule, resource: Resource, outcome: RuleOutcome, ref: ResourceRef = resourceRef(resource)): Finding {
  const def = rule.def;
  const message =
    outcome.status === 'fail'
      ? renderMessage(def.message, resource)
      : `Could not decide "${def.title}" for ${resource.name}: ${outcome.unknownFields.map((f) => `${f.path} (${f.reason})`).join('; ')}`;
  return {
    ruleId: rule.id,
    title: def.title,
    severity: def.severity,
    status: outcome.status === 'fail' ? 'fail' : 'unknown',
    type: 'resource',
    resource: ref,
    message,
    remediation: def.remediation,
    evidence: outcome.evidence,
    unknownFields: outcome.unknownFields.length ? outcome.unknownFields : NO_UNKNOWN_FIELDS,
    frameworks: def.frameworks,
    tags: def.tags,
    references: def.references,
    fingerprint: fingerprintOf(rule.id, resource.id),
    onPaths: NO_PATHS,
  };
}

function describeRule(rule: LoadedRule, counts: RuleDescriptor['counts'] = { pass: 0, fail: 0, unknown: 0 }): RuleDescriptor {
  const def = rule.def;
  return {
    id: rule.id,
    title: def.title,
    severity: def.severity,
    type: 'resource',
    resource: def.resource,
    description: def.description,
    remediation: def.remediation,
    references: def.references,
    frameworks: def.frameworks,
    tags: def.tags,
    source: rule.source,
    counts,
  };
}

/**
 * Evaluates each rule over the resources of its kinds only. Resource-major: all rules of a resource's kind run on it in turn;
 * when cel-js has to evaluate one of them, the resource is converted to CEL values once (only the top-level fields its
 * kind's rules read) and the copy is dropped after the resource, so no CEL copy of the inventory is retained. Findings come out in rule order, then kind order, then resource order.
 */
export function evaluateRules(rules: readonly LoadedRule[], resources: readonly Resource[]): { findings: Finding[]; rules: RuleDescriptor[] } {
  const counts = rules.map(() => ({ pass: 0, fail: 0, unknown: 0 }));
  // per rule, per kind (in rule.kinds order), the findings in resource order
  const found: Finding[][][] = rules.map((rule) => rule.kinds.map(() => []));
  const plans = new Map<string, { rule: number; kind: number }[]>();
  for (let i = 0; i < rules.length; i++) {
    rules[i].kinds.forEach((kind, k) => {
      const plan = plans.get(kind);
      if (plan) plan.push({ rule: i, kind: k });
      else plans.set(kind, [{ rule: i, kind: k }]);
    });
  }
  const fieldsByKind = new Map<string, Set<string> | undefined>();
  for (const [kind, plan] of plans) fieldsByKind.set(kind, fieldsReadByAny(plan.map((p) => rules[p.rule])));
  for (const resource of resources) {
    const plan = plans.get(resource.kind);
    if (!plan) continue;
    let celResource: unknown;
    const celResourceOf = () => (celResource ??= toCelValue(pickFields(resource, fieldsByKind.get(resource.kind))));
    let ref: ResourceRef | undefined;
    for (const { rule: i, kind: k } of plan) {
      const rule = rules[i];
      const outcome = evaluateRuleOn(rule, resource, celResourceOf);
      counts[i][outcome.status]++;
      if (outcome.status !== 'pass') found[i][k].push(findingFor(rule, resource, outcome, (ref ??= resourceRef(resource))));
    }
  }
  const findings: Finding[] = [];
  for (const perKind of found) for (const list of perKind) for (const f of list) findings.push(f);
  return { findings, rules: rules.map((rule, i) => describeRule(rule, counts[i])) };
}
