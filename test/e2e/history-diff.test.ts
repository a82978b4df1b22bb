import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { loadScenario, startMockCloud } from '../../mocks/cloud.js';
import { captureIO } from '../cli/helpers-io.js';
import { validateSarif } from '../helpers/sarif-validate.js';

const DEMO = fileURLToPath(new URL('../../mocks/scenarios/demo-aws.yaml', import.meta.url));
const CURATED = 'arn:aws:s3:::acme-ml-curated';
const TRAINING = 'arn:aws:s3:::acme-ml-training-data';
const CANARY = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/recommender-canary';

type Json = any;

async function scan(scenario: Json, dir: string, history: string, out: string): Promise<{ code: number; sarif: Json; json: Json; err: string }> {
  const cloud = await startMockCloud(scenario);
  try {
    const io = captureIO(dir, { ...cloud.env, HOME: dir });
    const code = await main(['node', 'aispm', 'scan', 'aws', '--history', history, '--format', 'json,sarif', '--output', out, '--fail-on-new', 'critical'], io);
    return { code, err: io.err(), sarif: JSON.parse(readFileSync(join(out, 'aispm.sarif'), 'utf8')), json: JSON.parse(readFileSync(join(out, 'aispm.json'), 'utf8')) };
  } finally {
    await cloud.close();
  }
}

/** The demo account after a week: the curated bucket became publicly writable, training-data versioning was fixed, a canary endpoint appeared. */
function changed(scenario: Json): Json {
  const next = structuredClone(scenario);
  const buckets = next.aws.s3.buckets as Json[];
  const curated = buckets.find((b) => b.Name === 'acme-ml-curated');
  delete curated.PublicAccessBlock;
  curated.OwnershipControls = { Rules: [{ ObjectOwnership: 'ObjectWriter' }] };
  curated.Acl = {
    Owner: { ID: 'acme-owner' },
    Grants: [
      { Grantee: { Type: 'CanonicalUser', ID: 'acme-owner' }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'WRITE' },
    ],
  };
  buckets.find((b) => b.Name === 'acme-ml-training-data').Versioning = { Status: 'Enabled', MFADelete: 'Disabled' };
  const sm = next.aws.regions['us-east-1'].sagemaker;
  sm.Endpoints.push({
    EndpointName: 'recommender-canary',
    EndpointArn: CANARY,
    EndpointConfigName: 'recommender-prod-config',
    EndpointStatus: 'InService',
    CreationTime: '2026-11-20T09:20:00Z',
    LastModifiedTime: '2026-11-20T09:30:00Z',
  });
  return next;
}

const touches = (f: Json, ids: string[]) => ids.includes(f.resource.id) || (f.hops ?? []).some((h: Json) => ids.includes(h.from) || ids.includes(h.to));

describe('scan history against the live mock cloud', () => {
  it('two scans with the account changed in between: diff and SARIF baselineState are exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-e2e-hist-'));
    const history = join(dir, 'history.db');
    const base = (await loadScenario(DEMO)) as Json;

    const first = await scan(base, dir, history, join(dir, 'out1'));
    expect(first.err).toContain('recorded scan');
    const second = await scan(changed(base), dir, history, join(dir, 'out2'));
    expect(second.json.previousScanId).toBe(first.json.scanId);

    const io = captureIO(dir, { HOME: dir });
    expect(await main(['node', 'aispm', 'diff', '--history', history, '--format', 'json'], io)).toBe(0);
    const diff = JSON.parse(io.out());
    expect([diff.from, diff.to]).toEqual([first.json.scanId, second.json.scanId]);

    // new: exactly the findings about what changed: the now-public curated bucket (incl. attack paths through it), the
    // canary endpoint, and the training-data bucket whose versioning now exposes the MFA-delete check
    const before = new Set(first.json.findings.map((f: Json) => f.fingerprint));
    const expectedNew = second.json.findings.filter((f: Json) => !before.has(f.fingerprint));
    expect(diff.new.map((f: Json) => f.fingerprint).sort()).toEqual(expectedNew.map((f: Json) => f.fingerprint).sort());
    expect(expectedNew.length).toBeGreaterThan(0);
    for (const f of expectedNew) expect(touches(f, [CURATED, CANARY, TRAINING]), `${f.ruleId} on ${f.resource.id}`).toBe(true);
    expect(expectedNew.some((f: Json) => f.resource.id === CURATED && /^Anyone can write/.test(f.title))).toBe(true);
    expect(expectedNew.some((f: Json) => f.type === 'path' && touches(f, [CURATED]) && f.hops[0].from === 'principal:internet')).toBe(true);
    expect(expectedNew.some((f: Json) => f.resource.id === CANARY)).toBe(true);

    // fixed: exactly the versioning findings on the training-data bucket
    expect(diff.fixed.length).toBeGreaterThan(0);
    for (const f of diff.fixed) {
      expect(f.resource).toBe(TRAINING);
      const rule = first.json.rules.find((r: Json) => r.id === f.ruleId);
      expect(rule.title).toMatch(/versioning/i);
    }
    expect(diff.changed).toEqual([]);
    expect(diff.unchanged.length).toBe(first.json.findings.length - diff.fixed.length);

    // SARIF of the second scan carries the same classification
    const results = second.sarif.runs[0].results as Json[];
    const state = (s: string) => results.filter((r) => r.baselineState === s).map((r) => r.partialFingerprints).length;
    expect(state('new')).toBe(diff.new.length);
    expect(state('unchanged')).toBe(diff.unchanged.length);
    // fixed findings are counted but not written as results: GitHub reads every result as an alert, even kind "pass"
    expect(state('absent')).toBe(0);
    expect(second.sarif.runs[0].properties.fixedFindings).toBe(diff.fixed.length);
    expect(results.every((r) => ['new', 'unchanged', 'updated'].includes(r.baselineState))).toBe(true);
    expect(await validateSarif(second.sarif)).toEqual({ schema: [], multitool: [] });

    // --fail-on-new critical: the first scan had no baseline (everything new), the second fails on the new public-write path
    expect(second.code).toBe(expectedNew.some((f: Json) => f.severity === 'critical' && f.status === 'fail') ? 1 : 0);
  }, 240_000);
});
