import { describe, expect, it } from 'vitest';
import { demoInventory, demoScan } from './helpers/scan-fixture.js';
import { analyzeInventory, SCAN_STAGES, sortFindings } from '../src/scan.js';
import { loadRuleSet } from '../src/rules/load.js';
import { SEVERITY_RANK } from '../src/model/index.js';

describe('analyzeInventory', () => {
  it('evaluates each rule only over its kinds and counts pass/fail/unknown', () => {
    const result = demoScan();
    const s3 = result.rules.find((r) => r.id === 'AWS-S3-001')!;
    expect(s3.counts).toEqual({ pass: 1, fail: 1, unknown: 1 });
    const nb = result.rules.find((r) => r.id === 'AWS-SM-002')!;
    expect(nb.counts).toEqual({ pass: 0, fail: 1, unknown: 1 });
    for (const f of result.findings) expect(result.inventory.resources.find((r) => r.id === f.resource.id)).toBeDefined();
  });

  it('sorts findings: paths first, then severity (worst first), deterministically', () => {
    const { findings } = demoScan();
    const paths = findings.filter((f) => f.type === 'path').length;
    expect(findings.slice(0, paths).every((f) => f.type === 'path')).toBe(true);
    const rest = findings.slice(paths);
    for (let i = 1; i < rest.length; i++) expect(SEVERITY_RANK[rest[i - 1].severity]).toBeGreaterThanOrEqual(SEVERITY_RANK[rest[i].severity]);
    expect(JSON.stringify(sortFindings([...findings].reverse()))).toBe(JSON.stringify(findings));
  });

  it('the result does not depend on the order of the inventory', () => {
    const inventory = demoInventory();
    const reversed = { ...inventory, resources: [...inventory.resources].reverse() };
    const a = demoScan(inventory);
    const b = demoScan(reversed);
    expect(JSON.stringify(b.findings)).toBe(JSON.stringify(a.findings));
  });

  it('fingerprints are stable sha256 of rule id and resource id', () => {
    const f = demoScan().findings.find((x) => x.ruleId === 'AWS-S3-001' && x.status === 'fail')!;
    expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(demoScan().findings.find((x) => x.ruleId === 'AWS-S3-001' && x.status === 'fail')!.fingerprint).toBe(f.fingerprint);
  });

  it('findings carry evidence, frameworks, tags and references', () => {
    const f = demoScan().findings.find((x) => x.ruleId === 'AWS-S3-001' && x.status === 'fail')!;
    expect(f.evidence).toEqual([{ path: 'versioning.enabled', value: false }]);
    expect(f.frameworks.mitreAtlas).toContain('AML.T0020');
    expect(f.references[0]).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(f.message).toBe('S3 bucket acme-ml-training-data does not keep object versions (versioning status Disabled)');
  });

  it('unknown findings list the gap paths and reasons', () => {
    const f = demoScan().findings.find((x) => x.ruleId === 'AWS-S3-001' && x.status === 'unknown')!;
    expect(f.resource.name).toBe('acme-ml-feature-store');
    expect(f.unknownFields).toEqual([{ path: 'versioning', reason: 'AccessDenied: s3:GetBucketVersioning' }]);
  });

  it('has an explicit, named stage list', () => {
    expect(SCAN_STAGES.map((s) => s.name)).toContain('resource-rules');
    expect(analyzeInventory(demoInventory(), { rules: loadRuleSet().rules }).tool.name).toBe('aispm');
  });
});
