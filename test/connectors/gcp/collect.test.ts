import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcpStorageBucket, type Inventory } from '../../../src/model/index.js';
import { GcpClients } from '../../../src/connectors/gcp/clients.js';
import { gcpEndpointsFromEnv } from '../../../src/connectors/gcp/endpoints.js';
import { ReadOnlyViolation } from '../../../src/connectors/gcp/read-only-guard.js';
import { generateGcpScenario } from '../../../mocks/generate/gcp.js';
import { bucket, ids, ofKind, readScenario, scanThrough, service, withGcpMock } from './helpers.js';

// The network guard (test/setup/network-guard.ts) records any non-loopback connection here.
const violations: string[] = [];
beforeAll(() => {
  (globalThis as { __aispmNetworkViolations?: string[] }).__aispmNetworkViolations = violations;
});
afterAll(() => {
  expect(violations).toEqual([]);
});

const ML = 'projects/100000000001/locations/us-central1';
const gcs = (b: string) => `//storage.googleapis.com/projects/_/buckets/${b}`;
const edge = (inv: Inventory, from: string, type: string, to: string) => inv.edges.find((e) => e.from === from && e.type === type && e.to === to);

describe('GCP collection through the mock Google Cloud (real clients: Storage JSON API, gRPC)', () => {
  it('collects every kind from an organization, with the lineage edges', async () => {
    const inv = await withGcpMock(readScenario('mocks/scenarios/basic-gcp.yaml'), (mock) => scanThrough(mock, { organization: '1234', locations: ['us-central1'] }));
    expect(inv.targets.map((t) => t.account)).toEqual(['analytics-dev', 'ml-prod']);
    expect(ids(inv, 'gcp.storage.bucket')).toEqual([gcs('analytics-dev-scratch'), gcs('ml-prod-models'), gcs('ml-prod-training-data')]);
    expect(ids(inv, 'gcp.vertexai.dataset')).toEqual([`${ML}/datasets/3001`]);
    expect(ids(inv, 'gcp.vertexai.training-pipeline')).toEqual([`${ML}/trainingPipelines/4001`]);
    expect(ids(inv, 'gcp.vertexai.custom-job')).toEqual([`${ML}/customJobs/6001`]);
    expect(ids(inv, 'gcp.vertexai.model')).toEqual([`${ML}/models/5001`]);
    expect(ids(inv, 'gcp.vertexai.endpoint')).toEqual([`${ML}/endpoints/7001`]);
    expect(ids(inv, 'gcp.notebooks.instance')).toEqual(['projects/100000000001/locations/us-central1-a/instances/research-notebook']);
    expect(ofKind(inv, 'gcp.iam.service-account')).toMatchObject([{ email: '100000000001-compute@developer.gserviceaccount.com', isDefaultCompute: true, projectRoles: [] }]);

    const scratch = ofKind(inv, 'gcp.storage.bucket').find((b) => b.name === 'analytics-dev-scratch') as GcpStorageBucket;
    expect(scratch).toMatchObject({ uniformBucketLevelAccess: false, acl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }], defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }] });
    const models = ofKind(inv, 'gcp.storage.bucket').find((b) => b.name === 'ml-prod-models') as GcpStorageBucket;
    expect(models).toMatchObject({ versioning: true, retentionPolicy: { retentionPeriodSeconds: 2592000, isLocked: false }, logging: { logBucket: 'ml-prod-logs' }, publicAccessPrevention: 'enforced' });
    expect(models.iamPolicy.bindings[0].condition?.title).toBe('models-only');

    expect(edge(inv, `${ML}/datasets/3001`, 'imports-from', gcs('ml-prod-training-data'))?.prefix).toBe('images/import.jsonl');
    expect(edge(inv, `${ML}/trainingPipelines/4001`, 'reads-from', `${ML}/datasets/3001`)).toBeDefined();
    expect(edge(inv, `${ML}/trainingPipelines/4001`, 'produces', `${ML}/models/5001`)).toBeDefined();
    expect(edge(inv, `${ML}/trainingPipelines/4001`, 'writes-to', gcs('ml-prod-models'))?.prefix).toBe('pipelines/4001/');
    expect(edge(inv, `${ML}/models/5001`, 'stored-in', gcs('ml-prod-models'))?.prefix).toBe('models/classifier/');
    expect(edge(inv, `${ML}/endpoints/7001`, 'serves', `${ML}/models/5001`)).toBeDefined();
    expect(edge(inv, `${ML}/customJobs/6001`, 'uses-role', 'projects/ml-prod/serviceAccounts/100000000001-compute@developer.gserviceaccount.com')).toBeDefined();

    // analytics-dev has Vertex AI disabled: a coverage failure, never resources or a pass
    expect(service(inv, 'aiplatform', 'us-central1', 'analytics-dev')).toMatchObject({ status: 'failed', note: 'API disabled' });
    expect(inv.coverage.failures.filter((f) => f.account === 'analytics-dev').map((f) => f.errorCode)).toEqual(Array(5).fill('SERVICE_DISABLED'));
  });

  it('pages through three or more pages of every list, and walks nested folders', async () => {
    const many = (n: number, f: (i: number) => Record<string, unknown>) => Array.from({ length: n }, (_, i) => f(i));
    const scenario = {
      gcp: {
        organizations: [{ name: 'organizations/1' }],
        folders: [
          { name: 'folders/10', parent: 'organizations/1' },
          { name: 'folders/11', parent: 'folders/10' },
        ],
        projects: [
          {
            projectId: 'pages-proj',
            projectNumber: '555',
            parent: 'folders/11',
            iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.admin', members: ['serviceAccount:trainer@pages-proj.iam.gserviceaccount.com'] }] },
            storage: { buckets: many(7, (i) => bucket(`pages-bucket-${i}`)) },
            vertex: {
              locations: {
                'us-central1': {
                  datasets: many(7, (i) => ({ name: `${100 + i}`, displayName: `ds-${i}`, metadataSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml', metadata: { inputConfig: { gcsSource: { uri: [`gs://pages-bucket-${i}/data.csv`] } } } })),
                  trainingPipelines: many(5, (i) => ({ name: `${200 + i}`, displayName: `tp-${i}`, state: 'PIPELINE_STATE_SUCCEEDED', inputDataConfig: { datasetId: `${100 + i}` }, modelId: `${300 + i}` })),
                  models: many(5, (i) => ({ name: `${300 + i}`, displayName: `m-${i}`, artifactUri: `gs://pages-bucket-${i}/model/` })),
                  endpoints: many(5, (i) => ({ name: `${400 + i}`, displayName: `e-${i}`, deployedModels: [{ id: `${i}`, model: `projects/555/locations/us-central1/models/${300 + i}` }] })),
                  customJobs: many(5, (i) => ({ name: `${500 + i}`, displayName: `cj-${i}`, state: 'JOB_STATE_SUCCEEDED', jobSpec: { workerPoolSpecs: [{ machineSpec: { machineType: 'n1-standard-4' }, replicaCount: '1', containerSpec: { imageUri: 'img' } }], serviceAccount: 'trainer@pages-proj.iam.gserviceaccount.com' } })),
                },
              },
            },
            notebooks: { locations: { 'us-central1-a': { instances: many(5, (i) => ({ name: `nb-${i}`, gceSetup: { disablePublicIp: true } })) } } },
          },
          ...many(5, (i) => ({ projectId: `empty-proj-${i}`, parent: 'folders/10' })),
        ],
      },
    };
    await withGcpMock(scenario, async (mock) => {
      const inv = await scanThrough(mock, { folder: '10', locations: ['us-central1'], pageSize: 2 });
      expect(inv.targets).toHaveLength(6);
      expect(ofKind(inv, 'gcp.storage.bucket')).toHaveLength(7);
      expect(ofKind(inv, 'gcp.vertexai.dataset')).toHaveLength(7);
      expect(ofKind(inv, 'gcp.vertexai.training-pipeline')).toHaveLength(5);
      expect(ofKind(inv, 'gcp.vertexai.model')).toHaveLength(5);
      expect(ofKind(inv, 'gcp.vertexai.endpoint')).toHaveLength(5);
      expect(ofKind(inv, 'gcp.vertexai.custom-job')).toHaveLength(5);
      expect(ofKind(inv, 'gcp.notebooks.instance')).toHaveLength(5);
      expect(ofKind(inv, 'gcp.iam.service-account')).toMatchObject([{ projectRoles: ['roles/storage.admin'], isDefaultCompute: false }]);
      expect(inv.edges.filter((e) => e.type === 'serves')).toHaveLength(5);
      expect(inv.coverage.failures).toEqual([]);
      // 4 pages of buckets + 7 IAM policies; 4 + 3 + 3 + 3 + 3 Vertex pages; 3 pages of instances
      expect(service(inv, 'storage', 'global', 'pages-proj')).toMatchObject({ status: 'ok', calls: 11, resources: 7 });
      expect(service(inv, 'aiplatform', 'us-central1', 'pages-proj')).toMatchObject({ status: 'ok', calls: 16, resources: 27 });
      // Workbench: one wildcard listing (projects/P/locations/-) in three pages
      expect(service(inv, 'notebooks', 'global', 'pages-proj')).toMatchObject({ status: 'ok', calls: 3, resources: 5 });
      const methods = mock.stats.snapshot().aiplatform.methods as Record<string, number | { requests: number }>;
      const count = (m: string) => (typeof methods[m] === 'number' ? (methods[m] as number) : (methods[m] as { requests: number }).requests);
      expect(count('ListDatasets')).toBe(4 + 5); // four pages in pages-proj, one empty page in each other project
    });
  });

  it('a permission error becomes a gap and a coverage failure, and the rest of the scan goes on', async () => {
    const scenario = {
      ...readScenario('mocks/scenarios/basic-gcp.yaml'),
      faults: [
        { service: 'storage', method: 'buckets.getIamPolicy', resource: 'ml-prod-training-data', error: 403 },
        { service: 'storage', method: 'buckets.getIamPolicy', resource: 'analytics-dev-scratch', error: 'PERMISSION_DENIED' },
        { service: 'aiplatform', method: 'ListDatasets', error: 'PERMISSION_DENIED' },
        { service: 'resourcemanager', method: 'GetIamPolicy', error: 'PERMISSION_DENIED' },
        { service: 'notebooks', method: 'ListInstances', error: 'PERMISSION_DENIED' },
      ],
    };
    const inv = await withGcpMock(scenario, (mock) => scanThrough(mock, { projects: ['ml-prod'], locations: ['us-central1'] }));
    const data = ofKind(inv, 'gcp.storage.bucket').find((b) => b.name === 'ml-prod-training-data')!;
    expect(data.gaps).toEqual([{ path: 'iamPolicy', reason: 'permission denied: buckets.getIamPolicy (needs storage.buckets.getIamPolicy)' }]);
    expect(ofKind(inv, 'gcp.storage.bucket').find((b) => b.name === 'ml-prod-models')!.gaps).toEqual([]);
    expect(ofKind(inv, 'gcp.vertexai.dataset')).toHaveLength(0);
    expect(ofKind(inv, 'gcp.vertexai.training-pipeline')).toHaveLength(1);
    expect(ofKind(inv, 'gcp.notebooks.instance')).toHaveLength(0);
    expect(ofKind(inv, 'gcp.iam.service-account')[0].gaps).toEqual([{ path: 'projectRoles', reason: 'permission denied: GetIamPolicy (needs resourcemanager.projects.getIamPolicy)' }]);
    expect(inv.coverage.failures.map((f) => `${f.service} ${f.operation} ${f.errorCode} ${f.fields.join(',')}`).sort()).toEqual([
      'aiplatform ListDatasets PERMISSION_DENIED gcp.vertexai.dataset',
      'notebooks ListInstances PERMISSION_DENIED gcp.notebooks.instance',
      'resourcemanager GetIamPolicy PERMISSION_DENIED projectRoles',
      'storage buckets.getIamPolicy 403 forbidden iamPolicy',
    ]);
    expect(service(inv, 'storage', 'global', 'ml-prod')?.status).toBe('partial');
    expect(service(inv, 'aiplatform', 'us-central1', 'ml-prod')?.status).toBe('partial');
    expect(service(inv, 'notebooks', 'global', 'ml-prod')?.status).toBe('failed');
  });

  it('legacy ACLs arrive with buckets.list?projection=full; a caller the listing leaves them out for reads them, and a denial is a gap', async () => {
    const scan = (faults: object[]) => withGcpMock({ ...readScenario('mocks/scenarios/basic-gcp.yaml'), faults }, async (mock) => ({
      inv: await scanThrough(mock, { projects: ['analytics-dev'], locations: ['us-central1'], services: ['storage'] }),
      methods: mock.stats.snapshot().storage.methods,
    }));
    const allowed = await scan([]);
    expect(allowed.inv.resources[0]).toMatchObject({ name: 'analytics-dev-scratch', acl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }], defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }], gaps: [] });
    expect(Object.keys(allowed.methods).sort()).toEqual(['buckets.getIamPolicy', 'buckets.list']);

    const denied = await scan([{ service: 'storage', method: 'bucketAccessControls.list', resource: 'analytics-dev-scratch', error: 'PERMISSION_DENIED' }]);
    expect(denied.inv.resources[0]).toMatchObject({ acl: [], defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }] });
    expect((denied.inv.resources[0] as GcpStorageBucket).gaps).toEqual([{ path: 'acl', reason: expect.stringContaining('permission denied: bucketAccessControls.list') }]);
    expect(denied.methods['bucketAccessControls.list']?.requests).toBe(1);
    expect(denied.methods['defaultObjectAccessControls.list']?.requests).toBe(1);
  });

  it('throttling and unavailability are retried, counted, and recovered', async () => {
    const scenario = {
      ...readScenario('mocks/scenarios/basic-gcp.yaml'),
      faults: [
        { service: 'storage', method: 'buckets.list', error: 429, times: 2 },
        { service: 'storage', method: 'buckets.getIamPolicy', resource: 'ml-prod-models', error: 503, times: 1 },
        { service: 'aiplatform', method: 'ListModels', error: 'RESOURCE_EXHAUSTED', times: 2 },
        { service: 'aiplatform', method: 'ListEndpoints', error: 'UNAVAILABLE', times: 1 },
        { service: 'resourcemanager', method: 'GetProject', error: 'UNAVAILABLE', times: 1 },
      ],
    };
    const inv = await withGcpMock(scenario, (mock) => scanThrough(mock, { projects: ['ml-prod'], locations: ['us-central1'] }));
    expect(inv.coverage.failures).toEqual([]);
    expect(ofKind(inv, 'gcp.storage.bucket')).toHaveLength(2);
    expect(ofKind(inv, 'gcp.vertexai.model')).toHaveLength(1);
    expect(ofKind(inv, 'gcp.vertexai.endpoint')).toHaveLength(1);
    expect(ofKind(inv, 'gcp.iam.service-account')[0]).toMatchObject({ isDefaultCompute: true });
    expect(service(inv, 'storage', 'global', 'ml-prod')).toMatchObject({ status: 'ok', retries: 3, throttles: 2 });
    expect(service(inv, 'aiplatform', 'us-central1', 'ml-prod')).toMatchObject({ status: 'ok', retries: 3, throttles: 2 });
    expect(service(inv, 'resourcemanager', 'global', 'ml-prod')).toMatchObject({ status: 'ok', retries: 1 });
  });

  it('retries are bounded per call: a service that stays unavailable becomes a failure', async () => {
    const scenario = { ...readScenario('mocks/scenarios/basic-gcp.yaml'), faults: [{ service: 'aiplatform', method: 'ListEndpoints', error: 'UNAVAILABLE' }, { service: 'storage', method: 'buckets.list', error: 503 }] };
    const inv = await withGcpMock(scenario, (mock) => scanThrough(mock, { projects: ['ml-prod'], locations: ['us-central1'], retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 } }));
    expect(ofKind(inv, 'gcp.vertexai.endpoint')).toHaveLength(0);
    expect(ofKind(inv, 'gcp.vertexai.model')).toHaveLength(1);
    expect(inv.coverage.failures.map((f) => `${f.operation} ${f.errorCode}`).sort()).toEqual(['ListEndpoints UNAVAILABLE', 'buckets.list 503 backendError']);
    expect(service(inv, 'storage', 'global', 'ml-prod')).toMatchObject({ status: 'failed', calls: 3, retries: 2 });
  });

  it('every other error kind: NOT_FOUND, UNAUTHENTICATED, 404 and 401 are failures, not findings', async () => {
    const scenario = {
      ...readScenario('mocks/scenarios/basic-gcp.yaml'),
      faults: [
        { service: 'aiplatform', method: 'ListCustomJobs', error: 'NOT_FOUND' },
        { service: 'aiplatform', method: 'ListTrainingPipelines', error: 'UNAUTHENTICATED' },
        { service: 'storage', method: 'buckets.getIamPolicy', resource: 'ml-prod-models', error: 404 },
        { service: 'storage', method: 'buckets.getIamPolicy', resource: 'ml-prod-training-data', error: 401 },
        { service: 'notebooks', method: 'ListInstances', error: 'SERVICE_DISABLED' },
      ],
    };
    const inv = await withGcpMock(scenario, (mock) => scanThrough(mock, { projects: ['ml-prod'], locations: ['us-central1'] }));
    expect(inv.coverage.failures.map((f) => `${f.service} ${f.operation} ${f.errorCode}`).sort()).toEqual([
      'aiplatform ListCustomJobs NOT_FOUND',
      'aiplatform ListTrainingPipelines UNAUTHENTICATED',
      'notebooks ListInstances SERVICE_DISABLED',
      'storage buckets.getIamPolicy 401 required',
      'storage buckets.getIamPolicy 404 notFound',
    ]);
    for (const b of ofKind(inv, 'gcp.storage.bucket')) expect(b.gaps.map((g) => g.path)).toEqual(['iamPolicy']);
    expect(service(inv, 'notebooks', 'global', 'ml-prod')).toMatchObject({ status: 'failed', note: 'API disabled' });
  });

  it('reads the effective storage.publicAccessPrevention organization policy for buckets that inherit it', async () => {
    const base = readScenario('mocks/scenarios/basic-gcp.yaml');
    base.gcp.organizations[0].orgPolicies = { 'storage.publicAccessPrevention': { rules: [{ enforce: true }] } };
    const enforced = await withGcpMock(base, (mock) => scanThrough(mock, { projects: ['ml-prod', 'analytics-dev'], locations: ['us-central1'], services: ['storage'] }));
    const byName = (inv: Inventory, n: string) => ofKind(inv, 'gcp.storage.bucket').find((b) => b.name === n) as GcpStorageBucket;
    expect(byName(enforced, 'ml-prod-training-data').orgEnforcesPublicAccessPrevention).toBe(true);
    expect(byName(enforced, 'analytics-dev-scratch').orgEnforcesPublicAccessPrevention).toBe(true);
    // a bucket that enforces prevention itself does not depend on the organization policy
    expect(byName(enforced, 'ml-prod-models').orgEnforcesPublicAccessPrevention).toBeUndefined();
    expect(service(enforced, 'orgpolicy', 'global', 'ml-prod')).toMatchObject({ status: 'ok', calls: 1 });

    const denied = await withGcpMock({ ...readScenario('mocks/scenarios/basic-gcp.yaml'), faults: [{ service: 'resourcemanager', method: 'GetEffectivePolicy', error: 'PERMISSION_DENIED' }] }, (mock) =>
      scanThrough(mock, { projects: ['ml-prod'], services: ['storage'] }),
    );
    expect(byName(denied, 'ml-prod-training-data').gaps).toEqual([{ path: 'orgEnforcesPublicAccessPrevention', reason: 'permission denied: GetEffectivePolicy (needs orgpolicy.policy.get)' }]);
    expect(byName(denied, 'ml-prod-training-data').orgEnforcesPublicAccessPrevention).toBeUndefined();
    expect(service(denied, 'orgpolicy', 'global', 'ml-prod')?.status).toBe('partial');

    const open = await withGcpMock(readScenario('mocks/scenarios/basic-gcp.yaml'), (mock) => scanThrough(mock, { projects: ['ml-prod'], services: ['storage'] }));
    expect(byName(open, 'ml-prod-training-data').orgEnforcesPublicAccessPrevention).toBe(false);
  });

  it('Workbench: falls back to zone-by-zone listing when the wildcard parent is refused', async () => {
    const scenario = { ...readScenario('mocks/scenarios/basic-gcp.yaml'), faults: [{ service: 'notebooks', method: 'ListInstances', resource: 'projects/ml-prod/locations/-', error: 'NOT_FOUND' }] };
    const inv = await withGcpMock(scenario, (mock) => scanThrough(mock, { projects: ['ml-prod'], locations: ['us-central1'], services: ['notebooks'] }));
    expect(ids(inv, 'gcp.notebooks.instance')).toEqual(['projects/100000000001/locations/us-central1-a/instances/research-notebook']);
    expect(inv.coverage.failures).toEqual([]);
    expect(service(inv, 'notebooks', 'us-central1-a', 'ml-prod')).toMatchObject({ status: 'ok', calls: 1 });
    // only the zones of the scanned region are listed
    expect(inv.coverage.services.filter((s) => s.service === 'notebooks' && s.region !== 'global').every((s) => s.region.startsWith('us-central1-'))).toBe(true);
  });

  it('lists the Vertex AI locations through the Locations API when none are given', async () => {
    const inv = await withGcpMock(readScenario('mocks/scenarios/basic-gcp.yaml'), (mock) => scanThrough(mock, { projects: ['ml-prod'] }));
    expect(inv.targets[0].regions).toContain('us-central1');
    expect(inv.targets[0].regions.length).toBeGreaterThan(3);
    expect(ofKind(inv, 'gcp.vertexai.endpoint')).toHaveLength(1);
    expect(ofKind(inv, 'gcp.notebooks.instance')).toHaveLength(1);
  });
});

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
