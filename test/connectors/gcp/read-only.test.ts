import { describe, expect, it } from 'vitest';
import { GcpClients } from '../../../src/connectors/gcp/clients.js';
import { gcpEndpointsFromEnv } from '../../../src/connectors/gcp/endpoints.js';
import { ReadOnlyViolation } from '../../../src/connectors/gcp/read-only-guard.js';
import { readScenario, withGcpMock } from './helpers.js';

const total = (snapshot: Record<string, { requests: number }>) => Object.values(snapshot).reduce((n, s) => n + s.requests, 0);

describe('read-only guard on the real clients', () => {
  it('refuses mutating methods before any request is sent, and lets declared reads through', async () => {
    await withGcpMock(readScenario('mocks/scenarios/basic-gcp.yaml'), async (mock) => {
      const clients = new GcpClients(gcpEndpointsFromEnv(mock.env), {}, 'ml-prod');
      try {
        const storage = await clients.storage();
        const bucket = storage.bucket('ml-prod-training-data');
        expect(() => bucket.delete()).toThrow(ReadOnlyViolation);
        expect(() => bucket.setMetadata({ versioning: { enabled: false } })).toThrow(ReadOnlyViolation);
        expect(() => bucket.file('x').save('poison')).toThrow(ReadOnlyViolation);
        expect(() => bucket.iam.setPolicy({ bindings: [] })).toThrow(ReadOnlyViolation);
        expect(() => bucket.acl.add({ entity: 'allUsers', role: 'OWNER' })).toThrow(ReadOnlyViolation);
        expect(() => storage.createBucket('new-bucket')).toThrow(ReadOnlyViolation);
        const datasets = await clients.vertex('DatasetServiceClient', 'us-central1');
        expect(() => datasets.deleteDataset({ name: 'projects/ml-prod/locations/us-central1/datasets/3001' })).toThrow(ReadOnlyViolation);
        expect(() => datasets.importData({ name: 'x', importConfigs: [] })).toThrow(ReadOnlyViolation);
        const endpoints = await clients.vertex('EndpointServiceClient', 'us-central1');
        expect(() => endpoints.deployModel({ endpoint: 'x' })).toThrow(ReadOnlyViolation);
        const projects = await clients.projects();
        expect(() => projects.setIamPolicy({ resource: 'projects/ml-prod', policy: {} })).toThrow(ReadOnlyViolation);
        const notebooks = await clients.notebooks();
        expect(() => notebooks.startInstance({ name: 'x' })).toThrow(ReadOnlyViolation);
        expect(total(mock.stats.snapshot() as unknown as Record<string, { requests: number }>)).toBe(0);

        // a declared read goes through the same guard and reaches the fake
        const [policy] = await storage.bucket('ml-prod-training-data').iam.getPolicy({ requestedPolicyVersion: 3 });
        expect(policy.bindings?.[0].members).toEqual(['allUsers']);
        const [items] = await datasets.listDatasets({ parent: 'projects/ml-prod/locations/us-central1' }, { autoPaginate: false });
        expect(items).toHaveLength(1);
        expect(total(mock.stats.snapshot() as unknown as Record<string, { requests: number }>)).toBe(2);
      } finally {
        await clients.close();
      }
    });
  });
});
