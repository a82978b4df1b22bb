import type { Finding } from '../model/finding.js';

export interface FindingDiff {
  new: Finding[];
  fixed: Finding[];
  unchanged: Finding[];
  /** same fingerprint, different severity or status */
  changed: { before: Finding; after: Finding }[];
}

/** Compares two scans' findings by fingerprint. */
export function diffFindings(before: Finding[], after: Finding[]): FindingDiff {
  const old = new Map(before.map((f) => [f.fingerprint, f]));
  const cur = new Map(after.map((f) => [f.fingerprint, f]));
  const out: FindingDiff = { new: [], fixed: [], unchanged: [], changed: [] };
  for (const f of after) {
    const prev = old.get(f.fingerprint);
    if (!prev) out.new.push(f);
    else if (prev.severity !== f.severity || prev.status !== f.status) out.changed.push({ before: prev, after: f });
    else out.unchanged.push(f);
  }
  for (const f of before) if (!cur.has(f.fingerprint)) out.fixed.push(f);
  return out;
}

/**
 * Sets SARIF-style baselineState and first/last-seen on the current findings against the previous scan,
 * and returns the findings that disappeared (baselineState "absent").
 */
export function applyBaseline(
  current: Finding[],
  previous: Finding[] | undefined,
  now: string,
  firstSeenOf: (fingerprint: string) => string | undefined,
): { findings: Finding[]; absent: Finding[] } {
  if (!previous) return { findings: current.map((f) => ({ ...f, firstSeen: firstSeenOf(f.fingerprint) ?? now, lastSeen: now })), absent: [] };
  const d = diffFindings(previous, current);
  const state = new Map<string, Finding['baselineState']>();
  for (const f of d.new) state.set(f.fingerprint, 'new');
  for (const f of d.unchanged) state.set(f.fingerprint, 'unchanged');
  for (const { after } of d.changed) state.set(after.fingerprint, 'updated');
  const findings = current.map((f) => ({ ...f, baselineState: state.get(f.fingerprint), firstSeen: firstSeenOf(f.fingerprint) ?? now, lastSeen: now }));
  const absent = d.fixed.map((f) => ({ ...f, baselineState: 'absent' as const }));
  return { findings, absent };
}
