import { describe, expect, it } from 'vitest';
import { toSarif, sarifReporter } from '../../src/reporters/sarif.js';
import { validateSarif } from '../helpers/sarif-validate.js';
import { demoScan, richScan } from '../helpers/scan-fixture.js';

describe('SARIF reporter', () => {
  it('produces a log both validators accept (paths, suppressions, baseline, unknowns)', async () => {
    const text = sarifReporter.render(richScan(), { color: false });
    expect(await validateSarif(text)).toEqual({ schema: [], multitool: [] });
  });

  it('the validators catch a broken log (the test can fail)', async () => {
    // the multitool skips its semantic rules when the JSON schema fails, so one broken log per validator
    const badLevel = toSarif(demoScan());
    (badLevel.runs[0].results[0] as any).level = 'severe';
    expect((await validateSarif(badLevel)).schema.join('\n')).toMatch(/level/);
    const badIndex = toSarif(demoScan());
    (badIndex.runs[0].results[1] as any).ruleIndex = 999;
    const { schema, multitool } = await validateSarif(badIndex);
    expect(schema).toEqual([]);
    expect(multitool.join('\n')).toMatch(/SARIF1009/);
  });

  it('one reportingDescriptor per rule with markdown help, security-severity and tags', () => {
    const result = demoScan();
    const log = toSarif(result);
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(result.rules.map((r) => r.id));
    const s3 = rules.find((r) => r.id === 'AWS-S3-001')!;
    expect(s3.help.markdown).toMatch(/\*\*Risk\.\*\* Without versioning/);
    expect(s3.help.markdown).toMatch(/\*\*Remediation\.\*\* Enable versioning/);
    expect(s3.properties['security-severity']).toBe('5.5');
    expect(s3.properties.tags).toEqual(expect.arrayContaining(['security', 'data-poisoning', 'mitre-atlas/AML.T0020', 'owasp-llm/LLM04:2025']));
    expect(s3.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
  });

  it('results carry ruleIndex, a physical location at line 1, logical locations and stable fingerprints', () => {
    const log = toSarif(demoScan());
    const run = log.runs[0];
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const bucket = run.results.find((r) => r.ruleId === 'AWS-S3-001' && r.properties.status === 'fail')!;
    expect(bucket.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'arn:aws:s3:::acme-ml-training-data' }, region: { startLine: 1 } });
    expect(bucket.locations[0].logicalLocations.map((l) => l.name)).toEqual(['111122223333', 'us-east-1', 'acme-ml-training-data']);
    const gcs = run.results.find((r) => r.ruleId === 'GCP-GCS-001' && r.properties.status === 'fail')!;
    expect(gcs.locations[0].physicalLocation.artifactLocation.uri).toBe('gs://acme-vertex-datasets');
    const again = toSarif(demoScan()).runs[0].results;
    expect(again.map((r) => r.partialFingerprints)).toEqual(run.results.map((r) => r.partialFingerprints));
  });

  it('unknown results are notes marked unknown', () => {
    const unknown = toSarif(demoScan()).runs[0].results.filter((r) => r.properties.status === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const r of unknown) {
      expect(r.level).toBe('note');
      expect(r.properties.unknown).toBe(true);
      expect(r.message.text).toMatch(/^\[unknown\]/);
    }
  });

  it('path findings have one threadFlowLocation per hop; suppressions and baselineState are carried', () => {
    const results = toSarif(richScan()).runs[0].results;
    const path = results.find((r) => r.ruleId === 'PATH-001')!;
    expect(path.codeFlows![0].threadFlows[0].locations).toHaveLength(3);
    expect(path.codeFlows![0].message.text).toMatch(/aws-account:444455556666 -\[can-write\]-> s3:\/\/acme-ml-training-data\/fraud\/train\/ -\[reads-from\]-> training-job\/fraud-detector-v3/);
    expect(results[1].baselineState).toBe('new');
    expect(results[2].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted risk until Q1' }]);
  });

  it('is byte-for-byte deterministic', () => {
    expect(sarifReporter.render(demoScan(), { color: false })).toBe(sarifReporter.render(demoScan(), { color: false }));
  });
});
