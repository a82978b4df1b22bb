import { describe, expect, it } from 'vitest';
import { ofKind, scanThrough, service, withGcpMock } from './helpers.js';

// Vertex AI calls are kept to 10 per project and location per second, the fake's (and the documented) quota: a
// location whose listing needs more calls than the quota's burst is read without a throttle, so none can fail.
describe('call pacing', () => {
  it('lists a Vertex AI location needing 12 calls under a 10/s quota (burst 10) without a throttle', async () => {
    const datasets = Array.from({ length: 8 }, (_, i) => ({ name: `${100 + i}`, displayName: `ds-${i}`, metadataSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml', metadata: { gcsBucket: `data-${i}` } }));
    const scenario = {
      gcp: { projects: [{ projectId: 'ml-prod', projectNumber: '100000000001', vertex: { locations: { 'us-central1': { datasets } } } }] },
      rateLimits: { aiplatform: { perSecond: 10, burst: 10, scope: 'project-location' } },
    };
    await withGcpMock(scenario, async (mock) => {
      // pages of 1: 8 ListDatasets calls and the 4 other lists; without the pacing, datasets are lost to throttling
      const inv = await scanThrough(mock, { projects: ['ml-prod'], services: ['aiplatform'], locations: ['us-central1'], pageSize: 1 });
      expect(ofKind(inv, 'gcp.vertexai.dataset')).toHaveLength(8);
      const vertex = service(inv, 'aiplatform', 'us-central1', 'ml-prod');
      expect(vertex).toMatchObject({ status: 'ok', retries: 0, throttles: 0 });
      expect(vertex!.calls).toBe(12);
      expect(mock.stats.snapshot().aiplatform.throttled).toBe(0);
    });
  });
});
