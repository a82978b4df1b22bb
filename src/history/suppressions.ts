import { plainFinding, type Finding } from '../model/finding.js';
import type { SuppressionEntry } from '../config/schema.js';

export interface SuppressionOutcome {
  findings: Finding[];
  /** entries that matched no finding: probably obsolete */
  stale: string[];
  /** entries past their expiry date: they no longer apply */
  expired: string[];
}

/** `*` matches any run of characters (including `/` and `:`), `?` one character. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function describeSuppression(entry: SuppressionEntry, index: number): string {
  const parts = [
    entry.rule && `rule=${entry.rule}`,
    entry.resource && `resource=${entry.resource}`,
    entry.account && `account=${entry.account}`,
    entry.tags && `tags=${Object.entries(entry.tags).map(([k, v]) => `${k}:${v}`).join(',')}`,
  ].filter(Boolean);
  return `suppressions[${index}] (${parts.join(' ')})`;
}

function matches(entry: SuppressionEntry, finding: Finding, tagsOf: (resourceId: string) => Record<string, string> | undefined): boolean {
  if (entry.rule && !globToRegExp(entry.rule).test(finding.ruleId)) return false;
  if (entry.resource && !globToRegExp(entry.resource).test(finding.resource.id)) return false;
  if (entry.account && entry.account !== finding.resource.account) return false;
  if (entry.tags) {
    const tags = tagsOf(finding.resource.id) ?? {};
    for (const [k, v] of Object.entries(entry.tags)) if (!globToRegExp(v).test(tags[k] ?? '\u0000')) return false;
  }
  return true;
}

function isExpired(entry: SuppressionEntry, now: Date): boolean {
  return entry.expires !== undefined && new Date(`${entry.expires}T23:59:59.999Z`).getTime() < now.getTime();
}

/**
 * Marks matching findings as suppressed (they stay in the output with the justification and stop counting
 * toward exit codes). Expired entries do not apply and are reported; entries matching nothing are stale.
 */
export function applySuppressions(
  findings: Finding[],
  entries: SuppressionEntry[],
  now: Date,
  tagsOf: (resourceId: string) => Record<string, string> | undefined,
): SuppressionOutcome {
  const used = new Set<number>();
  const expired: string[] = [];
  const active = entries.map((e, i) => ({ e, i })).filter(({ e, i }) => {
    if (!isExpired(e, now)) return true;
    expired.push(`${describeSuppression(e, i)} expired on ${e.expires}`);
    return false;
  });
  const out = findings.map((f) => {
    const hit = active.find(({ e }) => matches(e, f, tagsOf));
    if (!hit) return f;
    used.add(hit.i);
    return { ...plainFinding(f), suppressed: { reason: hit.e.reason, expires: hit.e.expires, matchedBy: describeSuppression(hit.e, hit.i) } };
  });
  const stale = active.filter(({ i }) => !used.has(i)).map(({ e, i }) => `${describeSuppression(e, i)} matched no finding`);
  return { findings: out, stale, expired };
}
