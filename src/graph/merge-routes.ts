import { SEVERITY_RANK, type Finding, type Frameworks } from '../model/index.js';
import type { PathRule } from './path-rule-loader.js';

/** A path rule named in another rule's finding because it reports the same route (PathRule.mergeInto). */
export interface AlsoMatch {
  ruleId: string;
  title: string;
  severity: Finding['severity'];
  remediation: string;
}

export const ALSO_MATCHES = 'alsoMatches';

/** Source class plus every hop: two findings with the same key describe the same route. */
function routeKey(f: Finding): string {
  const sourceClass = f.evidence.find((e) => e.path === 'sourceClass')?.value;
  return `${String(sourceClass)}|${(f.hops ?? []).map((h) => `${h.type}>${h.to}`).join('|')}`;
}

/**
 * One finding per (source class, route) across rules: a finding of a rule with `mergeInto` whose route a listed rule
 * also reports is folded into that rule's finding (the first listed that has it). The kept finding takes the higher
 * severity, the union of frameworks, tags and references, names the merged rule in its message and in an
 * `alsoMatches` evidence entry, and keeps its fingerprint. Returns the findings left and, per rule, how many of its
 * routes were merged.
 */
export function mergeSameRoutes(rules: readonly PathRule[], byRule: ReadonlyMap<string, Finding[]>): { findings: Finding[]; merged: Map<string, number> } {
  const merged = new Map<string, number>();
  const kept = new Map<string, Finding[]>([...byRule].map(([id, list]) => [id, [...list]]));
  const keyed = new Map<string, Map<string, number>>();
  const indexOf = (ruleId: string): Map<string, number> => {
    let index = keyed.get(ruleId);
    if (!index) keyed.set(ruleId, (index = new Map((kept.get(ruleId) ?? []).map((f, k) => [routeKey(f), k]))));
    return index;
  };
  for (const rule of rules) {
    if (!rule.mergeInto.length) continue;
    const own = kept.get(rule.id) ?? [];
    const left: Finding[] = [];
    for (const f of own) {
      const key = routeKey(f);
      const into = rule.mergeInto.find((id) => id !== rule.id && indexOf(id).has(key));
      if (!into) {
        left.push(f);
        continue;
      }
      const list = kept.get(into)!;
      const k = indexOf(into).get(key)!;
      list[k] = absorb(list[k], f, rule);
      merged.set(rule.id, (merged.get(rule.id) ?? 0) + 1);
    }
    kept.set(rule.id, left);
    keyed.delete(rule.id);
  }
  return { findings: rules.flatMap((r) => kept.get(r.id) ?? []), merged };
}

function absorb(kept: Finding, other: Finding, rule: PathRule): Finding {
  const also: AlsoMatch = { ruleId: rule.id, title: rule.title, severity: other.severity, remediation: rule.remediation };
  const previous = kept.evidence.find((e) => e.path === ALSO_MATCHES);
  const evidence = previous
    ? kept.evidence.map((e) => (e === previous ? { path: ALSO_MATCHES, value: [...(e.value as AlsoMatch[]), also] } : e))
    : [...kept.evidence, { path: ALSO_MATCHES, value: [also] }];
  return {
    ...kept,
    severity: SEVERITY_RANK[other.severity] > SEVERITY_RANK[kept.severity] ? other.severity : kept.severity,
    message: `${kept.message} (also ${rule.id}: ${rule.title})`,
    evidence,
    frameworks: unionFrameworks(kept.frameworks, other.frameworks),
    tags: union(kept.tags, other.tags),
    references: union(kept.references ?? [], other.references ?? []),
  };
}

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

function unionFrameworks(a: Frameworks, b: Frameworks): Frameworks {
  return { ...a, mitreAtlas: union(a.mitreAtlas, b.mitreAtlas), owaspMl: union(a.owaspMl, b.owaspMl), owaspLlm: union(a.owaspLlm, b.owaspLlm) };
}

/** The rule ids a path finding stands for: its own, then those merged into it. */
export function pathRuleIds(f: Finding): string[] {
  const also = f.evidence.find((e) => e.path === ALSO_MATCHES)?.value as AlsoMatch[] | undefined;
  return [f.ruleId, ...(also ?? []).map((a) => a.ruleId)];
}
