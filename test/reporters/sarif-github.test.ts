// GitHub code scanning's SARIF requirements, each checked on the demo scan's SARIF and on edge cases.
// Sources (quoted in each test):
//   [support] docs.github.com "SARIF support for code scanning" (code-security/reference/code-scanning/sarif-files/sarif-support)
//   [limits]  docs.github.com "SARIF results exceed one or more limits" (troubleshooting-sarif-uploads/results-exceed-limit)
//   [spec]    OASIS SARIF 2.1.0
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sarifReporter, toSarif } from '../../src/reporters/sarif.js';
import { resourceUri } from '../../src/reporters/sarif-uri.js';
import { GITHUB_LIMITS, sarifOmissionWarning, selectResults } from '../../src/reporters/sarif-limits.js';
import { ACCESS_FLAGS, plainFinding, type BucketAccess, type Finding, type Resource, type RuleDescriptor, type ScanResult } from '../../src/model/index.js';
import { InputError } from '../../src/model/errors.js';
import { validateSarif } from '../helpers/sarif-validate.js';
import { demoScan, pathFinding } from '../helpers/scan-fixture.js';

type Log = ReturnType<typeof toSarif>;
type Result = Log['runs'][0]['results'][0];
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const demo = demoScan();

function scanWith(findings: Finding[], overrides: Partial<ScanResult> = {}): ScanResult {
  return { ...demo, findings, fixed: [], ...overrides };
}

/** `n` copies of the demo findings, each on its own resource, cycling through the demo's statuses and severities. */
function manyFindings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => {
    const f = demo.findings[i % demo.findings.length];
    const id = `arn:aws:s3:::bulk-${i}`;
    return { ...plainFinding(f), resource: { ...f.resource, id, name: `bulk-${i}` }, fingerprint: `${i.toString(16).padStart(16, '0')}${'0'.repeat(48)}` };
  });
}

/** `bytes` hex characters that gzip cannot shrink much, the same for the same seed. */
function noise(seed: string, bytes: number): string {
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += createHash('sha256').update(`${seed}/${i}`).digest('hex');
  return out.slice(0, bytes);
}

function allUris(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) allUris(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === 'uri' && typeof v === 'string') out.push(v);
      else allUris(v, out);
    }
  return out;
}

/** The GitHub requirements every log must meet; returns the problems found. */
function githubProblems(log: Log): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  // [support] sarifLog: "$schema" and "version" required, only 2.1.0; [limits] "Runs per file 20"
  check(typeof log.$schema === 'string' && log.$schema.length > 0, '$schema');
  check(log.version === '2.1.0', 'version');
  check(log.runs.length >= 1 && log.runs.length <= 20, 'runs 1..20');
  for (const run of log.runs) {
    const rules = run.tool.driver.rules;
    check(run.tool.driver.name.length > 0, 'tool.driver.name');
    check(Array.isArray(rules) && Array.isArray(run.results), 'rules[] and results[] required');
    // [limits] "Rules per run 25,000", "Results per run 25,000. Only the top 5,000 results will be included"
    check(rules.length <= 25_000, 'rules per run');
    check(run.results.length <= 5_000, 'results per run within what GitHub keeps');
    // [support] reportingDescriptor.id "A unique identifier for the rule"
    check(new Set(rules.map((r) => r.id)).size === rules.length, 'unique rule ids');
    for (const r of rules) {
      // [support] "You must supply an explicit value for any property marked as required. The empty string is not supported"
      check(r.id.length > 0 && r.shortDescription.text.length > 0 && r.fullDescription.text.length > 0 && r.help.text.length > 0, `${r.id}: required text`);
      // [support] name "Limited to 255 characters"; shortDescription/fullDescription "Limited to 1024 characters"
      check(r.name.length <= 255 && r.shortDescription.text.length <= 1024 && r.fullDescription.text.length <= 1024, `${r.id}: text limits`);
      // [support] "The valid values for defaultConfiguration.level are: note, warning and error"
      check(['note', 'warning', 'error'].includes(r.defaultConfiguration.level), `${r.id}: defaultConfiguration.level`);
      // [limits] "Tags per rule 20. Only 10 tags will be included"
      check(r.properties.tags.length <= 10 && new Set(r.properties.tags).size === r.properties.tags.length, `${r.id}: tags`);
      // [support] precision "Can be one of: very-high, high, medium, or low"
      check(['very-high', 'high', 'medium', 'low'].includes(r.properties.precision), `${r.id}: precision`);
      // [support] problem.severity "Can be one of: error, warning, or recommendation"
      check(['error', 'warning', 'recommendation'].includes(r.properties['problem.severity']), `${r.id}: problem.severity`);
      // [support] security-severity "A string representing a score ... greater than 0.0 up to 10.0, for security queries (@tags includes security)"
      const score = r.properties['security-severity'];
      check(typeof score === 'string' && /^\d{1,2}\.\d$/.test(score) && Number(score) >= 0 && Number(score) <= 10, `${r.id}: security-severity`);
      check(r.properties.tags[0] === 'security', `${r.id}: security tag`);
    }
    const fingerprints = new Set<string>();
    for (const res of run.results as Result[]) {
      // [support] ruleIndex "The index of the associated rule ... in the tool component rules array"
      check(rules[res.ruleIndex]?.id === res.ruleId, `${res.ruleId}: ruleIndex`);
      // [support] message.text required; level "uses the level to filter results by severity"
      check(res.message.text.length > 0, 'message.text');
      check(['error', 'warning', 'note'].includes(res.level), `${res.ruleId}: level`);
      // [support] locations[] "At least one location is required ... up to a maximum of 10"; [limits] "Location per result 1,000"
      check(res.locations.length >= 1 && res.locations.length <= 10, 'locations 1..10');
      const loc = res.locations[0].physicalLocation;
      // [support] physicalLocation: artifactLocation.uri, region.startLine/startColumn/endLine/endColumn required
      check(loc.artifactLocation.uri.length > 0, 'artifactLocation.uri');
      const { startLine, startColumn, endLine, endColumn } = loc.region;
      check([startLine, startColumn, endLine, endColumn].every((n) => Number.isInteger(n) && n >= 1) && endLine >= startLine, 'region');
      // [support] partialFingerprints required; "Code scanning only uses the primaryLocationLineHash"
      const hash = res.partialFingerprints.primaryLocationLineHash;
      check(/^[0-9a-f]{16}:\d+$/.test(hash ?? ''), 'primaryLocationLineHash');
      check(!fingerprints.has(hash), `duplicate primaryLocationLineHash ${hash}`);
      fingerprints.add(hash);
      // [limits] "Thread Flow Locations per result 10,000. Only the top 1,000 ... will be included"
      for (const flow of res.codeFlows ?? []) for (const t of flow.threadFlows) check(t.locations.length <= 1_000, 'threadFlowLocations');
      // GitHub ignores `kind`: every result becomes an alert, so none may stand for a fixed finding
      check(res.baselineState !== 'absent' && !('kind' in res), 'no fixed finding as a result');
      // [spec] 3.27.23: suppressions "SHALL be either all null or all non-null" within a run
      check(Array.isArray(res.suppressions), 'suppressions array on every result');
    }
    // [spec] 3.27.24: "If baselineState is present on any result object in theRun, it SHALL be present on every such result object"
    const withState = run.results.filter((r) => r.baselineState !== undefined).length;
    check(withState === 0 || withState === run.results.length, 'baselineState on all results or none');
    // [support] "If you provide a source root, any location of an artifact specified using an absolute URI must use the
    // same URI scheme ... the upload is rejected" (upload-sarif sends the checkout path as a file:// source root)
    for (const uri of allUris(run)) {
      check(!SCHEME.test(uri), `absolute URI ${uri}`);
      check(new URL(uri, 'file:///github/workspace/').protocol === 'file:', `uri ${uri} under the checkout root`);
    }
    // [support] runAutomationDetails.id: "category is everything in the string until the last forward slash"
    const id = run.automationDetails.id;
    check(id.slice(0, id.lastIndexOf('/')) === 'aispm', `automationDetails category of ${id}`);
  }
  return problems;
}

describe('SARIF for GitHub code scanning: the demo scan', () => {
  const log = toSarif(demo);

  it('meets every documented GitHub requirement and limit', () => {
    expect(githubProblems(log)).toEqual([]);
    expect(log.runs[0].results.length).toBe(demo.findings.length);
  });

  it('security-severity lands in the GitHub band of each severity; info is "no security severity"', () => {
    // [support] "over 9.0 is critical, from 7.0 to 8.9 is high, from 4.0 to 6.9 is medium and from 0.1 to 3.9 is low.
    // A value of 0.0 ... is regarded as having no security severity"
    const band = (s: number) => (s > 9 ? 'critical' : s >= 7 ? 'high' : s >= 4 ? 'medium' : s >= 0.1 ? 'low' : 'none');
    for (const r of log.runs[0].tool.driver.rules) {
      const expected = r.properties.severity === 'info' ? 'none' : r.properties.severity;
      expect(band(Number(r.properties['security-severity'])), r.id).toBe(expected);
    }
  });

  it('every location is a relative URI: an ARN or gs:// URI would make GitHub reject the whole upload', () => {
    // [support] Root location for source files: absolute URIs must use the source root's scheme (file), else "the upload is rejected"
    const uris = allUris(log);
    expect(uris.length).toBeGreaterThan(log.runs[0].results.length);
    expect(uris.filter((u) => SCHEME.test(u))).toEqual([]);
    expect(uris).toContain('aws/arn:aws:s3:::acme-ml-training-data');
    expect(uris).toContain('gs/acme-vertex-datasets');
  });

  it('two results with the same fingerprint stay two alerts (the occurrence count differs)', () => {
    const f = demo.findings[0];
    const log = toSarif(scanWith([f, f]));
    expect(log.runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash)).toEqual([`${f.fingerprint.slice(0, 16)}:1`, `${f.fingerprint.slice(0, 16)}:2`]);
  });

  it('alert identity is stable: the same primaryLocationLineHash for the same rule and resource in every scan', () => {
    // [support] "Code scanning uses partialFingerprints to accurately identify which results are the same across commits and branches"
    const again = toSarif(demoScan({ ...demo.inventory, targets: [...demo.inventory.targets] }));
    expect(again.runs[0].results.map((r) => r.partialFingerprints)).toEqual(log.runs[0].results.map((r) => r.partialFingerprints));
    for (const r of log.runs[0].results) expect(r.partialFingerprints.primaryLocationLineHash).toBe(`${r.partialFingerprints['aispm/v1'].slice(0, 16)}:1`);
  });

  it('the category stays "aispm" whatever the run id (a changing category would orphan every alert)', () => {
    for (const scanId of [undefined, 'scan-42', 'a/b/c']) {
      const id = toSarif({ ...demo, scanId }).runs[0].automationDetails.id;
      expect(id.slice(0, id.lastIndexOf('/')), String(scanId)).toBe('aispm');
    }
  });

  it('the gzip-compressed file is far below GitHub\'s 10 MB upload limit', () => {
    // [support] "For each gzip-compressed SARIF file, SARIF upload supports a maximum size of 10 MB"
    expect(gzipSync(sarifReporter.render(demo, { color: false })).length).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('SARIF for GitHub code scanning: edge cases', () => {
  it('a scan with zero findings still has the required rules[] and results[] and validates', async () => {
    const log = toSarif(scanWith([]));
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules.length).toBe(demo.rules.length);
    expect(githubProblems(log)).toEqual([]);
    expect(await validateSarif(log)).toEqual({ schema: [], multitool: [] });
  });

  describe('resource ids that are not valid URIs', () => {
    const ids = [
      'arn:aws:sagemaker:us-east-1:111122223333:model/a b#c?d%e',
      's3://bucket/key with space/../../etc/passwd',
      'gs://bucket/obj[1]{x}|"<>`^\\',
      '//aiplatform.googleapis.com/projects/p/locations/us/datasets/ü ñ',
      'principal:aws-account:444455556666',
      '../outside/./repo',
      'C:\\models\\x.pt',
      'lone \ud800 surrogate',
      '',
    ];

    it('map to distinct scheme-less URI references that decode back to the id', () => {
      const uris = ids.map(resourceUri);
      expect(new Set(uris).size).toBe(ids.length);
      for (const u of uris) {
        expect(u).not.toMatch(SCHEME);
        expect(u).not.toMatch(/[\s#?[\]{}|"<>`^\\]/);
        expect(u.split('/')).not.toContain('..');
      }
      expect(resourceUri(ids[0])).toBe('aws/arn:aws:sagemaker:us-east-1:111122223333:model/a%20b%23c%3Fd%25e');
      expect(decodeURIComponent(resourceUri(ids[0]))).toBe(`aws/${ids[0]}`);
      expect(resourceUri(ids[1])).toBe('s3/bucket/key%20with%20space/%2E%2E/%2E%2E/etc/passwd');
      expect(resourceUri('//storage.googleapis.com/projects/_/buckets/my-bucket')).toBe('gs/my-bucket');
      expect(resourceUri('projects/123/locations/us-central1/datasets/9')).toBe('projects/123/locations/us-central1/datasets/9');
    });

    it('findings on such resources give a log both validators and GitHub accept', async () => {
      const base = plainFinding(demo.findings[0]);
      const findings = ids.map((id, i) => ({ ...base, resource: { ...base.resource, id, name: id || 'x' }, fingerprint: `${i}`.padStart(16, '0').padEnd(64, 'a') }));
      const log = toSarif(scanWith(findings));
      expect(githubProblems(log)).toEqual([]);
      expect(await validateSarif(log)).toEqual({ schema: [], multitool: [] });
    });
  });

  it('a path finding with many hops keeps GitHub\'s 1,000 thread flow locations and says how many there were', async () => {
    const hops = Array.from({ length: 1_500 }, (_, i) => ({ from: `arn:aws:s3:::hop-${i}`, to: `arn:aws:s3:::hop-${i + 1}`, type: 'reads-from' as const, evidence: [] }));
    const long = { ...pathFinding(), hops, fingerprint: 'f'.repeat(64) };
    const short = pathFinding();
    const log = toSarif(scanWith([long, short]));
    const [a, b] = log.runs[0].results;
    expect(a.codeFlows![0].threadFlows[0].locations).toHaveLength(1_000);
    expect(a.codeFlows![0].message.text).toMatch(/the first 1000 of 1500 hops are shown/);
    expect(b.codeFlows![0].threadFlows[0].locations).toHaveLength(3);
    expect(b.codeFlows![0].threadFlows[0].locations.map((l) => l.executionOrder)).toEqual([1, 2, 3]);
    expect(githubProblems(log)).toEqual([]);
    expect((await validateSarif(log)).schema).toEqual([]);
  });

  describe('more findings than GitHub keeps', () => {
    it('exactly 5,000 results are all written, with no note', () => {
      const log = toSarif(scanWith(manyFindings(5_000)));
      expect(log.runs[0].results).toHaveLength(5_000);
      expect(log.runs[0].properties.omittedResults).toBe(0);
      expect(log.runs[0].invocations[0].toolExecutionNotifications.filter((n) => /not in this SARIF log/.test(n.message.text))).toEqual([]);
    });

    it('above 5,000 the run keeps the 5,000 most important and says how many it left out', async () => {
      const findings = manyFindings(8_000).map((f, i) => (i % 7 === 0 ? { ...f, suppressed: { reason: 'accepted', matchedBy: 's#1' } } : f));
      const result = scanWith(findings);
      const log = toSarif(result);
      const run = log.runs[0];
      expect(run.results).toHaveLength(GITHUB_LIMITS.results);
      expect(run.properties).toMatchObject({ findings: 8_000, omittedResults: 3_000 });
      const note = run.invocations[0].toolExecutionNotifications[0];
      expect(note.level).toBe('warning');
      expect(note.message.text).toMatch(/^3000 of 8000 findings are not in this SARIF log: GitHub code scanning keeps at most 5000 results per run/);
      // kept: unsuppressed failed findings first, in the scan's order
      const failed = findings.filter((f) => f.status === 'fail' && !f.suppressed);
      expect(failed.length).toBeGreaterThan(5_000);
      expect(run.results.map((r) => r.partialFingerprints['aispm/v1'])).toEqual(failed.slice(0, 5_000).map((f) => f.fingerprint));
      expect(githubProblems(log)).toEqual([]);
      expect((await validateSarif(log)).schema).toEqual([]);
      expect(gzipSync(sarifReporter.render(result, { color: false })).length).toBeLessThan(10 * 1024 * 1024);
    });

    it('selection order: failed, then unknown, then suppressed; the scan order within each', () => {
      const f = (status: 'fail' | 'unknown', suppressed: boolean, tag: string) =>
        ({ ...demo.findings[0], status, fingerprint: tag, ...(suppressed ? { suppressed: { reason: 'r', matchedBy: 'm' } } : {}) }) as Finding;
      const input = [f('fail', true, 's1'), f('unknown', false, 'u1'), f('fail', false, 'f1'), f('unknown', true, 's2'), f('fail', false, 'f2')];
      expect(selectResults(input, 3).kept.map((x) => x.fingerprint)).toEqual(['u1', 'f1', 'f2']);
      expect(selectResults(input, 2).kept.map((x) => x.fingerprint)).toEqual(['f1', 'f2']);
      expect(selectResults(input, 4)).toMatchObject({ omitted: 1 });
    });
  });

  describe('more buckets than the log lists (a bound with a small configured size)', () => {
    const isBucketKind = (r: Resource) => r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket';
    const bucket = demo.inventory.resources.find(isBucketKind)!;
    const closed = { ...(bucket as { access: BucketAccess }).access, ...Object.fromEntries(ACCESS_FLAGS.map((f) => [f, false])), conditionalPublic: false };
    const extra = (name: string, access: Partial<BucketAccess>, gaps: Resource['gaps'] = []) =>
      ({ ...bucket, id: `arn:aws:s3:::${name}`, name, gaps, access: { ...closed, ...access } }) as Resource;
    const extras = [extra('z-plain-1', {}), extra('z-public', { publicRead: true }), extra('z-undecided', {}, [{ path: 'access.publicWrite', reason: 'GetBucketPolicy denied' }]), extra('z-plain-2', {})];
    const result = { ...demo, fixed: [], inventory: { ...demo.inventory, resources: [...demo.inventory.resources, ...extras] } };
    const ids = (log: Log) => log.runs[0].artifacts.map((a) => a.properties.resourceId);
    const referenced = [...new Set(demo.findings.flatMap((f) => [f.resource.id, ...(f.hops ?? []).map((h) => h.to)]))].filter((id) =>
      demo.inventory.resources.some((r) => r.id === id && isBucketKind(r)),
    );

    it('at or under the bound every bucket is listed and the log is unchanged', () => {
      const total = result.inventory.resources.filter(isBucketKind).length;
      expect(JSON.stringify(toSarif(result, { maxBucketArtifacts: total }))).toBe(JSON.stringify(toSarif(result)));
      expect(toSarif(result).runs[0].properties.omittedBucketArtifacts).toBe(0);
    });

    it('above it: the buckets results point at, then the most exposed (a flag set, then an undecided flag), with a note', async () => {
      const log = toSarif(result, { maxBucketArtifacts: referenced.length + 2 });
      const run = log.runs[0];
      expect(ids(log).sort()).toEqual([...referenced, 'arn:aws:s3:::z-public', 'arn:aws:s3:::z-undecided'].sort());
      const total = result.inventory.resources.filter(isBucketKind).length;
      expect(run.properties.omittedBucketArtifacts).toBe(total - referenced.length - 2);
      const note = run.invocations[0].toolExecutionNotifications.find((n) => /runs\[0\]\.artifacts/.test(n.message.text))!;
      expect(note.level).toBe('warning');
      expect(note.message.text).toBe(
        `${total - referenced.length - 2} of ${total} buckets are not in runs[0].artifacts: the log lists at most ${referenced.length + 2} buckets, those that results point at first, ` +
          'then the most exposed (a public or cross-account flag set, then an undecided flag). The JSON output (--format json) has every bucket\'s access.',
      );
      // every location at a listed bucket references its artifact; locations at a left-out bucket have no index
      for (const r of run.results) {
        const loc = r.locations[0].physicalLocation.artifactLocation as { uri: string; index?: number };
        if (loc.index !== undefined) expect(run.artifacts[loc.index].location.uri).toBe(loc.uri);
      }
      expect(githubProblems(log)).toEqual([]);
      expect(await validateSarif(log)).toEqual({ schema: [], multitool: [] });
    });

    it('the stderr warning names what the log leaves out and where all of it is', () => {
      expect(sarifOmissionWarning(result)).toBeUndefined();
      const total = result.inventory.resources.filter(isBucketKind).length;
      expect(sarifOmissionWarning(result, 2)).toBe(
        `the SARIF output holds the access of at most 2 of ${total} buckets (those the results point at first, then the most exposed); the JSON output has all of them`,
      );
      expect(sarifOmissionWarning({ ...result, findings: manyFindings(5_003) }, 2)).toBe(
        'the SARIF output holds 5,000 of 5,003 findings (GitHub code scanning keeps 5,000 results per upload; failed first, then unknown, then suppressed) and ' +
          `the access of at most 2 of ${total} buckets (those the results point at first, then the most exposed); the JSON output has all of them`,
      );
    });

    it('a bound below the referenced buckets keeps those the first results point at', () => {
      const log = toSarif(result, { maxBucketArtifacts: 1 });
      expect(ids(log)).toEqual([referenced[0]]);
      expect(githubProblems(log)).toEqual([]);
    });
  });

  describe('GitHub\'s 10 MB limit on the gzip-compressed file', () => {
    // [support] "For each gzip-compressed SARIF file, SARIF upload supports a maximum size of 10 MB. Any uploads over this limit will be rejected."
    const bucket = demo.inventory.resources.find((r) => r.kind === 'aws.s3.bucket')!;

    it('when the bounded artifacts would not fit, only the buckets the results point at are artifacts, with a note', () => {
      const extra: Resource[] = Array.from({ length: 8_000 }, (_, i) => ({ ...bucket, id: `arn:aws:s3:::${noise(`b${i}`, 6_000)}`, name: `big-${i}` }));
      const result = { ...demo, fixed: [], inventory: { ...demo.inventory, resources: [...demo.inventory.resources, ...extra] } };
      expect(gzipSync(JSON.stringify(toSarif(result))).length).toBeGreaterThan(10 * 1024 * 1024);
      const text = sarifReporter.render(result, { color: false });
      expect(gzipSync(text).length).toBeLessThanOrEqual(10 * 1024 * 1024);
      const run = JSON.parse(text).runs[0];
      const located = new Set(demo.findings.flatMap((f) => [f.resource.id, ...(f.hops ?? []).map((h) => h.to)]));
      const buckets = demo.inventory.resources.filter((r) => (r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket') && located.has(r.id));
      expect(run.artifacts.map((a: { properties: { resourceId: string } }) => a.properties.resourceId).sort()).toEqual(buckets.map((r) => r.id).sort());
      expect(run.properties.omittedBucketArtifacts).toBe(8_000 + demo.inventory.resources.filter((r) => r.kind.endsWith('bucket')).length - buckets.length);
      expect(run.invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text).join('\n')).toMatch(/ buckets are not in runs\[0\]\.artifacts: with more buckets the log would exceed GitHub code scanning's 10 MB .*The JSON output \(--format json\) has every bucket's access/);
      expect(githubProblems(JSON.parse(text))).toEqual([]);
    });

    it('when even the results do not fit, rendering fails with a clear message instead of writing a file GitHub rejects', () => {
      const findings = manyFindings(5_000).map((f, i) => ({ ...f, message: noise(`m${i}`, 5_000) }));
      expect(() => sarifReporter.render(scanWith(findings), { color: false })).toThrow(InputError);
      expect(() => sarifReporter.render(scanWith(findings), { color: false })).toThrow(/^the SARIF log would be 1\d\.\d MB gzip-compressed, above GitHub code scanning's 10 MB upload limit; use --format json/);
    });
  });

  it('duplicate rule ids give one descriptor each, and results point at it', async () => {
    const [r0, r1] = demo.rules;
    const rules = [r0, { ...r0, title: 'a second rule with the same id' }, r1];
    const findings = demo.findings.filter((f) => f.ruleId === r0.id || f.ruleId === r1.id).slice(0, 4);
    const orphan = { ...demo.findings[0], ruleId: 'CUSTOM-001', title: 'not in the rule list', fingerprint: 'c'.repeat(64) };
    const log = toSarif(scanWith([...findings, orphan], { rules }));
    const ids = log.runs[0].tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([r0.id, r1.id, 'CUSTOM-001']);
    expect(log.runs[0].tool.driver.rules[0].shortDescription.text).toBe(r0.title);
    expect(githubProblems(log)).toEqual([]);
    expect(await validateSarif(log)).toEqual({ schema: [], multitool: [] });
  });

  it('user rules with too many tags, long or empty texts stay within GitHub\'s limits', () => {
    const base = demo.rules[0];
    const noisy: RuleDescriptor = {
      ...base,
      id: 'CUSTOM-002',
      title: '—',
      description: 'x'.repeat(5_000),
      remediation: '',
      tags: Array.from({ length: 30 }, (_, i) => `tag-${i % 25}`),
    };
    const long: RuleDescriptor = { ...base, id: 'CUSTOM-003', title: 'Long '.repeat(400), description: '' };
    const log = toSarif(scanWith([], { rules: [noisy, long] }));
    const [a, b] = log.runs[0].tool.driver.rules;
    expect(a.properties.tags).toHaveLength(10);
    expect(a.properties.tags[0]).toBe('security');
    expect(a.fullDescription.text).toHaveLength(1_024);
    expect(a.fullDescription.text.endsWith('…')).toBe(true);
    expect(a.name).toBe('Custom002');
    expect(b.shortDescription.text.length).toBeLessThanOrEqual(1_024);
    expect(b.fullDescription.text.length).toBeGreaterThan(0);
    expect(b.name.length).toBeLessThanOrEqual(255);
    expect(githubProblems(log)).toEqual([]);
  });

  it('more rules than GitHub accepts per run: only the rules the results use are written', () => {
    const rules = Array.from({ length: 25_001 }, (_, i) => ({ ...demo.rules[0], id: `BULK-${i}` }));
    const finding = { ...demo.findings[0], ruleId: 'BULK-25000' };
    const log = toSarif(scanWith([finding], { rules }));
    expect(log.runs[0].tool.driver.rules.map((r) => r.id)).toEqual(['BULK-25000']);
    expect(log.runs[0].results[0].ruleIndex).toBe(0);
  });

  it('an empty finding message falls back to the rule title', () => {
    const log = toSarif(scanWith([{ ...plainFinding(demo.findings[0]), message: '  ' }]));
    expect(log.runs[0].results[0].message.text).toBe(demo.findings[0].title);
  });

  it('a suppressed finding carries a SARIF suppression and stays a result', async () => {
    // [spec] 3.27.23 suppressions; 3.35 suppression: kind "external", status "accepted", justification
    const [first, second] = demo.findings;
    const log = toSarif(scanWith([first, { ...plainFinding(second), suppressed: { reason: 'accepted risk until Q1', matchedBy: 'suppressions.yaml#1', expires: '2027-01-01' } }]));
    const [a, b] = log.runs[0].results;
    expect(a.suppressions).toEqual([]);
    expect(b.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted risk until Q1' }]);
    expect(await validateSarif(log)).toEqual({ schema: [], multitool: [] });
  });

  it('baseline states: new, unchanged and updated are carried; fixed findings are counted, not written as results', async () => {
    // [spec] 3.27.24 baselineState. GitHub ignores `kind`/`baselineState` and reads each result as an alert, so a fixed
    // finding written as a result would keep its alert open; left out, GitHub closes it as fixed.
    const [a, b, c, d] = demo.findings;
    const result = scanWith([{ ...a, baselineState: 'new' }, { ...b, baselineState: 'unchanged' }, { ...c, baselineState: 'updated' }], {
      fixed: [{ ...d, baselineState: 'absent' }],
      previousScanId: 'scan-1',
    });
    const log = toSarif(result);
    expect(log.runs[0].results.map((r) => r.baselineState)).toEqual(['new', 'unchanged', 'updated']);
    expect(log.runs[0].properties.fixedFindings).toBe(1);
    expect(githubProblems(log)).toEqual([]);
    // a result without a state (none was computed for it) means no result carries one
    const partial = toSarif(scanWith([{ ...a, baselineState: 'new' }, b]));
    expect(partial.runs[0].results.map((r) => r.baselineState)).toEqual([undefined, undefined]);
    expect(await validateSarif(log)).toEqual({ schema: [], multitool: [] });
  });

  it('the GitHub checks catch a log GitHub would reject (the test can fail)', () => {
    const log = toSarif(scanWith(demo.findings.slice(0, 2)));
    (log.runs[0].results[0].locations[0].physicalLocation.artifactLocation as { uri: string }).uri = 'arn:aws:s3:::x';
    (log.runs[0].results[1].partialFingerprints as Record<string, string>).primaryLocationLineHash = log.runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    (log.runs[0].tool.driver.rules[0].properties as { tags: string[] }).tags = Array.from({ length: 11 }, (_, i) => `t${i}`);
    const problems = githubProblems(log).join('\n');
    expect(problems).toMatch(/absolute URI arn:aws:s3:::x/);
    expect(problems).toMatch(/duplicate primaryLocationLineHash/);
    expect(problems).toMatch(/tags/);
  });
});
