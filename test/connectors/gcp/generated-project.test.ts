import { describe, expect, it } from 'vitest';
import { generateGcpScenario } from '../../../mocks/generate/gcp.js';
import { ofKind, scanThrough, withGcpMock } from './helpers.js';

const VERTEX_KINDS = ['gcp.vertexai.dataset', 'gcp.vertexai.training-pipeline', 'gcp.vertexai.custom-job', 'gcp.vertexai.model', 'gcp.vertexai.endpoint'] as const;

describe('a generated project', () => {
  it('500 buckets and 200 Vertex AI resources across three locations: every resource is present', async () => {
    const scenario: any = generateGcpScenario({ projects: 1, buckets: 500, vertexResources: 200, locations: 3, objectsPerBucket: 0, seed: 7 });
    const project = scenario.gcp.projects[0];
    const locations = Object.keys(project.vertex.locations);
    expect(locations).toHaveLength(3);
    const vertex = project.vertex.locations as Record<string, Record<string, unknown[]>>;
    const expectedVertex = Object.values(vertex).reduce((n, l) => n + Object.values(l).reduce((m, list) => m + list.length, 0), 0);
    expect(expectedVertex).toBe(200);
    const inv = await withGcpMock(scenario, (mock) => scanThrough(mock, { projects: [project.projectId], locations }));
    expect(ofKind(inv, 'gcp.storage.bucket').map((b) => b.name).sort()).toEqual(project.storage.buckets.map((b: { name: string }) => b.name).sort());
    expect(VERTEX_KINDS.reduce((n, k) => n + ofKind(inv, k).length, 0)).toBe(200);
    for (const location of locations) {
      const expected = vertex[location];
      expect(ofKind(inv, 'gcp.vertexai.dataset').filter((r) => r.region === location)).toHaveLength(expected.datasets?.length ?? 0);
      expect(ofKind(inv, 'gcp.vertexai.model').filter((r) => r.region === location)).toHaveLength(expected.models?.length ?? 0);
    }
    expect(inv.coverage.failures).toEqual([]);
    expect(inv.coverage.services.every((s) => s.status === 'ok')).toBe(true);
  });
});
