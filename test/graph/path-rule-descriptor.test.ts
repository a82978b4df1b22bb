import { describe, expect, it } from 'vitest';
import { ALSO_MATCHES, builtinPathRules, pathRuleDescriptor } from '../../src/graph/index.js';
import type { Finding } from '../../src/model/index.js';

const finding = (ruleId: string, status: 'fail' | 'unknown', also: string[] = []): Finding =>
  ({
    ruleId,
    status,
    type: 'path',
    evidence: [{ path: 'sourceClass', value: 'public' }, ...(also.length ? [{ path: ALSO_MATCHES, value: also.map((id) => ({ ruleId: id, title: 't', severity: 'high', remediation: 'r' })) }] : [])],
  }) as unknown as Finding;

describe('path rule descriptors', () => {
  const [a, b, c] = builtinPathRules();
  const findings = [
    finding(a.id, 'fail'),
    finding(a.id, 'unknown', [b.id]),
    // a rule named twice in one finding counts it once
    finding(b.id, 'fail', [a.id, a.id]),
    finding(c.id, 'unknown'),
  ];

  it("count a rule's own findings and those it was merged into, failed and unknown", () => {
    expect(pathRuleDescriptor(a, findings).counts).toEqual({ pass: 0, fail: 2, unknown: 1 });
    expect(pathRuleDescriptor(b, findings).counts).toEqual({ pass: 0, fail: 1, unknown: 1 });
    expect(pathRuleDescriptor(c, findings).counts).toEqual({ pass: 0, fail: 0, unknown: 1 });
  });

  it('count nothing for a rule with no finding', () => {
    expect(pathRuleDescriptor(a, []).counts).toEqual({ pass: 0, fail: 0, unknown: 0 });
    expect(pathRuleDescriptor(c, findings.slice(0, 3)).counts).toEqual({ pass: 0, fail: 0, unknown: 0 });
  });
});
