import { beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { applyBaseline, diffFindings } from '../../src/history/diff.js';
import { makeFinding } from '../helpers/findings.js';

describe('diff and baseline', () => {
  // applyBaseline sets its fields on the current findings: each test gets its own
  let a: Finding, b: Finding, c: Finding, bUp: Finding, d: Finding;
  beforeEach(() => {
    a = makeFinding('R1', 'arn:aws:s3:::a');
    b = makeFinding('R2', 'arn:aws:s3:::b', 'medium');
    c = makeFinding('R3', 'arn:aws:s3:::c');
    bUp = { ...b, severity: 'critical' as const };
    d = makeFinding('R4', 'arn:aws:s3:::d');
  });

  it('classifies new, fixed, unchanged and changed-severity findings by fingerprint', () => {
    const diff = diffFindings([a, b, c], [a, bUp, d]);
    expect(diff.new.map((f) => f.ruleId)).toEqual(['R4']);
    expect(diff.fixed.map((f) => f.ruleId)).toEqual(['R3']);
    expect(diff.unchanged.map((f) => f.ruleId)).toEqual(['R1']);
    expect(diff.changed.map((x) => [x.before.severity, x.after.severity])).toEqual([['medium', 'critical']]);
  });

  it('sets SARIF baseline states and keeps first-seen from history', () => {
    const first = new Map([[a.fingerprint, '2026-01-01T00:00:00.000Z']]);
    const out = applyBaseline([a, bUp, d], [a, b, c], '2026-11-26T00:00:00.000Z', (fp) => first.get(fp));
    expect(out.findings.map((f) => [f.ruleId, f.baselineState])).toEqual([
      ['R1', 'unchanged'],
      ['R2', 'updated'],
      ['R4', 'new'],
    ]);
    expect(out.findings[0].firstSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(out.findings[2].firstSeen).toBe('2026-11-26T00:00:00.000Z');
    expect(out.findings.every((f) => f.lastSeen === '2026-11-26T00:00:00.000Z')).toBe(true);
    expect(out.absent.map((f) => [f.ruleId, f.baselineState])).toEqual([['R3', 'absent']]);
    expect(c.baselineState).toBeUndefined();
  });

  it('sets the fields on the findings it is given, adding them after the others (no copy)', () => {
    const out = applyBaseline([a], [a], 'now', () => 'then');
    expect(out.findings[0]).toBe(a);
    expect(Object.keys(a).slice(-3)).toEqual(['baselineState', 'firstSeen', 'lastSeen']);
    expect(a).toMatchObject({ baselineState: 'unchanged', firstSeen: 'then', lastSeen: 'now' });
  });

  it('reads only the findings that disappeared in full, in the previous scan\'s order', () => {
    const states = [c, a, b].map(({ fingerprint, severity, status }) => ({ fingerprint, severity, status }));
    const asked: string[][] = [];
    const full = new Map([a, b, c].map((f) => [f.fingerprint, f]));
    const out = applyBaseline([a, bUp, d], states, '2026-11-26T00:00:00.000Z', () => undefined, (absent) => {
      asked.push(absent.map((x) => x.fingerprint));
      return absent.map((x) => full.get(x.fingerprint)!);
    });
    expect(asked).toEqual([[c.fingerprint]]);
    expect(out.absent).toEqual([{ ...c, baselineState: 'absent' }]);
    expect(out.findings.map((f) => f.baselineState)).toEqual(['unchanged', 'updated', 'new']);
  });

  it('a fingerprint twice in the current scan, once changed, is "updated" on both (as diffFindings classifies it)', () => {
    const out = applyBaseline([{ ...b }, bUp], [b], 'now', () => undefined);
    expect(out.findings.map((f) => f.baselineState)).toEqual(['updated', 'updated']);
  });

  it('without a previous scan there is no baseline state', () => {
    const out = applyBaseline([a], undefined, '2026-11-26T00:00:00.000Z', () => undefined);
    expect(out.findings[0].baselineState).toBeUndefined();
    expect(out.absent).toEqual([]);
  });
});
