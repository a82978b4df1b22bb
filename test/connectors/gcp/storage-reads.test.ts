import { describe, expect, it } from 'vitest';
import { GcpClients } from '../../../src/connectors/gcp/clients.js';
import { gcpEndpointsFromEnv } from '../../../src/connectors/gcp/endpoints.js';
import { classifyGcpError } from '../../../src/connectors/gcp/errors.js';
import { readScenario, withGcpMock } from './helpers.js';

// StorageReads sends buckets.list and buckets.getIamPolicy with Storage#request; the answers must be exactly what the
// client's getBuckets and Bucket#iam.getPolicy return for the same requests, errors included.
describe('StorageReads', () => {
  it('answers like Storage#getBuckets and Bucket#iam.getPolicy, and fails the same way', async () => {
    const scenario: object = readScenario('mocks/scenarios/basic-gcp.yaml');
    await withGcpMock(scenario, async (mock) => {
      const clients = new GcpClients(gcpEndpointsFromEnv(mock.env), {}, 'ml-prod');
      try {
        const [storage, reads] = await Promise.all([clients.storage(), clients.storageReads()]);
        const project = 'ml-prod';
        const viaBuckets = await storage.getBuckets({ project, projection: 'full', autoPaginate: false, maxResults: 1 } as never);
        const page = await reads.listBuckets({ project, projection: 'full', maxResults: 1 });
        expect(page).toEqual(viaBuckets[2]);
        expect(page.items?.map((b) => b.name)).toEqual(viaBuckets[0].map((b: { name: string }) => b.name));
        expect(page.nextPageToken).toBeTruthy();

        for (const b of page.items ?? []) {
          const [policy] = await storage.bucket(b.name).iam.getPolicy({ requestedPolicyVersion: 3 });
          expect(await reads.getIamPolicy(b.name, 3)).toEqual(policy);
        }

        const missing = 'no-such-bucket-aispm';
        const viaIam = await storage.bucket(missing).iam.getPolicy({ requestedPolicyVersion: 3 }).catch((e: unknown) => e);
        const viaReads = await reads.getIamPolicy(missing, 3).catch((e: unknown) => e);
        expect(viaReads).toBeInstanceOf(Error);
        expect(classifyGcpError(viaReads)).toEqual(classifyGcpError(viaIam));
      } finally {
        await clients.close();
      }
    });
  });
});
