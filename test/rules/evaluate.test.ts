import { describe, expect, it } from 'vitest';
import { parseRuleText } from '../../src/rules/load.js';
import { buildExample } from '../../src/rules/examples.js';
import { evaluateRules } from '../../src/rules/evaluate.js';
import type { Resource } from '../../src/model/index.js';

function ruleWith(condition: string) {
  const text = `id: AWS-S3-951\ntitle: t\nseverity: low\nresource: aws.s3.bucket\ncondition: ${JSON.stringify(condition)}\nmessage: "{{resource.name}} fails"\ndescription: d\nremediation: r\n`;
  const parsed = parseRuleText(text, { file: 'AWS-S3-951.yaml', source: 'AWS-S3-951.yaml' });
  expect(parsed.errors).toEqual([]);
  return { ...parsed.rule!, file: 'AWS-S3-951.yaml' };
}

function bucket(name: string, partial: Record<string, unknown>): Resource {
  const built = buildExample('aws.s3.bucket', { id: `arn:aws:s3:::${name}`, arn: `arn:aws:s3:::${name}`, name, ...partial });
  if (!built.ok) throw new Error(built.message);
  return built.resource;
}

describe('evaluateRules findings', () => {
  it('findings with the same scalar evidence share one frozen list; other values and other resources keep their own', () => {
    const rule = ruleWith('!resource.versioning.enabled || resource.tags.size() > 1');
    const off = { versioning: { enabled: false, status: 'Suspended', mfaDelete: false } };
    const on = { versioning: { enabled: true, status: 'Enabled', mfaDelete: false } };
    const resources = [bucket('a', off), bucket('b', off), bucket('c', { ...on, tags: { x: '1', y: '2' } })];
    const { findings } = evaluateRules([rule], resources);
    expect(findings.map((f) => f.resource.name)).toEqual(['a', 'b', 'c']);
    const [a, b, c] = findings;
    expect(a.evidence).toEqual([{ path: 'tags', value: {} }, { path: 'versioning.enabled', value: false }]);
    // tags is an object: not a scalar, so not shared
    expect(a.evidence).not.toBe(b.evidence);
    expect(c.evidence).toEqual([{ path: 'tags', value: { x: '1', y: '2' } }, { path: 'versioning.enabled', value: true }]);

    const scalarOnly = ruleWith('!resource.versioning.enabled');
    const shared = evaluateRules([scalarOnly], resources).findings;
    expect(shared).toHaveLength(2);
    expect(shared[0].evidence).toBe(shared[1].evidence);
    expect(Object.isFrozen(shared[0].evidence)).toBe(true);
    expect(Object.isFrozen(shared[0].evidence[0])).toBe(true);
    expect(shared[0].message).toBe('a fails');
    expect(shared[1].message).toBe('b fails');
  });

  it('a finding whose values differ from the previous finding of its rule gets the list of its own values', () => {
    const rule = ruleWith("resource.versioning.status != 'Enabled' || resource.versioning.mfaDelete");
    const status = (s: string) => ({ versioning: { enabled: s === 'Enabled', status: s, mfaDelete: false } });
    const names = ['a', 'b', 'c', 'd', 'e'];
    const statuses = ['Suspended', 'Suspended', 'Disabled', 'Suspended', 'Suspended'];
    const { findings } = evaluateRules([rule], names.map((n, i) => bucket(n, status(statuses[i]))));
    expect(findings.map((f) => f.evidence.find((e) => e.path === 'versioning.status')?.value)).toEqual(statuses);
    const [a, b, c, d] = findings;
    expect(b.evidence).toBe(a.evidence);
    expect(c.evidence).not.toBe(a.evidence);
    expect(d.evidence).toBe(a.evidence);
  });
});
