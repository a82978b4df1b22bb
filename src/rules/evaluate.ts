import { createHash } from 'node:crypto';
import type { Resource } from '../model/resource.js';
import type { Evidence, Finding } from '../model/finding.js';
import type { RuleDescriptor } from '../model/scan-result.js';
import type { LoadedRule } from './load.js';
import { toCelValue } from './cel.js';
import { renderMessage, valueAtPath } from './message.js';
import { gapsRead, withoutPaths } from './unknown.js';

export type RuleStatus = 'pass' | 'fail' | 'unknown';

export interface RuleOutcome {
  status: RuleStatus;
  evidence: Evidence[];
  unknownFields: { path: string; reason: string }[];
}

export function fingerprintOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Evaluates one rule on one resource. `celResource` is toCelValue(resource), passed in so it is computed once per resource. */
export function evaluateRuleOn(rule: LoadedRule, resource: Resource, celResource: unknown = toCelValue(resource)): RuleOutcome {
  const { gaps, presenceUnknown, remove } = gapsRead(resource.gaps, rule.reads, celResource);
  const unknownFields = gaps.map((g) => ({ path: g.path, reason: g.reason }));
  // evidence is only kept on findings, so a passing resource does not pay for it
  const evidence = () => evidenceOf(rule, resource, gaps.map((g) => g.path));
  if (presenceUnknown) return { status: 'unknown', evidence: evidence(), unknownFields };

  const activation = { resource: remove.length ? withoutPaths(celResource, remove) : celResource };
  let value: unknown;
  try {
    value = rule.condition.evaluate(activation);
  } catch (e) {
    if (gaps.length) return { status: 'unknown', evidence: evidence(), unknownFields };
    const summary = (e as { summary?: string }).summary ?? (e as Error).message.split('\n')[0];
    return { status: 'unknown', evidence: evidence(), unknownFields: [{ path: '(condition)', reason: `evaluation error: ${summary}` }] };
  }
  if (typeof value !== 'boolean') {
    return { status: 'unknown', evidence: evidence(), unknownFields: [{ path: '(condition)', reason: `the condition returned ${describe(value)}, expected true or false` }] };
  }
  return { status: value ? 'fail' : 'pass', evidence: value ? evidence() : [], unknownFields: [] };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'bigint' ? 'an int' : `a ${typeof value}`;
}

/** The most specific paths the condition reads, with their values; gapped paths are left out (they are in unknownFields). */
function evidenceOf(rule: LoadedRule, resource: Resource, gapped: string[]): Evidence[] {
  const paths = [...new Set(rule.reads.map((r) => r.path))].sort();
  const specific = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}.`)));
  const out: Evidence[] = [];
  for (const path of specific) {
    if (gapped.some((g) => g === path || path.startsWith(`${g}.`) || g.startsWith(`${path}.`))) continue;
    const value = valueAtPath(resource, path);
    out.push({ path, value: value === undefined ? null : value });
  }
  return out;
}

export function resourceRef(r: Resource) {
  return { id: r.id, kind: r.kind, provider: r.provider, account: r.account, region: r.region, name: r.name };
}

export function findingFor(rule: LoadedRule, resource: Resource, outcome: RuleOutcome): Finding {
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
    resource: resourceRef(resource),
    message,
    remediation: def.remediation,
    evidence: outcome.evidence,
    unknownFields: outcome.unknownFields,
    frameworks: def.frameworks,
    tags: def.tags,
    references: def.references,
    fingerprint: fingerprintOf(rule.id, resource.id),
    onPaths: [],
  };
}

export function describeRule(rule: LoadedRule, counts: RuleDescriptor['counts'] = { pass: 0, fail: 0, unknown: 0 }): RuleDescriptor {
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

/** Evaluates each rule over the resources of its kinds only. Every resource is converted to CEL values once. */
export function evaluateRules(rules: readonly LoadedRule[], resources: readonly Resource[]): { findings: Finding[]; rules: RuleDescriptor[] } {
  const byKind = new Map<string, Resource[]>();
  for (const r of resources) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  const celCache = new Map<Resource, unknown>();
  const celOf = (r: Resource) => {
    if (!celCache.has(r)) celCache.set(r, toCelValue(r));
    return celCache.get(r);
  };
  const findings: Finding[] = [];
  const descriptors: RuleDescriptor[] = [];
  for (const rule of rules) {
    const counts = { pass: 0, fail: 0, unknown: 0 };
    for (const kind of rule.kinds) {
      for (const resource of byKind.get(kind) ?? []) {
        const outcome = evaluateRuleOn(rule, resource, celOf(resource));
        counts[outcome.status]++;
        if (outcome.status !== 'pass') findings.push(findingFor(rule, resource, outcome));
      }
    }
    descriptors.push(describeRule(rule, counts));
  }
  return { findings, rules: descriptors };
}
