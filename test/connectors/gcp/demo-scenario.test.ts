import { describe, expect, it } from 'vitest';
import { analyzeInventory } from '../../../src/scan.js';
import { loadRuleSet } from '../../../src/rules/load.js';
import { noTrust } from '../../../src/model/index.js';
import { readScenario, scanThrough, withGcpMock } from './helpers.js';

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
