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

/** fingerprintOf(ruleId, resourceId) without the argument list and join, once per finding */
function resourceFindingFingerprint(ruleId: string, resourceId: string): string {
  return hash('sha256', `${ruleId}\u0000${resourceId}`, 'hex');
}

const PASS: RuleOutcome = Object.freeze({ status: 'pass', evidence: Object.freeze([]) as unknown as Evidence[], unknownFields: Object.freeze([]) as unknown as RuleOutcome['unknownFields'] }) as RuleOutcome;

const NO_GAPPED_PATHS: string[] = [];
const NO_UNKNOWN_FIELDS = Object.freeze([]) as unknown as Finding['unknownFields'];

/** A resource's CEL copy (toCelValue of the fields among `fields`, or of all), made when cel-js first needs it. */
export class LazyCelResource {
  private value: unknown;

  constructor(
    private readonly resource: Resource,
    private readonly fields?: ReadonlySet<string>,
  ) {}

  get(): unknown {
    return (this.value ??= toCelValue(pickFields(this.resource, this.fields)));
  }
}

/**
 * Evaluates one rule on one resource: through the condition's closure when it has one and no gap bears on the
 * outcome, else (or when the closure falls back) with cel-js on the CEL copy, which `celResource` makes at most once
 * per resource. The plain resource shows gaps under the same placeholders as its CEL copy (see gapsRead), so a gap
 * check on it decides which way to go.
 */
export function evaluateRuleOn(rule: LoadedRule, resource: Resource, celResource: LazyCelResource = new LazyCelResource(resource)): RuleOutcome {
  const closure = rule.condition.closure;
  if (closure && (resource.gaps.length === 0 || gapsRead(resource.gaps, rule.reads, resource).gaps.length === 0)) {
    let failed: boolean | undefined;
    try {
      failed = closure(resource);
    } catch (e) {
      if (e !== CEL_FALLBACK) throw e;
    }
    if (failed !== undefined) return failed ? { status: 'fail', evidence: evidenceOf(rule, resource, NO_GAPPED_PATHS), unknownFields: NO_UNKNOWN_FIELDS } : PASS;
  }
  return evaluateWithCelJs(rule, resource, celResource.get());
}

function evaluateWithCelJs(rule: LoadedRule, resource: Resource, celResource: unknown): RuleOutcome {
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
  return { status: 'fail', evidence: evidenceOf(rule, resource, gaps.map((g) => g.path)), unknownFields: NO_UNKNOWN_FIELDS };
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
  const all = evidencePaths(rule);
  const entries = gapped.length ? all.filter(({ path }) => !gapped.some((g) => g === path || path.startsWith(`${g}.`) || g.startsWith(`${path}.`))) : all;
  const values = new Array<unknown>(entries.length);
  let scalar = true;
  for (let i = 0; i < entries.length; i++) {
    const found = valueAtKeys(resource, entries[i].keys);
    const value = found === undefined ? null : found;
    scalar &&= isSmallScalar(value);
    values[i] = value;
  }
  return scalar ? sharedEvidence(rule, entries, values) : entries.map(({ path }, i) => ({ path, value: values[i] }));
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

function sharedEvidence(rule: LoadedRule, entries: readonly { path: string }[], values: readonly unknown[]): Evidence[] {
  let trie = sharedEvidenceByRule.get(rule);
  if (!trie) sharedEvidenceByRule.set(rule, (trie = { root: { next: new Map() }, nodes: 0 }));
  let node = trie.root;
  for (let i = 0; i < entries.length; i++) {
    const path = entries[i].path;
    let byValue = node.next.get(path);
    let child = byValue?.get(values[i]);
    if (!child) {
      if (trie.nodes >= SHARED_EVIDENCE_NODES_PER_RULE) return entries.map((e, j) => ({ path: e.path, value: values[j] }));
      if (!byValue) node.next.set(path, (byValue = new Map()));
      byValue.set(values[i], (child = { next: new Map() }));
      trie.nodes++;
    }
    node = child;
  }
  node.list ??= Object.freeze(entries.map((e, j) => Object.freeze({ path: e.path, value: values[j] }))) as Evidence[];
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
    fingerprint: resourceFindingFingerprint(rule.id, resource.id),
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
  const plans = new Map<string, KindPlan>();
  rules.forEach((rule, i) =>
    rule.kinds.forEach((kind, k) => {
      let plan = plans.get(kind);
      if (!plan) plans.set(kind, (plan = { fields: undefined, steps: [] }));
      plan.steps.push({ rule, counts: counts[i], findings: found[i][k] });
    }),
  );
  for (const plan of plans.values()) plan.fields = fieldsReadByAny(plan.steps.map((step) => step.rule));
  for (const resource of resources) {
    const plan = plans.get(resource.kind);
    if (!plan) continue;
    const celResource = new LazyCelResource(resource, plan.fields);
    let ref: ResourceRef | undefined;
    for (const step of plan.steps) {
      const outcome = evaluateRuleOn(step.rule, resource, celResource);
      if (outcome === PASS) {
        step.counts.pass++;
        continue;
      }
      step.counts[outcome.status]++;
      step.findings.push(findingFor(step.rule, resource, outcome, (ref ??= resourceRef(resource))));
    }
  }
  const findings: Finding[] = [];
  for (const perKind of found) for (const list of perKind) for (const f of list) findings.push(f);
  return { findings, rules: rules.map((rule, i) => describeRule(rule, counts[i])) };
}

/** The rules of one kind, each with its counts and its list of findings on that kind. */
interface KindPlan {
  /** the top-level fields the rules read (undefined: any) */
  fields: Set<string> | undefined;
  steps: { rule: LoadedRule; counts: RuleDescriptor['counts']; findings: Finding[] }[];
}
