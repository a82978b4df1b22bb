import { describe, expect, it } from 'vitest';
import { v1 } from '@google-cloud/aiplatform';
import { GCP_QUOTA_PRESET, generateGcpScenario } from '../../../mocks/generate/gcp.js';
import { parseGcpScenario } from '../../../mocks/gcp/scenario.js';
import { startGcpMock } from '../../../mocks/gcp/start.js';
import { grpcOptions, storageClient } from './helpers.js';

describe('generateGcpScenario', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateGcpScenario({ projects: 3, buckets: 60, vertexResources: 40, seed: 42 });
    expect(generateGcpScenario({ projects: 3, buckets: 60, vertexResources: 40, seed: 42 })).toEqual(a);
    expect(generateGcpScenario({ projects: 3, buckets: 60, vertexResources: 40, seed: 43 })).not.toEqual(a);
  });

  it('produces a valid scenario with the requested counts, lineage between resources, and some exposed buckets', () => {
    const s = parseGcpScenario(generateGcpScenario({ projects: 2, buckets: 200, vertexResources: 100, locations: ['us-central1', 'europe-west4'], seed: 5, quotas: true }));
    const buckets = s.gcp.projects.flatMap((p) => p.storage?.buckets ?? []);
    expect(buckets.length).toBe(200);
    const vertex = s.gcp.projects.flatMap((p) => Object.values(p.vertex?.locations ?? {}));
    const count = (k: 'datasets' | 'trainingPipelines' | 'customJobs' | 'models' | 'endpoints') => vertex.reduce((n, l) => n + (l[k]?.length ?? 0), 0);
    expect(count('datasets') + count('trainingPipelines') + count('customJobs') + count('models') + count('endpoints')).toBe(100);
    expect(count('datasets')).toBeGreaterThanOrEqual(22);
    expect(count('datasets')).toBeLessThanOrEqual(28);
    expect(count('endpoints')).toBeGreaterThan(10);
    const names = new Set(buckets.map((b) => b.name));
    const sources = vertex.flatMap((l) => l.datasets ?? []).map((d) => (d.metadata as any).inputConfig.gcsSource.uri[0] as string);
    expect(sources.every((u) => names.has(u.split('/')[2]))).toBe(true);
    const members = buckets.flatMap((b) => b.iamPolicy?.bindings.flatMap((x) => x.members) ?? []);
    expect(members).toContain('allUsers');
    expect(members).toContain('allAuthenticatedUsers');
    expect(s.rateLimits.aiplatform).toEqual(GCP_QUOTA_PRESET.rateLimits.aiplatform);
  });

  it('serves a 500-bucket, 200-Vertex-resource project across three locations completely through the real clients', async () => {
    const scenario = generateGcpScenario({ projects: 1, buckets: 500, vertexResources: 200, locations: 3, seed: 9 });
    const projectId = (scenario as any).gcp.projects[0].projectId as string;
    const mock = await startGcpMock(scenario);
    const o = grpcOptions(mock.grpcEndpoint);
    const clients = [new v1.DatasetServiceClient(o), new v1.PipelineServiceClient(o), new v1.JobServiceClient(o), new v1.ModelServiceClient(o), new v1.EndpointServiceClient(o)] as const;
    try {
      const [buckets] = await storageClient(mock, 0, projectId).getBuckets();
      expect(buckets.length).toBe(500);
      let vertex = 0;
      for (const location of ['us-central1', 'europe-west4', 'asia-northeast1']) {
        const parent = `projects/${projectId}/locations/${location}`;
        const [d, p, j, m, e] = clients;
        vertex += (await d.listDatasets({ parent }))[0].length + (await p.listTrainingPipelines({ parent }))[0].length
          + (await j.listCustomJobs({ parent }))[0].length + (await m.listModels({ parent }))[0].length + (await e.listEndpoints({ parent }))[0].length;
      }
      expect(vertex).toBe(200);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await mock.close();
    }
  });
});
