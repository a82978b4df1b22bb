// Artifacts read in place from S3 and Cloud Storage through the real SDK clients talking to the mock cloud.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockCloud, type MockCloud } from '../../mocks/cloud.js';
import { buildTar, gzip } from '../../mocks/artifacts/containers.js';
import { buildPytorchZip } from '../../mocks/artifacts/models.js';
import { reduceCall } from '../../mocks/artifacts/pickle-builder.js';
import { scanArtifact } from '../../src/artifacts/scan-artifact.js';
import { scanModelArtifacts } from '../../src/artifacts/scan-models.js';
import { openSource } from '../../src/artifacts/sources/resolve.js';
import { artifactClients } from '../../src/cli/commands/scan-model.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory } from '../../src/model/inventory.js';
import { makeResource } from '../helpers/resources.js';

const T = [{ name: 'w', shape: [8, 8] }];
const evilTarGz = gzip(buildTar([{ name: 'model.pth', data: buildPytorchZip(T, { inject: (p) => p.global('os', 'system').str('id').tuple1().reduce().pop() }) }]));
const cleanTarGz = gzip(buildTar([{ name: 'model.pth', data: buildPytorchZip(T) }]));
const BIG = 64 * 1024 * 1024;

let cloud: MockCloud;
let env: Record<string, string>;

beforeAll(async () => {
  cloud = await startMockCloud({
    aws: {
      accountId: '111122223333',
      s3: {
        buckets: [
          {
            Name: 'ml-models',
            Objects: [
              { Key: 'evil/model.tar.gz', BodyBase64: evilTarGz.toString('base64') },
              { Key: 'clean/model.tar.gz', BodyBase64: cleanTarGz.toString('base64') },
              { Key: 'big/pytorch_model.bin', Size: BIG, Generator: 'pytorch-zip' },
            ],
          },
        ],
      },
    } as any,
    gcp: {
      projects: [
        {
          projectId: 'ml-prod',
          projectNumber: '100000000001',
          storage: {
            buckets: [
              {
                name: 'vertex-models',
                objects: [
                  { name: 'models/churn/model.pkl', bodyBase64: reduceCall('subprocess', 'Popen', 'id').toString('base64') },
                  { name: 'models/churn/README.txt', body: 'not a model' },
                ],
              },
            ],
          },
        },
      ],
    } as any,
  });
  env = { ...cloud.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', GOOGLE_CLOUD_PROJECT: 'ml-prod' };
});

afterAll(async () => {
  await cloud?.close();
});

describe('artifact sources through the SDKs', () => {
  it('scans s3:// tar.gz in one streaming pass', async () => {
    const r = await scanArtifact(openSource('s3://ml-models/evil/model.tar.gz', artifactClients(env), '/'));
    expect(r.verdict).toBe('malicious');
    expect(r.globals.find((g) => g.classification === 'dangerous')).toMatchObject({ module: 'os', name: 'system', member: 'model.pth!/archive/data.pkl', called: true });
    expect(r.bytesFetched).toBe(evilTarGz.length);
  });

  it('reads a large PyTorch zip in S3 by ranged reads of its directory and data.pkl only', async () => {
    const r = await scanArtifact(openSource('s3://ml-models/big/pytorch_model.bin', artifactClients(env), '/'));
    expect(r.verdict).toBe('clean');
    expect(r.format).toBe('pytorch-zip');
    expect(r.size).toBe(BIG);
    expect(r.bytesFetched / BIG).toBeLessThan(0.01);
  });

  it('scans gs:// objects', async () => {
    const r = await scanArtifact(openSource('gs://vertex-models/models/churn/model.pkl', artifactClients(env), '/'));
    expect(r.verdict).toBe('malicious');
    expect(r.globals.map((g) => `${g.module}.${g.name}`)).toEqual(['subprocess.Popen']);
  });

  it('reports a missing object as an error verdict', async () => {
    const r = await scanArtifact(openSource('s3://ml-models/nope.tar.gz', artifactClients(env), '/'));
    expect(r.verdict).toBe('error');
    expect(r.issues[0].message).toMatch(/HeadObject s3:\/\/ml-models\/nope.tar.gz/);
  });

  it('follows the artifacts an inventory references and links them to models and endpoints', async () => {
    const common = { account: '111122223333', region: 'us-east-1', provider: 'aws' };
    const resources = [
      makeResource('aws.sagemaker.model', { ...common, id: 'arn:aws:sagemaker:us-east-1:111122223333:model/churn', name: 'churn', containers: [{ modelDataUrl: 's3://ml-models/evil/model.tar.gz' }] }),
      makeResource('aws.sagemaker.model', { ...common, id: 'arn:aws:sagemaker:us-east-1:111122223333:model/ok', name: 'ok', containers: [{ modelDataUrl: 's3://ml-models/clean/model.tar.gz' }] }),
      makeResource('aws.sagemaker.endpoint-config', { ...common, id: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/churn-cfg', name: 'churn-cfg', productionVariants: [{ variantName: 'v', modelName: 'churn' }] }),
      makeResource('aws.sagemaker.endpoint', { ...common, id: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn-ep', name: 'churn-ep', endpointConfigName: 'churn-cfg' }),
      makeResource('gcp.vertexai.model', { provider: 'gcp', account: 'ml-prod', region: 'us-central1', id: 'projects/100000000001/locations/us-central1/models/7', name: 'churn', artifactUri: 'gs://vertex-models/models/churn/', deployedEndpoints: ['projects/100000000001/locations/us-central1/endpoints/9'] }),
    ];
    const inventory: Inventory = { schemaVersion: INVENTORY_SCHEMA_VERSION, generatedAt: '2025-01-01T00:00:00Z', targets: [], resources, edges: [], coverage: { services: [], failures: [] } };
    const out = await scanModelArtifacts(inventory, artifactClients(env));
    expect(out.artifacts.map((a) => [a.uri, a.verdict]).sort()).toEqual([
      ['gs://vertex-models/models/churn/model.pkl', 'malicious'],
      ['s3://ml-models/clean/model.tar.gz', 'clean'],
      ['s3://ml-models/evil/model.tar.gz', 'malicious'],
    ]);
    const art001 = out.findings.filter((f) => f.ruleId === 'ART-001');
    expect(art001.map((f) => f.resource.id).sort()).toEqual(['arn:aws:sagemaker:us-east-1:111122223333:model/churn', 'projects/100000000001/locations/us-central1/models/7']);
    expect(art001.find((f) => f.resource.name === 'churn' && f.resource.provider === 'aws')?.message).toMatch(/served by arn:aws:sagemaker:us-east-1:111122223333:endpoint\/churn-ep/);
    const annotated = out.inventory.resources.find((r) => r.id.endsWith('model/churn'));
    expect(annotated?.artifactScan).toEqual({ verdict: 'malicious', artifacts: [{ uri: 's3://ml-models/evil/model.tar.gz', verdict: 'malicious', format: 'tar' }] });
    expect(out.inventory.resources.find((r) => r.id.endsWith('model/ok'))?.artifactScan?.verdict).toBe('clean');
  });
});
