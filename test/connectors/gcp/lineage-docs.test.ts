// Lineage from the documented Vertex AI v1 and Notebooks v2 response shapes: every field that names a Cloud Storage
// location or another ML resource becomes the right edge (type, direction, bucket, prefix), and optional or absent
// fields neither crash nor invent one. References: the googleapis protos (google/cloud/aiplatform/v1/*.proto,
// v1beta1/schema/dataset_metadata.proto, google/cloud/notebooks/v2/gce_setup.proto) and the training task schemas.
import { describe, expect, it } from 'vitest';
import type { Edge } from '../../../src/model/index.js';
import { GcpVertexaiDataset, GcpVertexaiTrainingPipeline, Inventory } from '../../../src/model/index.js';
import { mapCustomJob, mapDataset, mapEndpoint, mapModel, mapTrainingPipeline } from '../../../src/connectors/gcp/map/vertex.js';
import { mapNotebookInstance } from '../../../src/connectors/gcp/map/notebook.js';
import { scanThrough, withGcpMock } from './helpers.js';

const scope = { projectId: 'ml-prod', projectNumber: '100000000001', location: 'us-central1' };
const base = 'projects/100000000001/locations/us-central1';
const gcs = (bucket: string) => `//storage.googleapis.com/projects/_/buckets/${bucket}`;
const sa = (email: string) => `projects/ml-prod/serviceAccounts/${email}`;
/** type, target and prefix of each edge, so a wrong direction, bucket or prefix shows in the diff */
const hops = (edges: readonly Edge[]) => edges.map((e) => `${e.from} ${e.type} ${e.to} ${e.prefix ?? '-'}`).sort();

describe('Vertex AI datasets (Dataset.metadata, per metadata_schema_uri)', () => {
  const ds = `${base}/datasets/1`;

  it('TablesDatasetMetadata.InputConfig.gcs_source.uri (repeated): one imports-from edge per file, prefix = object path', () => {
    const m = mapDataset({ name: ds, metadata: { inputConfig: { gcsSource: { uri: ['gs://raw-a/tables/part-1.csv', 'gs://raw-b/t/part-2.csv'] } } } }, scope);
    expect(GcpVertexaiDataset.parse(m.resource).gcsSources).toEqual(['gs://raw-a/tables/part-1.csv', 'gs://raw-b/t/part-2.csv']);
    expect(hops(m.edges)).toEqual([`${ds} imports-from ${gcs('raw-a')} tables/part-1.csv`, `${ds} imports-from ${gcs('raw-b')} t/part-2.csv`]);
  });

  it('TimeSeriesDatasetMetadata.InputConfig.gcs_source.uri: imports-from like a tabular dataset', () => {
    const m = mapDataset({ name: ds, metadata: { inputConfig: { gcsSource: { uri: ['gs://sales/daily.csv'] } }, timeColumn: 'date' } }, scope);
    expect(hops(m.edges)).toEqual([`${ds} imports-from ${gcs('sales')} daily.csv`]);
  });

  it('InputConfig.bigquery_source.uri (bq://project.dataset.table): no storage edge is invented', () => {
    const m = mapDataset({ name: ds, metadata: { inputConfig: { bigquerySource: { uri: 'bq://ml-prod.fraud.transactions' } } } }, scope);
    expect(m.resource.gcsSources).toEqual([]);
    expect(m.edges).toEqual([]);
  });

  it('Image/Text/VideoDatasetMetadata.gcs_bucket (a bucket name) holds the data items: imports-from the whole bucket', () => {
    const m = mapDataset({ name: ds, metadataSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml', metadata: { dataItemSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/dataitem/image_1.0.0.yaml', gcsBucket: 'cloud-ai-platform-3f1c' } }, scope);
    // the schema URIs are Google's read-only schema files, not data
    expect(hops(m.edges)).toEqual([`${ds} imports-from ${gcs('cloud-ai-platform-3f1c')} -`]);
  });

  it('metadata absent (or a gRPC null Value): no edges, no crash', () => {
    expect(mapDataset({ name: ds }, scope).edges).toEqual([]);
    expect(mapDataset({ name: ds, metadata: { nullValue: 'NULL_VALUE' } }, scope).edges).toEqual([]);
  });
});

describe('Vertex AI training pipelines (TrainingPipeline, InputDataConfig, training task inputs)', () => {
  const tp = `${base}/trainingPipelines/4`;

  it('custom task: datasetId, gcsDestination, workerPoolSpecs packageUris/args, baseOutputDirectory, modelToUpload, serviceAccount', () => {
    const m = mapTrainingPipeline(
      {
        name: tp,
        trainingTaskDefinition: 'gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml',
        state: 'PIPELINE_STATE_SUCCEEDED',
        // InputDataConfig.dataset_id: "The ID of the Dataset in the same Project and Location"
        // InputDataConfig.gcs_destination: "The Cloud Storage location where the training data is to be written to"
        // InputDataConfig.annotation_schema_uri: a Google schema file, not data
        inputDataConfig: { datasetId: '1', gcsDestination: { outputUriPrefix: 'gs://staging/export/' }, annotationSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/annotation/image_classification_1.0.0.yaml' },
        trainingTaskInputs: {
          workerPoolSpecs: [{ machineSpec: { machineType: 'n1-standard-4' }, replicaCount: '1', pythonPackageSpec: { executorImageUri: 'us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-12:latest', packageUris: ['gs://code/trainer-0.1.tar.gz'], pythonModule: 'trainer.task', args: ['--vocab=gs://refdata/vocab.txt'] } }],
          baseOutputDirectory: { outputUriPrefix: 'gs://runs/pipeline-4/' },
          serviceAccount: 'trainer@ml-prod.iam.gserviceaccount.com',
        },
        // model_to_upload: "When the Pipeline's state becomes PIPELINE_STATE_SUCCEEDED ... the model_to_upload's resource name is populated"
        modelToUpload: { name: `${base}/models/5`, displayName: 'm', artifactUri: 'gs://runs/pipeline-4/model/', containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-12:latest' } },
      },
      scope,
    );
    expect(GcpVertexaiTrainingPipeline.parse(m.resource)).toMatchObject({ datasetId: `${base}/datasets/1`, modelId: `${base}/models/5`, baseOutputDirectory: 'gs://runs/pipeline-4/', serviceAccount: 'trainer@ml-prod.iam.gserviceaccount.com' });
    expect(hops(m.edges)).toEqual([
      `${tp} produces ${base}/models/5 -`,
      `${tp} reads-from ${gcs('code')} trainer-0.1.tar.gz`,
      `${tp} reads-from ${gcs('refdata')} vocab.txt`,
      // InputDataConfig.gcs_destination: "All training input data is written into that directory", and the training
      // reads it from there through AIP_TRAINING_DATA_URI / AIP_VALIDATION_DATA_URI / AIP_TEST_DATA_URI
      `${tp} reads-from ${gcs('staging')} export/`,
      `${tp} reads-from ${base}/datasets/1 -`,
      `${tp} uses-role ${sa('trainer@ml-prod.iam.gserviceaccount.com')} -`,
      `${tp} writes-to ${gcs('runs')} pipeline-4/`,
      `${tp} writes-to ${gcs('runs')} pipeline-4/model/`,
      `${tp} writes-to ${gcs('staging')} export/`,
    ]);
  });

  it('modelToUpload.artifactUri: the pipeline writes the model it uploads there (writes-to, not reads-from)', () => {
    const m = mapTrainingPipeline({ name: tp, modelToUpload: { displayName: 'm', artifactUri: 'gs://models/fraud/v3/' }, modelId: 'fraud-v3' }, scope);
    expect(hops(m.edges)).toEqual([`${tp} produces ${base}/models/fraud-v3 -`, `${tp} writes-to ${gcs('models')} fraud/v3/`]);
  });

  it('hyperparameter tuning task: trialJobSpec (a CustomJobSpec) gives the inputs, output directory and service account', () => {
    const m = mapTrainingPipeline(
      {
        name: tp,
        trainingTaskDefinition: 'gs://google-cloud-aiplatform/schema/trainingjob/definition/hyperparameter_tuning_task_1.0.0.yaml',
        inputDataConfig: { datasetId: '1', gcsDestination: { outputUriPrefix: 'gs://staging/hp/' } },
        trainingTaskInputs: {
          studySpec: { metrics: [{ metricId: 'auc', goal: 'MAXIMIZE' }] },
          maxTrialCount: 8,
          parallelTrialCount: 2,
          trialJobSpec: {
            workerPoolSpecs: [{ containerSpec: { imageUri: 'us-docker.pkg.dev/p/r/trainer:1', args: ['--train=gs://raw/train/'] } }],
            baseOutputDirectory: { outputUriPrefix: 'gs://runs/hp-4/' },
            serviceAccount: 'tuner@ml-prod.iam.gserviceaccount.com',
            network: 'projects/100000000001/global/networks/ml',
          },
        },
      },
      scope,
    );
    expect(m.resource).toMatchObject({ baseOutputDirectory: 'gs://runs/hp-4/', serviceAccount: 'tuner@ml-prod.iam.gserviceaccount.com', network: 'projects/100000000001/global/networks/ml', inputUris: ['gs://raw/train/'] });
    expect(hops(m.edges)).toEqual([
      `${tp} reads-from ${gcs('raw')} train/`,
      `${tp} reads-from ${gcs('staging')} hp/`,
      `${tp} reads-from ${base}/datasets/1 -`,
      `${tp} uses-role ${sa('tuner@ml-prod.iam.gserviceaccount.com')} -`,
      `${tp} writes-to ${gcs('runs')} hp-4/`,
      `${tp} writes-to ${gcs('staging')} hp/`,
    ]);
    expect(m.serviceAccounts).toEqual(['tuner@ml-prod.iam.gserviceaccount.com']);
  });

  it('AutoML task with a BigQuery destination (bigqueryDestination, exportEvaluatedDataItemsConfig): only the dataset edge', () => {
    const m = mapTrainingPipeline(
      {
        name: tp,
        trainingTaskDefinition: 'gs://google-cloud-aiplatform/schema/trainingjob/definition/automl_tables_1.0.0.yaml',
        inputDataConfig: { datasetId: '1', bigqueryDestination: { outputUri: 'bq://ml-prod' } },
        trainingTaskInputs: { targetColumn: 'label', predictionType: 'classification', exportEvaluatedDataItemsConfig: { destinationBigqueryUri: 'bq://ml-prod.eval.items' } },
      },
      scope,
    );
    expect(hops(m.edges)).toEqual([`${tp} reads-from ${base}/datasets/1 -`]);
    expect(m.resource.inputUris).toEqual([]);
  });

  it('the produced model: modelToUpload.name (version suffix dropped), else parentModel, else modelId', () => {
    const produced = (o: Record<string, unknown>) => mapTrainingPipeline({ name: tp, ...o }, scope).edges.filter((e) => e.type === 'produces').map((e) => e.to);
    expect(produced({ modelToUpload: { name: `${base}/models/5@2` }, parentModel: `${base}/models/5`, modelId: 'ignored' })).toEqual([`${base}/models/5`]);
    // parent_model: "the model_to_upload will not be uploaded as a new model, instead, it will become a new version of this parent_model"
    expect(produced({ modelToUpload: { displayName: 'm' }, parentModel: `${base}/models/9`, modelId: 'ignored' })).toEqual([`${base}/models/9`]);
    // model_id: "The ID to use for the uploaded Model, which will become the final component of the model resource name"
    expect(produced({ modelId: 'churn' })).toEqual([`${base}/models/churn`]);
    expect(produced({})).toEqual([]);
  });

  it('only a name (every other field optional or output only): no edges, no crash', () => {
    const m = mapTrainingPipeline({ name: tp }, scope);
    expect(m.edges).toEqual([]);
    expect(GcpVertexaiTrainingPipeline.safeParse(m.resource).success).toBe(true);
  });
});

describe('Vertex AI custom jobs (CustomJob.job_spec: CustomJobSpec, WorkerPoolSpec)', () => {
  const job = `${base}/customJobs/6`;

  it('containerSpec command/args/env, pythonPackageSpec.packageUris: reads-from; baseOutputDirectory: writes-to; serviceAccount: uses-role', () => {
    const m = mapCustomJob(
      {
        name: job,
        jobSpec: {
          workerPoolSpecs: [
            { containerSpec: { imageUri: 'us-docker.pkg.dev/p/r/trainer:1', command: ['python', '-m', 'train'], args: ['--data', 'gs://raw/train/2025/'], env: [{ name: 'LABELS', value: 'gs://labels/v2/labels.csv' }] } },
            { pythonPackageSpec: { executorImageUri: 'us-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-1:latest', packageUris: ['gs://code/pkg/trainer-1.0.tar.gz'], pythonModule: 'trainer.task' } },
          ],
          baseOutputDirectory: { outputUriPrefix: 'gs://runs/job-6' },
          serviceAccount: 'trainer@ml-prod.iam.gserviceaccount.com',
        },
      },
      scope,
    );
    expect(hops(m.edges)).toEqual([
      `${job} reads-from ${gcs('code')} pkg/trainer-1.0.tar.gz`,
      `${job} reads-from ${gcs('labels')} v2/labels.csv`,
      `${job} reads-from ${gcs('raw')} train/2025/`,
      `${job} uses-role ${sa('trainer@ml-prod.iam.gserviceaccount.com')} -`,
      `${job} writes-to ${gcs('runs')} job-6`,
    ]);
    // container images are not storage
    expect(m.resource.images).toEqual(['us-docker.pkg.dev/p/r/trainer:1', 'us-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-1:latest']);
  });

  it('jobSpec without baseOutputDirectory or serviceAccount (both optional), or no jobSpec: no storage or role edge', () => {
    expect(mapCustomJob({ name: job, jobSpec: { workerPoolSpecs: [{ containerSpec: { imageUri: 'img' } }] } }, scope).edges).toEqual([]);
    expect(mapCustomJob({ name: job }, scope).edges).toEqual([]);
  });
});

describe('Vertex AI models (Model)', () => {
  const model = `${base}/models/5`;

  it('artifact_uri: stored-in with the prefix; training_pipeline: that pipeline produces the model; containerSpec.imageUri: no edge', () => {
    const m = mapModel({ name: model, artifactUri: 'gs://models/fraud/v3', trainingPipeline: `${base}/trainingPipelines/4`, containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest' } }, scope);
    expect(hops(m.edges)).toEqual([`${model} stored-in ${gcs('models')} fraud/v3`, `${base}/trainingPipelines/4 produces ${model} -`]);
    expect(m.edges.find((e) => e.type === 'stored-in')?.uri).toBe('gs://models/fraud/v3');
  });

  it('artifact_uri "Not required for AutoML Models" and training_pipeline absent: no edges', () => {
    expect(mapModel({ name: model, displayName: 'automl' }, scope).edges).toEqual([]);
  });
});

describe('Vertex AI endpoints (Endpoint.deployed_models: DeployedModel)', () => {
  const ep = `${base}/endpoints/7`;

  it('DeployedModel.model (full or version-specific name): serves; DeployedModel.service_account: uses-role', () => {
    const m = mapEndpoint(
      { name: ep, deployedModels: [{ id: '1', model: `${base}/models/5`, serviceAccount: 'serve@ml-prod.iam.gserviceaccount.com' }, { id: '2', model: `${base}/models/6@3` }] },
      scope,
    );
    expect(hops(m.edges)).toEqual([`${ep} serves ${base}/models/5 -`, `${ep} serves ${base}/models/6 -`, `${ep} uses-role ${sa('serve@ml-prod.iam.gserviceaccount.com')} -`]);
  });

  it('a deployed model without a model name (an empty gRPC default) invents no edge; no deployed models: no edges', () => {
    expect(mapEndpoint({ name: ep, deployedModels: [{ id: '1', model: '' }] }, scope).edges).toEqual([]);
    expect(mapEndpoint({ name: ep, deployedModels: [{ id: '1' }] }, scope).edges).toEqual([]);
    expect(mapEndpoint({ name: ep }, scope).edges).toEqual([]);
  });
});

describe('Workbench instances (Notebooks v2 Instance.gce_setup)', () => {
  const nb = 'projects/ml-prod/locations/us-central1-a/instances/nb';
  const map = (gceSetup: Record<string, unknown>) => mapNotebookInstance({ name: nb, gceSetup }, { ...scope, zone: 'us-central1-a' });

  it('serviceAccounts[0].email: uses-role; metadata post-startup-script on gs://: reads-from the script object', () => {
    const m = map({ serviceAccounts: [{ email: 'nb@ml-prod.iam.gserviceaccount.com' }], metadata: { 'post-startup-script': 'gs://nb-scripts/setup/init.sh', 'idle-timeout-seconds': '3600' }, dataDisks: [{ diskSizeGb: '100', diskType: 'PD_BALANCED' }] });
    expect(hops(m.edges)).toEqual([`${nb} reads-from ${gcs('nb-scripts')} setup/init.sh`, `${nb} uses-role ${sa('nb@ml-prod.iam.gserviceaccount.com')} -`]);
  });

  it('a post-startup script at an https URL, data disks, and no service account: no storage or role edge', () => {
    expect(map({ metadata: { 'post-startup-script': 'https://example.com/init.sh' }, dataDisks: [{ diskSizeGb: '100' }] }).edges).toEqual([]);
    expect(map({}).edges).toEqual([]);
  });
});

describe('through the Vertex AI and Notebooks fakes and the Google clients (Struct-encoded task inputs, metadata maps)', () => {
  it('a hyperparameter tuning pipeline, a custom job, an uploaded model and a Workbench post-startup script keep their edges', async () => {
    const scenario = {
      projects: [
        {
          projectId: 'ml-prod',
          projectNumber: '100000000001',
          vertex: {
            locations: {
              'us-central1': {
                trainingPipelines: [
                  {
                    name: '4',
                    displayName: 'hp',
                    state: 'PIPELINE_STATE_SUCCEEDED',
                    inputDataConfig: { datasetId: '1', gcsDestination: { outputUriPrefix: 'gs://staging/hp/' } },
                    trainingTaskInputs: { trialJobSpec: { workerPoolSpecs: [{ containerSpec: { imageUri: 'img', args: ['--train=gs://raw/train/'] } }], baseOutputDirectory: { outputUriPrefix: 'gs://runs/hp-4/' }, serviceAccount: 'tuner@ml-prod.iam.gserviceaccount.com' } },
                    modelToUpload: { displayName: 'm', artifactUri: 'gs://models/m5/' },
                    modelId: '5',
                  },
                ],
                customJobs: [{ name: '6', displayName: 'job', state: 'JOB_STATE_SUCCEEDED', jobSpec: { workerPoolSpecs: [{ pythonPackageSpec: { executorImageUri: 'img', packageUris: ['gs://code/trainer.tar.gz'], pythonModule: 'trainer.task' } }], baseOutputDirectory: { outputUriPrefix: 'gs://runs/job-6/' } } }],
              },
            },
          },
          notebooks: { locations: { 'us-central1-a': { instances: [{ name: 'nb', gceSetup: { metadata: { 'post-startup-script': 'gs://nb-scripts/init.sh' } } }] } } },
        },
      ],
    };
    await withGcpMock(scenario, async (mock) => {
      const inv: Inventory = await scanThrough(mock, { projects: ['ml-prod'], locations: ['us-central1'] });
      const tp = `${base}/trainingPipelines/4`;
      const job = `${base}/customJobs/6`;
      const nb = 'projects/100000000001/locations/us-central1-a/instances/nb';
      expect(hops(inv.edges.filter((e) => e.type !== 'uses-role' && [tp, job, nb].includes(e.from)))).toEqual([
        `${nb} reads-from ${gcs('nb-scripts')} init.sh`,
        `${job} reads-from ${gcs('code')} trainer.tar.gz`,
        `${job} writes-to ${gcs('runs')} job-6/`,
        `${tp} produces ${base}/models/5 -`,
        `${tp} reads-from ${gcs('raw')} train/`,
        `${tp} reads-from ${gcs('staging')} hp/`,
        `${tp} reads-from ${base}/datasets/1 -`,
        `${tp} writes-to ${gcs('models')} m5/`,
        `${tp} writes-to ${gcs('runs')} hp-4/`,
        `${tp} writes-to ${gcs('staging')} hp/`,
      ]);
      expect(inv.edges.some((e) => e.from === tp && e.type === 'uses-role' && e.to === sa('tuner@ml-prod.iam.gserviceaccount.com'))).toBe(true);
    });
  });
});
