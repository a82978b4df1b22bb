import { describe, expect, it } from 'vitest';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { buildCycloneDx, cyclonedxReporter } from '../../src/reporters/cyclonedx.js';
import type { ScanResult } from '../../src/model/scan-result.js';
import { makeResource } from '../helpers/resources.js';
import { makeFinding } from '../helpers/findings.js';

const P = 'projects/100000000001/locations/us-central1';
const bucket = makeResource('gcp.storage.bucket', { id: '//storage.googleapis.com/projects/_/buckets/ml-raw', name: 'ml-raw', account: 'ml-prod' });
const dataset = makeResource('gcp.vertexai.dataset', { id: `${P}/datasets/1`, name: 'fraud-images', account: 'ml-prod', gcsSources: ['gs://ml-raw/train/'] });
const pipeline = makeResource('gcp.vertexai.training-pipeline', { id: `${P}/trainingPipelines/2`, name: 'train-fraud', account: 'ml-prod' });
const model = makeResource('gcp.vertexai.model', { id: `${P}/models/3`, name: 'fraud-v3', account: 'ml-prod', artifactUri: 'gs://ml-models/fraud/v3/' });
const endpoint = makeResource('gcp.vertexai.endpoint', { id: `${P}/endpoints/4`, name: 'fraud-prod', account: 'ml-prod', publicEndpoint: true });
const smJob = makeResource('aws.sagemaker.training-job', { id: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/churn', name: 'churn' });
const smModel = makeResource('aws.sagemaker.model', { id: 'arn:aws:sagemaker:us-east-1:111122223333:model/churn', name: 'churn' });
const smCfg = makeResource('aws.sagemaker.endpoint-config', { id: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/churn', name: 'churn-cfg' });
const smEp = makeResource('aws.sagemaker.endpoint', { id: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn', name: 'churn-prod' });
const s3 = makeResource('aws.s3.bucket', { id: 'arn:aws:s3:::churn-data', name: 'churn-data', arn: 'arn:aws:s3:::churn-data' });

const result: ScanResult = {
  tool: { name: 'aispm', version: '0.1.0' },
  scanId: '3f1c2b9e-7d4a-4c1e-9a51-2b8d0c6e4f10',
  startedAt: '2026-11-26T00:00:00.000Z',
  finishedAt: '2026-11-26T00:01:00.000Z',
  inventory: {
    schemaVersion: 1,
    generatedAt: '2026-11-26T00:01:00.000Z',
    targets: [],
    resources: [bucket, dataset, pipeline, model, endpoint, smJob, smModel, smCfg, smEp, s3],
    edges: [
      { from: dataset.id, to: bucket.id, type: 'imports-from', prefix: 'train/', uri: 'gs://ml-raw/train/' },
      { from: pipeline.id, to: dataset.id, type: 'reads-from' },
      { from: pipeline.id, to: model.id, type: 'produces' },
      { from: model.id, to: '//storage.googleapis.com/projects/_/buckets/ml-models', type: 'stored-in', prefix: 'fraud/v3/', uri: 'gs://ml-models/fraud/v3/' },
      { from: endpoint.id, to: model.id, type: 'serves' },
      { from: smJob.id, to: s3.id, type: 'reads-from', prefix: 'train/', uri: 's3://churn-data/train/' },
      { from: smJob.id, to: smModel.id, type: 'produces' },
      { from: smCfg.id, to: smModel.id, type: 'uses' },
      { from: smEp.id, to: smCfg.id, type: 'uses' },
    ],
    coverage: { services: [], failures: [] },
  },
  rules: [],
  findings: [makeFinding('GCP-VTX-001', endpoint.id, 'high')].map((f) => ({ ...f, resource: { ...f.resource, id: endpoint.id } })),
  artifacts: [],
  suppressions: { stale: [], expired: [] },
  fixed: [],
};

describe('CycloneDX AI-BOM', () => {
  const bom = buildCycloneDx(result) as any;
  const byRef = (ref: string) => bom.components.find((c: any) => c['bom-ref'] === ref);

  it('maps models, datasets, training-data locations and endpoints', () => {
    expect(bom.specVersion).toBe('1.6');
    expect(byRef(model.id).type).toBe('machine-learning-model');
    expect(byRef(model.id).externalReferences).toEqual([{ type: 'distribution', url: 'gs://ml-models/fraud/v3/', comment: 'model artifact' }]);
    expect(byRef(dataset.id).type).toBe('data');
    expect(byRef('gs://ml-raw/train/').data).toEqual([{ type: 'dataset', name: 'gs://ml-raw/train/', contents: { url: 'gs://ml-raw/train/' } }]);
    expect(bom.services.map((s: any) => s['bom-ref']).sort()).toEqual([endpoint.id, smEp.id].sort());
    expect(bom.services.find((s: any) => s['bom-ref'] === endpoint.id).properties).toContainEqual({ name: 'aispm:findings:high', value: '1' });
  });

  it('puts the training data in the model card and lineage in dependencies', () => {
    expect(byRef(model.id).modelCard).toEqual({ modelParameters: { datasets: [{ ref: dataset.id }] } });
    expect(byRef(smModel.id).modelCard).toEqual({ modelParameters: { datasets: [{ ref: 's3://churn-data/train/' }] } });
    const deps = Object.fromEntries(bom.dependencies.map((d: any) => [d.ref, d.dependsOn ?? []]));
    expect(deps[dataset.id]).toEqual(['gs://ml-raw/train/']);
    expect(deps[model.id]).toEqual([dataset.id]);
    expect(deps[endpoint.id]).toEqual([model.id]);
    expect(deps[smEp.id]).toEqual([smModel.id]);
  });

  it('validates against the CycloneDX 1.6 JSON schema', async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    expect(await validator.validate(cyclonedxReporter.render(result, { color: false }))).toBeNull();
  });
});
