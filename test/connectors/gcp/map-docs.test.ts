// Documented defaults through the Vertex AI and Notebooks fakes (gRPC, real Google clients): fields a response leaves
// out must be read as the API reference says.
import { describe, expect, it } from 'vitest';
import { ofKind, scanThrough, withGcpMock } from './helpers.js';

const P = 'projects/100000000001/locations/us-central1';

describe('Vertex AI and Workbench defaults for absent fields, through the Google clients', () => {
  it('reads absent encryptionSpec, network, serviceAccount, shieldedInstanceConfig and the deprecated PSC flag as documented', async () => {
    const scenario = {
      projects: [
        {
          projectId: 'ml-prod',
          projectNumber: '100000000001',
          vertex: {
            locations: {
              'us-central1': {
                endpoints: [
                  { name: '1', displayName: 'public' },
                  // Endpoint.enable_private_service_connect: "Deprecated: If true, expose the Endpoint via private service connect."
                  { name: '2', displayName: 'psc-legacy', enablePrivateServiceConnect: true },
                ],
                // CustomJobSpec: serviceAccount unspecified -> Custom Code Service Agent; network unspecified -> not peered
                customJobs: [{ name: '3', displayName: 'bare', state: 'JOB_STATE_SUCCEEDED', jobSpec: { workerPoolSpecs: [{ machineSpec: { machineType: 'n1-standard-4' }, replicaCount: '1', containerSpec: { imageUri: 'img' } }] } }],
              },
            },
          },
          notebooks: {
            locations: {
              'us-central1-a': {
                instances: [
                  // ShieldedInstanceConfig.enable_secure_boot: "Disabled by default."
                  { name: 'bare', gceSetup: { machineType: 'e2-standard-4' } },
                  { name: 'shielded', gceSetup: { machineType: 'e2-standard-4', disablePublicIp: true, shieldedInstanceConfig: { enableSecureBoot: true } } },
                ],
              },
            },
          },
        },
      ],
    };
    await withGcpMock(scenario, async (mock) => {
      const inv = await scanThrough(mock, { projects: ['ml-prod'], locations: ['us-central1'] });
      const endpoints = Object.fromEntries(ofKind(inv, 'gcp.vertexai.endpoint').map((e) => [e.name, e]));
      expect(endpoints.public).toMatchObject({ publicEndpoint: true, privateServiceConnect: false, kmsKeyName: null });
      expect(endpoints['psc-legacy']).toMatchObject({ publicEndpoint: false, privateServiceConnect: true });
      const [job] = ofKind(inv, 'gcp.vertexai.custom-job');
      expect(job).toMatchObject({ id: `${P}/customJobs/3`, usesDefaultServiceAccount: true, enableWebAccess: false, kmsKeyName: null });
      expect(job).not.toHaveProperty('network');
      const notebooks = Object.fromEntries(ofKind(inv, 'gcp.notebooks.instance').map((n) => [n.name, n]));
      expect(notebooks.bare).toMatchObject({ publicIp: true, rootAccess: true, usesDefaultServiceAccount: true, kmsKeyName: null, secureBoot: false });
      expect(notebooks.shielded).toMatchObject({ publicIp: false, secureBoot: true });
    });
  });
});
