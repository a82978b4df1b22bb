// Lineage from documented response shapes: each case feeds the fields an AWS API Reference page documents (through the
// mock cloud and the real SDK clients, so the field names are the SDK's deserializer's) and asserts the edges: type,
// direction, bucket id, prefix. Absent optional fields must neither crash nor invent an edge.
import { describe, expect, it } from 'vitest';
import type { Edge } from '../../../src/model/index.js';
import { lineageEdges, s3UriOfHttps } from '../../../src/connectors/aws/lineage.js';
import { mapCustomizationJob, mapDataSource, mapKnowledgeBase } from '../../../src/connectors/aws/bedrock-mapping.js';
import { mapEndpoint, mapEndpointConfig, mapModel, mapProcessingJob, mapTrainingJob, modelPackageDataUrls } from '../../../src/connectors/aws/sagemaker-mapping.js';
import { ACCOUNT, byId, collectFromMock } from './helpers.js';

const sm = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${type}/${name}`;
const br = (type: string, name: string) => `arn:aws:bedrock:us-east-1:${ACCOUNT}:${type}/${name}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const bucket = (name: string) => `arn:aws:s3:::${name}`;
const scope = { account: ACCOUNT, region: 'us-east-1' };
const required = { ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 }, StoppingCondition: { MaxRuntimeInSeconds: 3600 } };

const estate = {
  // the endpoint config's execution role does not trust a service the scan looks for: collected only because the config names it
  iam: { Roles: [{ RoleName: 'ic', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] } }] },
  regions: {
    'us-east-1': {
      sagemaker: {
        TrainingJobs: [
          {
            TrainingJobName: 'fraud-7',
            TrainingJobStatus: 'Completed',
            RoleArn: role('train'),
            AlgorithmSpecification: { TrainingImage: 'img', TrainingInputMode: 'File' },
            InputDataConfig: [
              { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://train-data/fraud/train/' } } },
              { ChannelName: 'manifest', DataSource: { S3DataSource: { S3DataType: 'AugmentedManifestFile', S3Uri: 's3://labels/fraud/out.manifest', AttributeNames: ['source-ref', 'label'] } } },
              { ChannelName: 'efs', DataSource: { FileSystemDataSource: { FileSystemId: 'fs-0123', FileSystemAccessMode: 'ro', FileSystemType: 'EFS', DirectoryPath: '/data' } } },
            ],
            OutputDataConfig: { S3OutputPath: 's3://artifacts/fraud' },
            ModelArtifacts: { S3ModelArtifacts: 's3://artifacts/fraud/fraud-7/output/model.tar.gz' },
            CheckpointConfig: { S3Uri: 's3://ckpt/fraud-7/', LocalPath: '/opt/ml/checkpoints' },
            DebugHookConfig: { S3OutputPath: 's3://debug/hook/' },
            DebugRuleConfigurations: [{ RuleConfigurationName: 'LossNotDecreasing', RuleEvaluatorImage: 'rule-img', S3OutputPath: 's3://debug/rules/' }],
            TensorBoardOutputConfig: { S3OutputPath: 's3://tb/fraud/' },
            ProfilerConfig: { S3OutputPath: 's3://profiler/' },
            ProfilerRuleConfigurations: [{ RuleConfigurationName: 'ProfilerReport', RuleEvaluatorImage: 'rule-img', S3OutputPath: 's3://profiler/rules/' }],
            ...required,
          },
          // only the fields DescribeTrainingJob always returns: no channels, no output, no role
          { TrainingJobName: 'bare', TrainingJobStatus: 'InProgress', AlgorithmSpecification: { TrainingInputMode: 'File' }, ...required },
        ],
        ProcessingJobs: [
          {
            ProcessingJobName: 'prep',
            ProcessingJobStatus: 'Completed',
            RoleArn: role('proc'),
            AppSpecification: { ImageUri: 'img' },
            ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 10 } },
            ProcessingInputs: [
              { InputName: 'raw', S3Input: { S3Uri: 's3://raw/events/', LocalPath: '/opt/ml/processing/input', S3DataType: 'S3Prefix', S3InputMode: 'File' } },
              { InputName: 'athena', DatasetDefinition: { LocalPath: '/opt/ml/processing/athena', AthenaDatasetDefinition: { Catalog: 'AwsDataCatalog', Database: 'db', QueryString: 'select 1', OutputS3Uri: 's3://athena-results/prep/', OutputFormat: 'PARQUET' } } },
              { InputName: 'redshift', DatasetDefinition: { LocalPath: '/opt/ml/processing/rs', RedshiftDatasetDefinition: { ClusterId: 'c', Database: 'd', DbUser: 'u', QueryString: 'select 1', ClusterRoleArn: role('rs'), OutputS3Uri: 's3://redshift-unload/prep/', OutputFormat: 'CSV' } } },
            ],
            ProcessingOutputConfig: {
              Outputs: [
                { OutputName: 'features', S3Output: { S3Uri: 's3://train-data/fraud/train/', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } },
                { OutputName: 'fs', FeatureStoreOutput: { FeatureGroupName: 'fg' } },
              ],
            },
          },
        ],
        Models: [
          {
            ModelName: 'fraud-model',
            ExecutionRoleArn: role('serve'),
            PrimaryContainer: { Image: 'img', ModelDataUrl: 's3://artifacts/fraud/fraud-7/output/model.tar.gz' },
          },
          {
            ModelName: 'llm',
            ExecutionRoleArn: role('serve'),
            Containers: [
              {
                Image: 'img',
                ModelDataSource: { S3DataSource: { S3Uri: 's3://llm-weights/base/', S3DataType: 'S3Prefix', CompressionType: 'None', ManifestS3Uri: 's3://llm-weights/manifest.json' } },
                AdditionalModelDataSources: [{ ChannelName: 'draft', S3DataSource: { S3Uri: 's3://draft-weights/d/', S3DataType: 'S3Prefix', CompressionType: 'None' } }],
              },
              { Image: 'img2', ModelPackageName: sm('model-package', 'fraud-pkgs/1') },
            ],
          },
          { ModelName: 'image-only', PrimaryContainer: { Image: 'img' } },
        ],
        EndpointConfigs: [
          {
            EndpointConfigName: 'fraud-cfg',
            ProductionVariants: [{ VariantName: 'main', ModelName: 'fraud-model', InstanceType: 'ml.m5.large' }],
            ShadowProductionVariants: [{ VariantName: 'shadow', ModelName: 'llm', InstanceType: 'ml.m5.large' }],
            DataCaptureConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: 's3://capture/fraud/', CaptureOptions: [{ CaptureMode: 'Input' }] },
            AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://async/out/', S3FailurePath: 's3://async/failed/' } },
            ExecutionRoleArn: role('ic'),
          },
          { EndpointConfigName: 'component-cfg', ProductionVariants: [{ VariantName: 'ic', InstanceType: 'ml.g5.xlarge' }] },
        ],
        Endpoints: [
          {
            EndpointName: 'fraud',
            EndpointConfigName: 'fraud-cfg',
            EndpointStatus: 'InService',
            DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 100, DestinationS3Uri: 's3://capture/fraud/' },
            AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://async/out/', S3FailurePath: 's3://async/failed/' } },
          },
        ],
        NotebookInstances: [{ NotebookInstanceName: 'nb', NotebookInstanceStatus: 'InService', RoleArn: role('nb') }],
        ModelPackageGroups: [
          {
            ModelPackageGroupName: 'fraud-pkgs',
            ModelPackages: [
              {
                ModelApprovalStatus: 'Approved',
                InferenceSpecification: {
                  Containers: [{ Image: 'img', ModelDataUrl: 's3://registry/fraud/1/model.tar.gz' }, { Image: 'img', ModelDataSource: { S3DataSource: { S3Uri: 's3://registry/fraud/1/extra/', S3DataType: 'S3Prefix', CompressionType: 'None' } } }],
                  SupportedContentTypes: ['text/csv'],
                  SupportedResponseMIMETypes: ['text/csv'],
                },
                AdditionalInferenceSpecifications: [{ Name: 'gpu', Containers: [{ Image: 'img-gpu', ModelDataUrl: 's3://registry/fraud/1/gpu/model.tar.gz' }] }],
                SourceAlgorithmSpecification: { SourceAlgorithms: [{ AlgorithmName: 'xgb', ModelDataUrl: 's3://registry/fraud/1/algo/model.tar.gz' }] },
              },
            ],
          },
        ],
      },
      bedrock: {
        ModelCustomizationJobs: [
          {
            jobName: 'ft',
            outputModelName: 'ft-model',
            outputModelArn: br('custom-model', 'ft-model'),
            roleArn: role('br'),
            baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
            trainingDataConfig: { s3Uri: 's3://ft-data/train.jsonl' },
            validationDataConfig: { validators: [{ s3Uri: 's3://ft-data/validation.jsonl' }] },
            outputDataConfig: { s3Uri: 's3://ft-output/ft/' },
          },
          {
            jobName: 'distill',
            outputModelName: 'distilled',
            roleArn: role('br'),
            baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
            customizationType: 'DISTILLATION',
            trainingDataConfig: { invocationLogsConfig: { usePromptResponse: true, invocationLogSource: { s3Uri: 's3://invocation-logs/AWSLogs/' } } },
            outputDataConfig: { s3Uri: 's3://ft-output/distill/' },
          },
        ],
        CustomModels: [{ modelName: 'ft-model', jobArn: br('model-customization-job', 'ft'), baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1' }],
      },
      bedrockAgent: {
        KnowledgeBases: [
          {
            knowledgeBaseId: 'KB1',
            name: 'support',
            roleArn: role('kb'),
            status: 'ACTIVE',
            DataSources: [
              { dataSourceId: 'DS1', name: 'faq', status: 'AVAILABLE', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::kb-docs', inclusionPrefixes: ['faq/', 'policies/2025/'] } } },
              { dataSourceId: 'DS2', name: 'partner', status: 'AVAILABLE', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::partner-docs', bucketOwnerAccountId: '444455556666' } } },
              { dataSourceId: 'DS3', name: 'web', status: 'AVAILABLE', dataSourceConfiguration: { type: 'WEB', webConfiguration: { sourceConfiguration: { urlConfiguration: { seedUrls: [{ url: 'https://example.com/' }] } } } } },
            ],
          },
        ],
      },
    },
  },
};

const collected = collectFromMock(estate);

async function edgesFrom(id: string): Promise<Edge[]> {
  const { inventory } = await collected;
  return inventory.edges.filter((e) => e.from === id);
}
/** The storage edges of a resource as `type bucket prefix` lines, sorted. */
async function storageEdges(id: string): Promise<string[]> {
  return (await edgesFrom(id)).filter((e) => e.to.startsWith('arn:aws:s3:::')).map((e) => `${e.type} ${e.to} ${e.prefix ?? ''}`.trim()).sort();
}
const edge = (from: string, type: string, to: string, extra: Partial<Edge> = {}) => expect.objectContaining({ from, type, to, ...extra });

describe('AWS lineage from documented response shapes, through the mock cloud and the SDK', () => {
  it('DescribeTrainingJob: channels, output, model artifacts, checkpoints, Debugger/TensorBoard/Profiler outputs, role', async () => {
    const job = sm('training-job', 'fraud-7');
    expect(await storageEdges(job)).toEqual(
      [
        // InputDataConfig[].DataSource.S3DataSource.S3Uri (S3Prefix, and an AugmentedManifestFile: the manifest object)
        `reads-from ${bucket('train-data')} fraud/train/`,
        `reads-from ${bucket('labels')} fraud/out.manifest`,
        // OutputDataConfig.S3OutputPath and ModelArtifacts.S3ModelArtifacts
        `writes-to ${bucket('artifacts')} fraud`,
        `writes-to ${bucket('artifacts')} fraud/fraud-7/output/model.tar.gz`,
        // API_CheckpointConfig S3Uri: uploaded during training; "checkpoints from this S3 bucket are restored to
        // checkpoint_local_path" when training resumes (Developer Guide, model-checkpoints-resume)
        `writes-to ${bucket('ckpt')} fraud-7/`,
        `reads-from ${bucket('ckpt')} fraud-7/`,
        // DebugHookConfig, DebugRuleConfigurations[], TensorBoardOutputConfig, ProfilerConfig, ProfilerRuleConfigurations[]
        // .S3OutputPath are kept as diagnosticOutputs, with no edge: they hold no model artifact and feed nothing
      ].sort(),
    );
    const { inventory } = await collected;
    expect((byId(inventory, job) as { diagnosticOutputs?: { s3Uri: string }[] }).diagnosticOutputs?.map((o) => o.s3Uri).sort()).toEqual(
      ['s3://debug/hook/', 's3://debug/rules/', 's3://profiler/', 's3://profiler/rules/', 's3://tb/fraud/'],
    );
    // FileSystemDataSource (EFS/FSx) names no bucket: no edge, and the channel does not crash the mapping
    expect(await edgesFrom(job)).toContainEqual(edge(job, 'uses-role', role('train')));
    expect(await edgesFrom(job)).toContainEqual(edge(job, 'produces', sm('model', 'fraud-model')));
    expect(await edgesFrom(job)).toContainEqual(edge(job, 'reads-from', bucket('train-data'), { uri: 's3://train-data/fraud/train/' }));
  });

  it('DescribeTrainingJob with only the always-returned fields: no edges, no gaps', async () => {
    const { inventory } = await collected;
    expect(await edgesFrom(sm('training-job', 'bare'))).toEqual([]);
    expect(byId(inventory, sm('training-job', 'bare'))).toMatchObject({ inputs: [], roleArn: '', gaps: [] });
  });

  it('DescribeProcessingJob: S3Input and Athena/Redshift DatasetDefinition.OutputS3Uri are read, S3Output written', async () => {
    const job = sm('processing-job', 'prep');
    expect(await storageEdges(job)).toEqual(
      [`reads-from ${bucket('raw')} events/`, `reads-from ${bucket('athena-results')} prep/`, `reads-from ${bucket('redshift-unload')} prep/`, `writes-to ${bucket('train-data')} fraud/train/`].sort(),
    );
    expect(await edgesFrom(job)).toContainEqual(edge(job, 'uses-role', role('proc')));
  });

  it('DescribeModel: ModelDataUrl, ModelDataSource.S3DataSource (S3Uri and ManifestS3Uri), AdditionalModelDataSources, ExecutionRoleArn, ModelPackageName', async () => {
    expect(await storageEdges(sm('model', 'fraud-model'))).toEqual([`stored-in ${bucket('artifacts')} fraud/fraud-7/output/model.tar.gz`]);
    const llm = sm('model', 'llm');
    expect(await storageEdges(llm)).toEqual([`stored-in ${bucket('draft-weights')} d/`, `stored-in ${bucket('llm-weights')} base/`, `stored-in ${bucket('llm-weights')} manifest.json`]);
    expect(await edgesFrom(llm)).toContainEqual(edge(llm, 'uses-role', role('serve')));
    expect(await edgesFrom(llm)).toContainEqual(edge(llm, 'imports-from', sm('model-package-group', 'fraud-pkgs')));
    // a container with only an image (a model with no artifact, e.g. a built-in algorithm image) has no storage edge
    expect(await edgesFrom(sm('model', 'image-only'))).toEqual([]);
  });

  it('DescribeModelPackage: InferenceSpecification and AdditionalInferenceSpecifications containers, SourceAlgorithms model data', async () => {
    expect(await storageEdges(sm('model-package-group', 'fraud-pkgs'))).toEqual(
      [
        `stored-in ${bucket('registry')} fraud/1/model.tar.gz`,
        `stored-in ${bucket('registry')} fraud/1/extra/`,
        `stored-in ${bucket('registry')} fraud/1/gpu/model.tar.gz`,
        `stored-in ${bucket('registry')} fraud/1/algo/model.tar.gz`,
      ].sort(),
    );
  });

  it('DescribeEndpointConfig: ProductionVariants and ShadowProductionVariants ModelName, DataCaptureConfig, AsyncInferenceConfig outputs, ExecutionRoleArn', async () => {
    const cfg = sm('endpoint-config', 'fraud-cfg');
    expect(await edgesFrom(cfg)).toEqual(expect.arrayContaining([edge(cfg, 'uses', sm('model', 'fraud-model')), edge(cfg, 'uses', sm('model', 'llm')), edge(cfg, 'uses-role', role('ic'))]));
    expect(await storageEdges(cfg)).toEqual([`writes-to ${bucket('async')} failed/`, `writes-to ${bucket('async')} out/`, `writes-to ${bucket('capture')} fraud/`]);
    // a variant of an inference-component endpoint names no ModelName: no edge
    expect(await edgesFrom(sm('endpoint-config', 'component-cfg'))).toEqual([]);
    const { inventory } = await collected;
    expect(inventory.resources.some((r) => r.id === role('ic'))).toBe(true);
  });

  it('DescribeEndpoint: EndpointConfigName, DataCaptureConfig.DestinationS3Uri, AsyncInferenceConfig outputs', async () => {
    const ep = sm('endpoint', 'fraud');
    expect(await edgesFrom(ep)).toContainEqual(edge(ep, 'uses', sm('endpoint-config', 'fraud-cfg')));
    expect(await storageEdges(ep)).toEqual([`writes-to ${bucket('async')} failed/`, `writes-to ${bucket('async')} out/`, `writes-to ${bucket('capture')} fraud/`]);
  });

  it('DescribeNotebookInstance: RoleArn', async () => {
    const nb = sm('notebook-instance', 'nb');
    expect(await edgesFrom(nb)).toEqual([edge(nb, 'uses-role', role('nb'))]);
  });

  it('GetModelCustomizationJob: trainingDataConfig (s3Uri, invocationLogsConfig), validators, outputDataConfig, roleArn, outputModelArn', async () => {
    const ft = br('model-customization-job', 'ft');
    expect(await storageEdges(ft)).toEqual([`reads-from ${bucket('ft-data')} train.jsonl`, `reads-from ${bucket('ft-data')} validation.jsonl`, `writes-to ${bucket('ft-output')} ft/`]);
    expect(await edgesFrom(ft)).toEqual(expect.arrayContaining([edge(ft, 'uses-role', role('br')), edge(ft, 'produces', br('custom-model', 'ft-model'))]));
    // distillation: no s3Uri, the training data is the invocation logs
    expect(await storageEdges(br('model-customization-job', 'distill'))).toEqual([`reads-from ${bucket('invocation-logs')} AWSLogs/`, `writes-to ${bucket('ft-output')} distill/`]);
  });

  it('GetDataSource: s3Configuration bucketArn with inclusionPrefixes, the whole bucket without, a cross-account bucketOwnerAccountId; no edge for WEB', async () => {
    const kb = br('knowledge-base', 'KB1');
    expect(await storageEdges(kb)).toEqual([`sources-data-from ${bucket('kb-docs')} faq/`, `sources-data-from ${bucket('kb-docs')} policies/2025/`, `sources-data-from ${bucket('partner-docs')}`]);
    expect(await edgesFrom(kb)).toContainEqual(edge(kb, 'sources-data-from', bucket('partner-docs'), { uri: 's3://partner-docs/' }));
    expect(await edgesFrom(kb)).toContainEqual(edge(kb, 'uses-role', role('kb')));
    const { inventory } = await collected;
    const sources = (byId(inventory, kb) as { dataSources: { name: string; bucketOwnerAccountId?: string; type: string }[] }).dataSources;
    expect(sources.find((s) => s.name === 'partner')).toMatchObject({ bucketOwnerAccountId: '444455556666' });
    expect(sources.find((s) => s.name === 'web')).toMatchObject({ type: 'WEB', inclusionPrefixes: [] });
  });
});

describe('AWS lineage mappings with documented optional fields absent', () => {
  it('maps minimal Describe*/Get* answers without edges or errors', () => {
    const resources = [
      mapTrainingJob(scope, { TrainingJobName: 't', TrainingJobArn: sm('training-job', 't'), InputDataConfig: [{ ChannelName: 'c', DataSource: {} }], CheckpointConfig: {}, DebugRuleConfigurations: [{ RuleConfigurationName: 'r' }] } as never),
      mapProcessingJob(scope, { ProcessingJobName: 'p', ProcessingJobArn: sm('processing-job', 'p'), ProcessingInputs: [{ InputName: 'x' }], ProcessingOutputConfig: { Outputs: [{ OutputName: 'o' }] } } as never),
      mapModel(scope, { ModelName: 'm', ModelArn: sm('model', 'm'), Containers: [{ AdditionalModelDataSources: [] }] } as never),
      mapEndpointConfig(scope, { EndpointConfigName: 'c', EndpointConfigArn: sm('endpoint-config', 'c'), AsyncInferenceConfig: { OutputConfig: {} } } as never),
      mapEndpoint(scope, { EndpointName: 'e', EndpointArn: sm('endpoint', 'e') } as never),
      mapCustomizationJob(scope, { jobArn: br('model-customization-job', 'j'), jobName: 'j', trainingDataConfig: {}, validationDataConfig: { validators: [] } } as never),
      mapKnowledgeBase(scope, { knowledgeBaseArn: br('knowledge-base', 'k'), name: 'k' } as never, [mapDataSource({ dataSourceId: 'd', name: 'd', dataSourceConfiguration: { type: 'S3', s3Configuration: {} } } as never)]),
    ];
    expect(lineageEdges(resources)).toEqual([]);
    expect(modelPackageDataUrls({})).toEqual([]);
  });

  // API_S3DataSource S3Uri, API_ContainerDefinition ModelDataUrl, API_OutputDataConfig S3OutputPath: pattern ^(https|s3)://([^/]+)/?(.*)$
  it('resolves https S3 URLs (virtual-hosted and path-style) to the bucket and key; other hosts make no edge', () => {
    const job = mapTrainingJob(scope, {
      TrainingJobName: 'h',
      TrainingJobArn: sm('training-job', 'h'),
      InputDataConfig: [
        { ChannelName: 'a', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'https://train-data.s3.us-east-1.amazonaws.com/fraud/train/' } } },
        { ChannelName: 'b', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'https://s3.us-east-1.amazonaws.com/other-data/x%20y/' } } },
        { ChannelName: 'c', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'https://example.com/data/' } } },
      ],
    } as never);
    const model = mapModel(scope, { ModelName: 'hm', ModelArn: sm('model', 'hm'), PrimaryContainer: { ModelDataUrl: 'https://s3.amazonaws.com/artifacts/m/model.tar.gz' } } as never);
    expect(lineageEdges([job, model]).map((e) => [e.type, e.to, e.prefix, e.uri])).toEqual([
      ['reads-from', bucket('train-data'), 'fraud/train/', 'https://train-data.s3.us-east-1.amazonaws.com/fraud/train/'],
      ['reads-from', bucket('other-data'), 'x y/', 'https://s3.us-east-1.amazonaws.com/other-data/x%20y/'],
      ['stored-in', bucket('artifacts'), 'm/model.tar.gz', 'https://s3.amazonaws.com/artifacts/m/model.tar.gz'],
    ]);
    expect(s3UriOfHttps('https://my.dotted.bucket.s3-eu-west-1.amazonaws.com/k')).toBe('s3://my.dotted.bucket/k');
    expect(s3UriOfHttps('s3://b/k')).toBeUndefined();
  });
});
