import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { gcpScanOptions } from '../../../src/cli/commands/scan-gcp.js';
import { InputError, noTrust, parseInventory } from '../../../src/model/index.js';
import { captureIO } from '../../cli/helpers-io.js';
import { analyzeInventory } from '../../../src/scan.js';
import { loadRuleSet } from '../../../src/rules/load.js';
import { readScenario, scanThrough, withGcpMock } from './helpers.js';

describe('scan gcp flags', () => {
  const io = captureIO(tmpdir(), { AISPM_GCP_AIPLATFORM_ENDPOINT: '127.0.0.1:1', AISPM_GCP_INSECURE: '1' });

  it('turns flags and the environment into connector options', () => {
    expect(gcpScanOptions({ project: ['ml-prod,ml-dev', 'ml-prod'], locations: 'us-central1, europe-west4' }, io)).toEqual({
      projects: ['ml-prod', 'ml-dev'],
      locations: ['us-central1', 'europe-west4'],
      credentials: {},
      endpoints: { aiplatform: '127.0.0.1:1', insecure: true },
    });
    expect(gcpScanOptions({ organization: 'organizations/123' }, io).organization).toBe('organizations/123');
  });

  it.each([
    [{}, /nothing to scan/],
    [{ project: ['ML_Prod'] }, /--project: "ML_Prod" is not a project id/],
    [{ organization: '1', folder: '2' }, /give one of them/],
    [{ folder: 'team-a' }, /--folder: "team-a" is not a folder/],
    [{ project: ['ml-prod'], locations: 'us-central1,mars' }, /--locations: "mars" is not a location/],
    [{ project: ['ml-prod'], keyFile: 'missing-key.json' }, /--key-file missing-key.json: cannot read the service account key: ENOENT/],
    [{ project: ['ml-prod'], impersonateServiceAccount: 'scanner' }, /not a service account email/],
  ])('rejects %j with a message naming the flag', (opts, message) => {
    expect(() => gcpScanOptions(opts, io)).toThrow(InputError);
    expect(() => gcpScanOptions(opts, io)).toThrow(message);
  });
});

describe('aispm scan gcp / permissions gcp', () => {
  it('scans the mock end to end, writes the inventory, and reports GCP findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-gcp-'));
    await withGcpMock(readScenario('mocks/scenarios/basic-gcp.yaml'), async (mock) => {
      const io = captureIO(dir, { ...mock.env, HOME: dir });
      const code = await main(['node', 'aispm', 'scan', 'gcp', '--project', 'ml-prod', '--locations', 'us-central1', '--format', 'json', '--inventory-out', 'inv.json', '--fail-on', 'high'], io);
      expect(io.err()).toMatch(/aispm: GCP ml-prod: 9 resources, \d+ API calls, 0 retries, 0 throttled/);
      const result = JSON.parse(io.out());
      const ruleIds = new Set(result.findings.map((f: { ruleId: string }) => f.ruleId));
      expect([...ruleIds].some((id) => String(id).startsWith('GCP-VTX-'))).toBe(true);
      expect([...ruleIds].some((id) => String(id).startsWith('GCP-GCS-'))).toBe(true);
      expect(code).toBe(result.findings.some((f: { status: string; severity: string }) => f.status === 'fail' && ['high', 'critical'].includes(f.severity)) ? 1 : 0);
      const inventory = parseInventory(readFileSync(join(dir, 'inv.json'), 'utf8'));
      expect(inventory.resources).toHaveLength(9);
    });
  });

  it('a bad endpoint variable is a usage error, not a crash', async () => {
    const io = captureIO(tmpdir(), { AISPM_GCP_AIPLATFORM_ENDPOINT: 'a:b:c' });
    expect(await main(['node', 'aispm', 'scan', 'gcp', '--project', 'ml-prod'], io)).toBe(2);
    expect(io.err()).toContain('AISPM_GCP_AIPLATFORM_ENDPOINT="a:b:c": expected host:port');
  });

  it('prints the minimal permissions', async () => {
    const io = captureIO(tmpdir());
    expect(await main(['node', 'aispm', 'permissions', 'gcp'], io)).toBe(0);
    expect(io.out()).toContain('storage.buckets.getIamPolicy');
    expect(io.out()).toContain('aiplatform.endpoints.list');
  });

  it('a key file that is not a key is reported without a stack trace, before any call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-gcp-'));
    writeFileSync(join(dir, 'key.json'), '{}');
    // endpoints on a closed loopback port and no AISPM_GCP_INSECURE: the real credential path runs, and must stop first
    const io = captureIO(dir, { HOME: dir, AISPM_GCP_AIPLATFORM_ENDPOINT: '127.0.0.1:9', AISPM_GCP_RESOURCEMANAGER_ENDPOINT: '127.0.0.1:9' });
    expect(await main(['node', 'aispm', 'scan', 'gcp', '--project', 'ml-prod', '--key-file', 'key.json', '--locations', 'us-central1'], io)).toBe(2);
    expect(io.err()).toContain('Google credentials (--key-file');
    expect(io.err()).toContain('expected a JSON key file with a "type" field');
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});

const gcs = (b: string) => `//storage.googleapis.com/projects/_/buckets/${b}`;
const ENDPOINT = 'projects/300000000001/locations/us-central1/endpoints/7001';

describe('the GCP demo scenario (mocks/scenarios/demo-gcp.yaml) through the real clients and the whole pipeline', () => {
  it('finds the any-authenticated -> bucket -> dataset -> pipeline -> model -> public endpoint path, and none of the decoys', async () => {
    const inventory = await withGcpMock(readScenario('mocks/scenarios/demo-gcp.yaml'), (mock) => scanThrough(mock, { organization: '700000000001', locations: ['us-central1'] }));
    expect(inventory.coverage.failures).toEqual([]);
    const { rules, errors } = loadRuleSet();
    expect(errors).toEqual([]);
    const result = analyzeInventory(inventory, { rules, trust: { ...noTrust(), trustedProjects: ['acme-labeling-partner'] } });
    const failed = result.findings.filter((f) => f.status === 'fail');
    const paths = failed.filter((f) => f.type === 'path');

    const toEndpoint = paths.filter((f) => f.resource.id === ENDPOINT);
    expect(toEndpoint.length).toBeGreaterThan(0);
    for (const f of toEndpoint) {
      expect(f.source).toBe('principal:any-authenticated');
      expect(f.hops?.map((h) => h.type)).toEqual(['can-write', 'imports-from', 'reads-from', 'produces', 'serves']);
      expect(f.hops?.[0].to).toBe(gcs('acme-vision-training-images'));
    }
    expect(toEndpoint.some((f) => f.severity === 'critical')).toBe(true);

    // decoys: no path starts at the public samples, the trusted partner's bucket or the sandbox (prevention enforced by its folder)
    const touched = (bucket: string) => paths.filter((f) => f.hops?.some((h) => h.to === gcs(bucket) || h.from === gcs(bucket)));
    expect(touched('acme-vision-public-samples')).toEqual([]);
    expect(touched('acme-vision-partner-labels')).toEqual([]);
    expect(touched('acme-vision-sandbox-share')).toEqual([]);
    // the world-writable experiments inbox is reported, but its model is not deployed: no path reaches an endpoint from it
    expect(touched('acme-vision-experiments-inbox').length).toBeGreaterThan(0);
    expect(touched('acme-vision-experiments-inbox').some((f) => f.resource.id.includes('/endpoints/'))).toBe(false);

    const sandbox = inventory.resources.find((r) => r.id === gcs('acme-vision-sandbox-share'));
    expect(sandbox).toMatchObject({ orgEnforcesPublicAccessPrevention: true });
    const ruleIds = new Set(failed.map((f) => f.ruleId));
    for (const id of ['GCP-GCS-050', 'GCP-GCS-020', 'GCP-VTX-001', 'GCP-VTX-003', 'GCP-VTX-024', 'GCP-NB-020', 'GCP-NB-021', 'GCP-IAM-020']) expect(ruleIds).toContain(id);
  });
});
