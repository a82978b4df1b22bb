import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v1 } from '@google-cloud/aiplatform';
import { startGcpMock, type GcpMockHandle } from '../../../mocks/gcp/start.js';
import type { GcpScenarioInput } from '../../../mocks/gcp/scenario.js';
import { failure, grpcOptions } from './helpers.js';

const PARENT = 'projects/ml-prod/locations/us-central1';
const NUM = 'projects/100000000001/locations/us-central1';
const datasets = Array.from({ length: 7 }, (_, i) => ({
  name: String(3000 + i),
  displayName: `ds-${i}`,
  metadataSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml',
  metadata: { inputConfig: { gcsSource: { uri: [`gs://data/prefix-${i}/import.jsonl`] } } },
  encryptionSpec: i === 0 ? { kmsKeyName: 'projects/ml-prod/locations/us-central1/keyRings/r/cryptoKeys/k' } : undefined,
  createTime: '2024-05-01T10:00:00.250Z',
}));

const scenario: GcpScenarioInput = {
  gcp: {
    projects: [
      {
        projectId: 'ml-prod',
        projectNumber: '100000000001',
        vertex: {
          locations: {
            'us-central1': {
              datasets,
              trainingPipelines: [{ name: '4001', displayName: 'p', state: 'PIPELINE_STATE_SUCCEEDED', inputDataConfig: { datasetId: '3000', gcsDestination: { outputUriPrefix: 'gs://out/p/' } }, modelToUpload: { artifactUri: 'gs://models/m/' }, modelId: '5001' }],
              customJobs: [{ name: '6001', displayName: 'j', jobSpec: { workerPoolSpecs: [{ machineSpec: { machineType: 'n1-standard-4' }, replicaCount: '1', containerSpec: { imageUri: 'img' } }], serviceAccount: '100000000001-compute@developer.gserviceaccount.com', baseOutputDirectory: { outputUriPrefix: 'gs://out/j/' } } }],
              models: [{ name: '5001', displayName: 'm', artifactUri: 'gs://models/m/' }],
              endpoints: [{ name: '7001', displayName: 'e', deployedModels: [{ id: '8001', model: `${NUM}/models/5001` }], trafficSplit: { 8001: 100 } }],
            },
            'europe-west4': { models: [{ displayName: 'eu-model' }] },
          },
        },
      },
      { projectId: 'vertex-off', vertex: { locations: { 'us-central1': { datasets: [{ displayName: 'hidden' }] } } }, apisDisabled: ['aiplatform.googleapis.com'] },
      { projectId: 'faulty-one', projectNumber: '100000000003' },
    ],
  },
  faults: [
    { service: 'aiplatform', method: 'ListDatasets', resource: 'projects/faulty-one/locations/us-central1', error: 'PERMISSION_DENIED' },
    { service: 'aiplatform', method: 'ListModels', resource: 'projects/100000000003', error: 'RESOURCE_EXHAUSTED' },
    { service: 'aiplatform', method: 'ListEndpoints', resource: 'projects/faulty-one', error: 'UNAVAILABLE' },
    { service: 'aiplatform', method: 'ListCustomJobs', resource: 'projects/faulty-one', error: 404 },
  ],
};

let mock: GcpMockHandle;
let clients: {
  datasets: v1.DatasetServiceClient; pipelines: v1.PipelineServiceClient; jobs: v1.JobServiceClient;
  models: v1.ModelServiceClient; endpoints: v1.EndpointServiceClient;
};
beforeAll(async () => {
  mock = await startGcpMock(scenario);
  const o = grpcOptions(mock.env.AISPM_GCP_AIPLATFORM_ENDPOINT);
  clients = {
    datasets: new v1.DatasetServiceClient(o), pipelines: new v1.PipelineServiceClient(o), jobs: new v1.JobServiceClient(o),
    models: new v1.ModelServiceClient(o), endpoints: new v1.EndpointServiceClient(o),
  };
});
afterAll(async () => {
  await Promise.all(Object.values(clients ?? {}).map((c) => c.close()));
  await mock?.close();
});

describe('Vertex AI fake through @google-cloud/aiplatform over gRPC', () => {
  it('lists datasets across 4 pages with names in project-number form and proto3 fields intact', async () => {
    const before = mock.stats.snapshot().aiplatform.methods.ListDatasets?.requests ?? 0;
    const [all] = await clients.datasets.listDatasets({ parent: PARENT, pageSize: 2 });
    expect(all.map((d) => d.name)).toEqual(datasets.map((d) => `${NUM}/datasets/${d.name}`));
    expect(mock.stats.snapshot().aiplatform.methods.ListDatasets.requests - before).toBe(4);
    const first = all[0];
    expect(first.displayName).toBe('ds-0');
    expect(first.encryptionSpec?.kmsKeyName).toContain('cryptoKeys/k');
    expect(first.createTime).toEqual({ seconds: '1714557600', nanos: 250000000 });
    const uri = first.metadata?.structValue?.fields?.inputConfig?.structValue?.fields?.gcsSource?.structValue?.fields?.uri;
    expect(uri?.listValue?.values?.[0]?.stringValue).toBe('gs://data/prefix-0/import.jsonl');
  });

  it('pages lazily with page tokens', async () => {
    const [page, next] = await clients.datasets.listDatasets({ parent: PARENT, pageSize: 3 }, { autoPaginate: false });
    expect(page.length).toBe(3);
    expect(next?.pageToken).toBeTruthy();
    const [page2] = await clients.datasets.listDatasets({ parent: PARENT, pageSize: 3, pageToken: next!.pageToken! }, { autoPaginate: false });
    expect(page2[0].displayName).toBe('ds-3');
    expect((await failure(clients.datasets.listDatasets({ parent: PARENT, pageToken: 'garbage' }))).code).toBe(3);
  });

  it('serves every collection by list and get, routed by location', async () => {
    const [pipelines] = await clients.pipelines.listTrainingPipelines({ parent: PARENT });
    expect(pipelines.map((p) => [p.name, p.state, p.inputDataConfig?.datasetId, p.modelToUpload?.artifactUri, p.modelId]))
      .toEqual([[`${NUM}/trainingPipelines/4001`, 'PIPELINE_STATE_SUCCEEDED', '3000', 'gs://models/m/', '5001']]);
    const [jobs] = await clients.jobs.listCustomJobs({ parent: PARENT });
    expect(jobs[0].jobSpec?.serviceAccount).toBe('100000000001-compute@developer.gserviceaccount.com');
    expect(jobs[0].jobSpec?.workerPoolSpecs?.[0]?.replicaCount).toBe('1');
    const [models] = await clients.models.listModels({ parent: PARENT });
    expect(models.map((m) => m.artifactUri)).toEqual(['gs://models/m/']);
    const [eu] = await clients.models.listModels({ parent: 'projects/ml-prod/locations/europe-west4' });
    expect(eu.map((m) => m.displayName)).toEqual(['eu-model']);
    const [endpoints] = await clients.endpoints.listEndpoints({ parent: PARENT });
    expect(endpoints[0].deployedModels?.[0]?.model).toBe(`${NUM}/models/5001`);
    expect(endpoints[0].trafficSplit).toEqual({ 8001: 100 });
    const [none] = await clients.datasets.listDatasets({ parent: 'projects/ml-prod/locations/asia-east1' });
    expect(none).toEqual([]);

    expect((await clients.datasets.getDataset({ name: `${PARENT}/datasets/3001` }))[0].displayName).toBe('ds-1');
    expect((await clients.pipelines.getTrainingPipeline({ name: `${NUM}/trainingPipelines/4001` }))[0].displayName).toBe('p');
    expect((await clients.jobs.getCustomJob({ name: `${PARENT}/customJobs/6001` }))[0].displayName).toBe('j');
    expect((await clients.models.getModel({ name: `${PARENT}/models/5001` }))[0].displayName).toBe('m');
    expect((await clients.endpoints.getEndpoint({ name: `${PARENT}/endpoints/7001` }))[0].displayName).toBe('e');
    expect((await failure(clients.models.getModel({ name: `${PARENT}/models/404` }, { retry: null as any }))).code).toBe(5);
  });

  it('lists Vertex locations through the Locations mixin', async () => {
    const ids: string[] = [];
    for await (const l of clients.datasets.listLocationsAsync({ name: 'projects/ml-prod' })) ids.push(l.locationId!);
    expect(ids).toContain('us-central1');
    expect(ids).toContain('europe-west4');
    expect(ids.length).toBeGreaterThan(30);
  });

  it('surfaces each error kind with its gRPC status code', async () => {
    const p = 'projects/faulty-one/locations/us-central1';
    expect((await failure(clients.datasets.listDatasets({ parent: p }))).code).toBe(7);
    expect((await failure(clients.models.listModels({ parent: p }))).code).toBe(8);
    expect((await failure(clients.endpoints.listEndpoints({ parent: p }))).code).toBe(14);
    expect((await failure(clients.jobs.listCustomJobs({ parent: p }))).code).toBe(5);
    const unknown = await failure(clients.datasets.listDatasets({ parent: 'projects/nobody/locations/us-central1' }));
    expect(unknown.code).toBe(7);
  });

  it('answers a disabled API with PERMISSION_DENIED and ErrorInfo reason SERVICE_DISABLED', async () => {
    const err = await failure(clients.datasets.listDatasets({ parent: 'projects/vertex-off/locations/us-central1' }));
    expect(err.code).toBe(7);
    expect(err.reason).toBe('SERVICE_DISABLED');
    expect(err.message).toContain('Vertex AI API has not been used in project');
  });

  it('throttles with RESOURCE_EXHAUSTED above the rate limit', async () => {
    const m = await startGcpMock({ ...scenario, faults: [], rateLimits: { aiplatform: { perSecond: 0.001, burst: 1 } } });
    const c = new v1.ModelServiceClient(grpcOptions(m.grpcEndpoint));
    try {
      await c.listModels({ parent: PARENT });
      const err = await failure(c.listModels({ parent: PARENT }));
      expect(err.code).toBe(8);
      expect(err.reason).toBe('RATE_LIMIT_EXCEEDED');
      expect(m.stats.snapshot().aiplatform.methods.ListModels).toEqual({ requests: 2, throttled: 1, faults: 0 });
    } finally {
      await c.close();
      await m.close();
    }
  });

  it('rejects a scenario field the proto does not have, naming its path', async () => {
    const bad: GcpScenarioInput = { gcp: { projects: [{ projectId: 'ml-prod', vertex: { locations: { 'us-central1': { models: [{ displayName: 'm', artifactURI: 'gs://x' }] } } } }] } };
    await expect(startGcpMock(bad)).rejects.toThrow(/\$\.gcp\.projects\[0\]\.vertex\.locations\.us-central1\.models\[0\]\.artifactURI: google\.cloud\.aiplatform\.v1\.Model has no field artifactURI/);
  });
});
