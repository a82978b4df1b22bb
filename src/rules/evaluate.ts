import { hash } from 'node:crypto';
import type { Resource } from '../model/resource.js';
import type { Evidence, Finding } from '../model/finding.js';
import type { Gap } from '../model/envelope.js';
import type { RuleDescriptor } from '../model/scan-result.js';
import type { LoadedRule } from './load.js';
import { toCelValue } from './cel.js';
import { CEL_FALLBACK } from './cel-closure.js';
import { messageRenderer, valueAtKeys } from './message.js';
import { gapsRead, overlaps, withoutPaths } from './unknown.js';
import { fieldsReadByAny, pickFields } from './cel-projection.js';
import { evidenceWithAccess, readsAccessField } from '../access/finding-evidence.js';
import { FailedResourceFinding, NO_PATHS, UndecidedResourceFinding, type FindingKind, type FindingRule } from './resource-finding.js';
import { rankedList, type RuleFindings } from '../rank-findings.js';

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
  const failed = closureVerdict(rule, resource, resource.gaps);
  if (failed !== undefined) return failed ? { status: 'fail', evidence: evidenceOf(rule, resource, NO_GAPPED_PATHS), unknownFields: NO_UNKNOWN_FIELDS } : PASS;
  return evaluateWithCelJs(rule, resource, celResource.get());
}

/**
 * Whether the rule fails, by its closure; undefined when cel-js has to decide (no closure, a gap read, or a fallback).
 * `gaps`: the resource's, read once for all the rules of its kind (resources of many shapes make each read a slow one).
 */
function closureVerdict(rule: LoadedRule, resource: Resource, gaps: readonly Gap[]): boolean | undefined {
  const closure = rule.condition.closure;
  if (!closure || (gaps.length !== 0 && gapsRead(gaps, rule.reads, resource).gaps.length !== 0)) return undefined;
  try {
    return closure(resource);
  } catch (e) {
    if (e !== CEL_FALLBACK) throw e;
    return undefined;
  }
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
function evidenceOf(rule: LoadedRule, resource: Resource, gapped: readonly string[]): Evidence[] {
  return evidenceMaker(rule).of(resource, gapped);
}

const isSmallScalar = (v: unknown) => v === null || typeof v === 'boolean' || typeof v === 'number' || (typeof v === 'string' && v.length <= 64);

const valueOrNull = (resource: Resource, keys: readonly string[]) => valueAtKeys(resource, keys) ?? null;

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
const SHARED_EVIDENCE_NODES_PER_RULE = 1024;

/** A rule's evidence paths (the most specific paths its condition reads) and its shared evidence lists. */
class EvidenceMaker {
  private readonly root: EvidenceNode = { next: new Map() };
  private nodes = 0;
  /**
   * the values of the finding being made, each read once (reused: no array per finding; small scalars only); while
   * `last` is set, they are the values of `last`, the shared list of all the entries last returned
   */
  private readonly scalars: unknown[] = [];
  private last: Evidence[] | undefined;

  constructor(private readonly entries: readonly { path: string; keys: string[] }[]) {}

  of(resource: Resource, gapped: readonly string[]): Evidence[] {
    // no closures in this method: a closure over its parameters would cost a context allocation on every call
    const entries = gapped.length ? entriesNotGapped(this.entries, gapped) : this.entries;
    const values = this.scalars;
    const last = entries === this.entries ? this.last : undefined;
    this.last = undefined;
    let scalar = true;
    let same = last !== undefined;
    for (let i = 0; scalar && i < entries.length; i++) {
      const value = valueOrNull(resource, entries[i].keys);
      if ((scalar = isSmallScalar(value))) {
        same &&= Object.is(values[i], value);
        values[i] = value;
      }
    }
    // the findings of a rule mostly show the values its previous finding showed: no lookup then
    if (scalar && same) return (this.last = last)!;
    const list = scalar ? this.shared(entries, values) : undefined;
    if (list && entries === this.entries) this.last = list;
    return list ?? ownEvidence(resource, entries);
  }

  /** The shared list for these values of the entries, or undefined once the rule's bound is reached. */
  private shared(entries: readonly { path: string; keys: string[] }[], values: readonly unknown[]): Evidence[] | undefined {
    let node = this.root;
    for (let i = 0; i < entries.length; i++) {
      const { path } = entries[i];
      const value = values[i];
      let byValue = node.next.get(path);
      let child = byValue?.get(value);
      if (!child) {
        if (this.nodes >= SHARED_EVIDENCE_NODES_PER_RULE) return undefined;
        if (!byValue) node.next.set(path, (byValue = new Map()));
        byValue.set(value, (child = { next: new Map() }));
        this.nodes++;
      }
      node = child;
    }
    return (node.list ??= sharedList(entries, values));
  }
}

type EvidenceEntry = { path: string; keys: string[] };

function entriesNotGapped(entries: readonly EvidenceEntry[], gapped: readonly string[]): EvidenceEntry[] {
  return entries.filter(({ path }) => !gapped.some((g) => overlaps(path, g)));
}

function ownEvidence(resource: Resource, entries: readonly EvidenceEntry[]): Evidence[] {
  return entries.map(({ path, keys }) => ({ path, value: valueOrNull(resource, keys) }));
}

function sharedList(entries: readonly EvidenceEntry[], values: readonly unknown[]): Evidence[] {
  return Object.freeze(entries.map(({ path }, i) => Object.freeze({ path, value: values[i] }))) as Evidence[];
}

const evidenceMakers = new WeakMap<LoadedRule, EvidenceMaker>();

function evidenceMaker(rule: LoadedRule): EvidenceMaker {
  let maker = evidenceMakers.get(rule);
  if (!maker) {
    const paths = [...new Set(rule.reads.map((r) => r.path))].sort();
    const specific = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}.`))).map((path) => ({ path, keys: path.split('.') }));
    evidenceMakers.set(rule, (maker = new EvidenceMaker(specific)));
  }
  return maker;
}

const FINDINGS_PER_CHUNK = 4096;
const FIRST_CHUNK = 64;

/** One rule on one kind: its counts, its findings on that kind, and what every finding of the rule is built from. */
class RuleStep implements FindingRule {
  /**
   * the findings in chunks, each allocated at its size (64, then as many as so far, up to 4,096) and never grown: a
   * list grown by push leaves its outgrown copies behind (at millions of findings, large objects that only a full
   * collection frees; for a chunk grown to 4,096 by push, copies of about twice its size)
   */
  readonly findingChunks: Finding[][] = [];
  /** how many findings the last chunk holds */
  private filled = 0;
  private findings = 0;
  readonly evidence: EvidenceMaker;
  readonly renderMessage: (resource: unknown) => string;
  readonly fingerprintPrefix: string;
  /** findings carry the access analysis's evidence for the access and reach fields they name */
  readonly addsAccessEvidence: boolean;
  /** the kinds of the step's findings by their shared evidence list, and the last one asked for */
  private readonly kinds = new Map<Evidence[], FindingKind>();
  private lastKind: FindingKind | undefined;

  constructor(
    readonly rule: LoadedRule,
    readonly counts: RuleDescriptor['counts'],
  ) {
    this.evidence = evidenceMaker(rule);
    this.renderMessage = messageRenderer(rule.def.message);
    this.fingerprintPrefix = `${rule.id}\u0000`;
    this.addsAccessEvidence = readsAccessField(rule);
  }

  add(finding: Finding): void {
    let chunk = this.findingChunks[this.findingChunks.length - 1];
    if (chunk === undefined || this.filled === chunk.length) {
      this.findingChunks.push((chunk = new Array<Finding>(Math.min(FINDINGS_PER_CHUNK, Math.max(FIRST_CHUNK, this.findings)))));
      this.filled = 0;
    }
    chunk[this.filled++] = finding;
    this.findings++;
  }

  /** Copies the findings into `list` from position `k`; returns the position after them. */
  copyFindings(list: Finding[], k: number): number {
    const chunks = this.findingChunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c];
      const n = c === chunks.length - 1 ? this.filled : chunk.length;
      for (let i = 0; i < n; i++) list[k++] = chunk[i];
    }
    return k;
  }

  /** Calls `visit` with each finding, in the order they were added. */
  forEachFinding(visit: (finding: Finding) => void): void {
    const chunks = this.findingChunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c];
      const n = c === chunks.length - 1 ? this.filled : chunk.length;
      for (let i = 0; i < n; i++) visit(chunk[i]);
    }
  }

  get findingCount(): number {
    return this.findings;
  }

  /**
   * The finding of a failed or undecided evaluation. A failed outcome has no unknown fields (evaluateRuleOn,
   * evaluatePlan): its finding's empty list comes from its class.
   */
  finding(resource: Resource, onPaths: string[], status: 'fail' | 'unknown', evidence: Evidence[], unknownFields: RuleOutcome['unknownFields']): Finding {
    const kind = this.kindOf(this.addsAccessEvidence ? evidenceWithAccess(resource, evidence, unknownFields) : evidence);
    return status === 'fail'
      ? new FailedResourceFinding(kind, resource, onPaths)
      : new UndecidedResourceFinding(kind, resource, onPaths, unknownFields.length ? unknownFields : NO_UNKNOWN_FIELDS);
  }

  /** The kind of a finding with this evidence: one per shared (frozen) list, kept; a list of one finding's own, its own. */
  private kindOf(evidence: Evidence[]): FindingKind {
    if (this.lastKind?.evidence === evidence) return this.lastKind;
    if (!Object.isFrozen(evidence)) return { rule: this, evidence };
    let kind = this.kinds.get(evidence);
    if (!kind) this.kinds.set(evidence, (kind = { rule: this, evidence }));
    return (this.lastKind = kind);
  }
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
 * Findings of rules that read an access or reach field carry the access analysis's own evidence for it (src/access/finding-evidence.ts),
 * added here, where the resource is at hand.
 */
export function evaluateRules(
  rules: readonly LoadedRule[],
  resources: readonly Resource[],
  options: EvaluateOptions = {},
): { findings: Finding[]; rules: RuleDescriptor[]; ranked: boolean } {
  const counts = rules.map(() => ({ pass: 0, fail: 0, unknown: 0 }));
  // per rule, per kind (in rule.kinds order)
  const steps: RuleStep[][] = rules.map((rule, i) => rule.kinds.map(() => new RuleStep(rule, counts[i])));
  const plans = new Map<string, KindPlan>();
  rules.forEach((rule, i) =>
    rule.kinds.forEach((kind, k) => {
      let plan = plans.get(kind);
      if (!plan) plans.set(kind, (plan = { fields: undefined, steps: [] }));
      plan.steps.push(steps[i][k]);
    }),
  );
  for (const plan of plans.values()) plan.fields = fieldsReadByAny(plan.steps.map((step) => step.rule));
  // index loops here and below: until the loop is optimized (and after each deoptimization, as resources of new shapes
  // come), for...of allocates an iterator result per step
  for (let r = 0; r < resources.length; r++) {
    const resource = resources[r];
    const plan = plans.get(resource.kind);
    if (plan) evaluatePlan(plan, resource, options.pathsByNode);
  }
  const after = options.findingsAfter ?? [];
  const ranked = options.ranked ? rankedList(rules.map((rule, i) => findingsOfRule(rule, steps[i])), after) : undefined;
  const findings = ranked ?? listOf(steps.flat(), after);
  return { findings, rules: rules.map((rule, i) => describeRule(rule, counts[i])), ranked: ranked !== undefined };
}

/** A rule's findings over its steps (one per kind, in kind order), for rankedList. */
function findingsOfRule(rule: LoadedRule, steps: readonly RuleStep[]): RuleFindings {
  let count = 0;
  for (const step of steps) count += step.findingCount;
  return {
    ruleId: rule.id,
    count,
    inResourceOrder: rule.kinds.length === 1,
    forEach: (visit) => {
      for (const step of steps) step.forEachFinding(visit);
    },
  };
}

export interface EvaluateOptions {
  /**
   * Attack path fingerprints by node id (graph's pathsByNode): a finding on a resource that lies on a path gets its
   * node's list as `onPaths` when it is made, so no stage has to copy the findings to link them afterwards.
   */
  pathsByNode?: ReadonlyMap<string, string[]>;
  /** findings to put after the rules' own in the list returned (the attack paths), so no push grows it afterwards */
  findingsAfter?: readonly Finding[];
  /**
   * the list returned is in compareFindings order, the rules' findings and those after them ranked together
   * (src/rank-findings.ts rankedList), when the result says `ranked` (not when two rules have one id)
   */
  ranked?: boolean;
}

/**
 * The findings of the steps, then `after`, in one list allocated at its final size: at millions of findings a list
 * grown by push leaves its outgrown copy (tens of MB) to the next full collection.
 */
function listOf(steps: readonly RuleStep[], after: readonly Finding[]): Finding[] {
  let size = after.length;
  for (const step of steps) size += step.findingCount;
  const list = new Array<Finding>(size);
  let k = 0;
  for (const step of steps) k = step.copyFindings(list, k);
  for (let i = 0; i < after.length; i++) list[k++] = after[i];
  return list;
}

/** Runs the rules of the resource's kind on it, counting outcomes and adding each step's findings. */
function evaluatePlan(plan: KindPlan, resource: Resource, pathsByNode: EvaluateOptions['pathsByNode']): void {
  let celResource: LazyCelResource | undefined;
  let onPaths: string[] | undefined;
  const gaps = resource.gaps;
  const steps = plan.steps;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    const failed = closureVerdict(step.rule, resource, gaps);
    if (failed === false) {
      step.counts.pass++;
      continue;
    }
    if (failed) {
      step.counts.fail++;
      step.add(step.finding(resource, (onPaths ??= pathsByNode?.get(resource.id) ?? NO_PATHS), 'fail', step.evidence.of(resource, NO_GAPPED_PATHS), NO_UNKNOWN_FIELDS));
      continue;
    }
    const outcome = evaluateWithCelJs(step.rule, resource, (celResource ??= new LazyCelResource(resource, plan.fields)).get());
    if (outcome === PASS) {
      step.counts.pass++;
      continue;
    }
    const status = outcome.status === 'fail' ? 'fail' : 'unknown';
    step.counts[status]++;
    step.add(step.finding(resource, (onPaths ??= pathsByNode?.get(resource.id) ?? NO_PATHS), status, outcome.evidence, outcome.unknownFields));
  }
}

/** The rules of one kind, in rule order. */
interface KindPlan {
  /** the top-level fields the rules read (undefined: any) */
  fields: Set<string> | undefined;
  steps: RuleStep[];
}
