import { describe, expect, it } from 'vitest';
import { toSarif, sarifReporter } from '../../src/reporters/sarif.js';
import { validateSarif } from '../helpers/sarif-validate.js';
import { ACCESS_FLAGS, plainFinding } from '../../src/model/index.js';
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
    expect(bucket.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'aws/arn:aws:s3:::acme-ml-training-data', index: expect.any(Number) }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } });
    expect(bucket.locations[0].logicalLocations.map((l) => l.name)).toEqual(['111122223333', 'us-east-1', 'acme-ml-training-data']);
    const gcs = run.results.find((r) => r.ruleId === 'GCP-GCS-001' && r.properties.status === 'fail')!;
    expect(gcs.locations[0].physicalLocation.artifactLocation.uri).toBe('gs/acme-vertex-datasets');
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
    const rich = richScan();
    const results = toSarif({ ...rich, findings: rich.findings.map((f) => ({ ...plainFinding(f), baselineState: f.baselineState ?? 'unchanged' })) }).runs[0].results;
    const path = results.find((r) => r.ruleId === 'PATH-001')!;
    expect(path.codeFlows![0].threadFlows[0].locations).toHaveLength(3);
    expect(path.codeFlows![0].message.text).toMatch(/aws-account:444455556666 -\[can-write\]-> s3:\/\/acme-ml-training-data\/fraud\/train\/ -\[reads-from\]-> training-job\/fraud-detector-v3/);
    expect(results[1].baselineState).toBe('new');
    expect(results[2].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted risk until Q1' }]);
  });

  describe('bucket access as run.artifacts (issue 5: flags and evidence for every bucket)', () => {
    const result = demoScan();
    const log = toSarif(result);
    const run = log.runs[0];
    const buckets = result.inventory.resources.filter((r) => r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket');
    const artifactFor = (name: string) => run.artifacts.find((a) => a.properties.name === name)!;

    it('every bucket of the demo inventory is an artifact at the URI results use, carrying its flags and evidence', () => {
      expect(buckets.length).toBe(6);
      expect(run.artifacts.map((a) => a.properties.resourceId).sort()).toEqual(buckets.map((b) => b.id).sort());
      for (const b of buckets) {
        const access = artifactFor(b.name).properties.access;
        expect(b.access).toBeDefined();
        const gapped = new Set(b.gaps.filter((g) => g.path.startsWith('access.')).map((g) => g.path.slice('access.'.length)));
        for (const flag of ACCESS_FLAGS) expect(access[flag], `${b.name} ${flag}`).toBe(gapped.has(flag) ? 'unknown' : b.access![flag]);
        expect(access.writers).toEqual(b.access!.writers);
        expect(access.evidence).toEqual(b.access!.evidence);
        expect(access.neutralized).toEqual(b.access!.neutralized);
      }
      expect(artifactFor('acme-ml-training-data').location.uri).toBe('aws/arn:aws:s3:::acme-ml-training-data');
      expect(artifactFor('acme-vertex-datasets').location.uri).toBe('gs/acme-vertex-datasets');
    });

    it('cross-account write shows its writer and the policy statement that allows it', () => {
      const a = artifactFor('acme-ml-training-data');
      expect(a.properties.access).toMatchObject({ crossAccountWrite: true, publicWrite: false, unknown: [] });
      expect(a.properties.access.writers).toContainEqual(expect.objectContaining({ principal: 'principal:aws-account:444455556666', external: true, prefix: 'fraud/' }));
      expect(a.properties.access.evidence.crossAccountWrite).toContainEqual(expect.objectContaining({ source: 'bucket-policy', sid: 'PartnerUpload', statementIndex: 0 }));
      expect(a.description.text).toBe('S3 bucket acme-ml-training-data (111122223333, us-east-1): cross-account write');
    });

    it('flags the access analysis could not decide are "unknown" with the reason, never false', () => {
      const a = artifactFor('acme-ml-feature-store');
      expect(a.properties.access.publicWrite).toBe('unknown');
      expect(a.properties.access.unknown).toContainEqual({ path: 'access.publicWrite', reason: expect.stringMatching(/AccessDenied: s3:GetBucketPolicy/) });
      expect(a.description.text).toMatch(/unknown: public read, public write/);
      const staging = artifactFor('acme-vertex-staging').properties.access;
      expect(ACCESS_FLAGS.filter((f) => staging[f] === 'unknown').length).toBeGreaterThan(0);
    });

    it('locations at a bucket (results and attack path hops) reference its artifact by index', () => {
      const located = run.results.flatMap((r) => [
        ...r.locations.map((l) => l.physicalLocation.artifactLocation),
        ...(r.codeFlows ?? []).flatMap((c) => c.threadFlows[0].locations.map((l) => l.location.physicalLocation.artifactLocation)),
      ]);
      const atBuckets = located.filter((l) => l.index !== undefined);
      expect(atBuckets.length).toBeGreaterThan(0);
      for (const l of atBuckets) expect(run.artifacts[l.index!].location.uri).toBe(l.uri);
      const bucketUris = new Set(run.artifacts.map((a) => a.location.uri));
      for (const l of located) expect(l.index !== undefined).toBe(bucketUris.has(l.uri));
    });

    it('the log with bucket artifacts passes both validators, and a wrong artifact index is caught', async () => {
      expect(await validateSarif(sarifReporter.render(result, { color: false }))).toEqual({ schema: [], multitool: [] });
      const broken = toSarif(result);
      const at = broken.runs[0].results.find((r) => r.locations[0].physicalLocation.artifactLocation.index !== undefined)!;
      at.locations[0].physicalLocation.artifactLocation.index = broken.runs[0].artifacts.length;
      expect((await validateSarif(broken)).multitool.join('\n')).toMatch(/SARIF1009.*artifacts/);
    });

    it('a bucket without computed access has every flag unknown', () => {
      const bare = { ...result, inventory: { ...result.inventory, resources: result.inventory.resources.map((r) => (r.name === 'acme-ml-models' ? { ...r, access: undefined } : r)) } };
      const access = toSarif(bare as typeof result).runs[0].artifacts.find((a) => a.properties.name === 'acme-ml-models')!.properties.access;
      for (const flag of ACCESS_FLAGS) expect(access[flag]).toBe('unknown');
      expect(access.unknown).toEqual([{ path: 'access', reason: 'the access analysis did not run on this bucket' }]);
    });
  });

  it('is byte-for-byte deterministic', () => {
    expect(sarifReporter.render(demoScan(), { color: false })).toBe(sarifReporter.render(demoScan(), { color: false }));
  });
});
