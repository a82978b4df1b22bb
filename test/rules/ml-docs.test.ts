// ML service rules checked end to end from documented API responses: each case maps a response shaped as the AWS or
// Google API reference describes it (present, absent, null or empty fields) with the connector's pure map function,
// then evaluates the built-in rule on the mapped resource. Each case names the page and the sentence it comes from.
import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/rules/load.js';
import { evaluateRuleOn, type RuleStatus } from '../../src/rules/evaluate.js';
import { Resource } from '../../src/model/index.js';
import * as sm from '../../src/connectors/aws/sagemaker-mapping.js';
import * as br from '../../src/connectors/aws/bedrock-mapping.js';
import * as vtx from '../../src/connectors/gcp/map/vertex.js';
import { mapNotebookInstance as mapWorkbench } from '../../src/connectors/gcp/map/notebook.js';

const rules = new Map(loadRuleSet().rules.map((r) => [r.id, r]));

/** The verdict of rule `id` on a mapped resource (validated against the model first). */
function verdict(id: string, resource: unknown): RuleStatus {
  const rule = rules.get(id);
  if (!rule) throw new Error(`no rule ${id}`);
  return evaluateRuleOn(rule, Resource.parse(resource)).status;
}

const aws = { account: '111122223333', region: 'us-east-1' };
const ecrImage = '111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer@sha256:abcd';
const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const notebook = (d: Record<string, unknown> = {}) =>
  sm.mapNotebookInstance(aws, { NotebookInstanceArn: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb', NotebookInstanceName: 'nb', NotebookInstanceStatus: 'InService', RoleArn: 'arn:aws:iam::111122223333:role/r', ...d });
const trainingJob = (d: Record<string, unknown> = {}) =>
  sm.mapTrainingJob(aws, { TrainingJobArn: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/tj', TrainingJobName: 'tj', TrainingJobStatus: 'Completed', RoleArn: 'arn:aws:iam::111122223333:role/r', ...d } as never);

describe('SageMaker notebook instances (API_DescribeNotebookInstance, API_CreateNotebookInstance)', () => {
  it('RootAccess: absent means Enabled ("Default: Enabled"), Disabled passes', () => {
    expect(verdict('AWS-SM-001', notebook())).toBe('fail');
    expect(verdict('AWS-SM-001', notebook({ RootAccess: 'Enabled' }))).toBe('fail');
    expect(verdict('AWS-SM-001', notebook({ RootAccess: 'Disabled' }))).toBe('pass');
  });

  it('DirectInternetAccess: absent means Enabled ("If you set this to Disabled ... Default: Enabled")', () => {
    expect(verdict('AWS-SM-002', notebook())).toBe('fail');
    expect(verdict('AWS-SM-002', notebook({ DirectInternetAccess: 'Enabled', SubnetId: 'subnet-1' }))).toBe('fail');
    expect(verdict('AWS-SM-002', notebook({ DirectInternetAccess: 'Disabled', SubnetId: 'subnet-1' }))).toBe('pass');
  });

  it('KmsKeyId and SubnetId absent: no customer managed key, not in a VPC', () => {
    expect(verdict('AWS-SM-020', notebook())).toBe('fail');
    expect(verdict('AWS-SM-020', notebook({ KmsKeyId: key }))).toBe('pass');
    expect(verdict('AWS-SM-022', notebook())).toBe('fail');
    expect(verdict('AWS-SM-022', notebook({ SubnetId: 'subnet-1' }))).toBe('pass');
  });

  it('IMDS: "if no value is selected, then it defaults to IMDSv1" (API_InstanceMetadataServiceConfiguration)', () => {
    expect(verdict('AWS-SM-021', notebook())).toBe('fail');
    expect(verdict('AWS-SM-021', notebook({ InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '1' } }))).toBe('fail');
    expect(verdict('AWS-SM-021', notebook({ InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '2' } }))).toBe('pass');
  });
});

describe('SageMaker training jobs (API_DescribeTrainingJob)', () => {
  it('EnableNetworkIsolation and EnableInterContainerTrafficEncryption absent are false', () => {
    expect(verdict('AWS-SM-003', trainingJob())).toBe('fail');
    expect(verdict('AWS-SM-003', trainingJob({ EnableNetworkIsolation: true }))).toBe('pass');
    expect(verdict('AWS-SM-004', trainingJob())).toBe('fail');
    expect(verdict('AWS-SM-004', trainingJob({ EnableInterContainerTrafficEncryption: true }))).toBe('pass');
  });

  it('VpcConfig absent: the job does not run in your VPC', () => {
    expect(verdict('AWS-SM-005', trainingJob())).toBe('fail');
    expect(verdict('AWS-SM-005', trainingJob({ VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] } }))).toBe('pass');
  });

  it('ResourceConfig.VolumeKmsKeyId and OutputDataConfig.KmsKeyId absent: AWS managed keys ("If you don\'t provide a KMS key ID, SageMaker uses the default KMS key for Amazon S3")', () => {
    const plain = trainingJob({ ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 }, OutputDataConfig: { S3OutputPath: 's3://models/out/' } });
    expect(verdict('AWS-SM-006', plain)).toBe('fail');
    expect(verdict('AWS-SM-007', plain)).toBe('fail');
    const cmk = trainingJob({ ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10, VolumeKmsKeyId: key }, OutputDataConfig: { S3OutputPath: 's3://models/out/', KmsKeyId: key } });
    expect(verdict('AWS-SM-006', cmk)).toBe('pass');
    expect(verdict('AWS-SM-007', cmk)).toBe('pass');
  });

  it('AlgorithmSpecification: an ECR TrainingImage passes, another registry fails, an AlgorithmName (no image) passes', () => {
    expect(verdict('AWS-SM-027', trainingJob({ AlgorithmSpecification: { TrainingImage: ecrImage, TrainingInputMode: 'File' } }))).toBe('pass');
    expect(verdict('AWS-SM-027', trainingJob({ AlgorithmSpecification: { TrainingImage: 'docker.io/someone/trainer:latest', TrainingInputMode: 'File' } }))).toBe('fail');
    expect(verdict('AWS-SM-027', trainingJob({ AlgorithmSpecification: { AlgorithmName: 'arn:aws:sagemaker:us-east-1:111122223333:algorithm/a', TrainingInputMode: 'File' } }))).toBe('pass');
  });
});

describe('SageMaker processing jobs, models, endpoints and domains', () => {
  it('processing job: NetworkConfig absent means no isolation and no VPC (API_NetworkConfig)', () => {
    const job = (d: Record<string, unknown>) => sm.mapProcessingJob(aws, { ProcessingJobArn: 'arn:aws:sagemaker:us-east-1:111122223333:processing-job/p', ProcessingJobName: 'p', ...d } as never);
    expect(verdict('AWS-SM-028', job({}))).toBe('fail');
    expect(verdict('AWS-SM-028', job({ NetworkConfig: { EnableNetworkIsolation: true } }))).toBe('pass');
    expect(verdict('AWS-SM-028', job({ NetworkConfig: { VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] } } }))).toBe('pass');
  });

  it('model: EnableNetworkIsolation absent is false; a deployed model without it fails (API_DescribeModel)', () => {
    const related = { feeds: [], fedBy: [], feedsTraining: false, feedsKnowledgeBase: false, holdsModelArtifacts: false, deployed: true, servingEndpoints: [] };
    const model = (d: Record<string, unknown>) => ({ ...sm.mapModel(aws, { ModelArn: 'arn:aws:sagemaker:us-east-1:111122223333:model/m', ModelName: 'm', ...d } as never), related });
    expect(verdict('AWS-SM-023', model({ PrimaryContainer: { Image: ecrImage } }))).toBe('fail');
    expect(verdict('AWS-SM-023', model({ PrimaryContainer: { Image: ecrImage }, EnableNetworkIsolation: true }))).toBe('pass');
    expect(verdict('AWS-SM-009', model({ PrimaryContainer: { Image: 'public.ecr.aws/someone/inference:latest' } }))).toBe('fail');
    expect(verdict('AWS-SM-009', model({ Containers: [{ ModelPackageName: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/p/1' }] }))).toBe('pass');
  });

  it('endpoint config: KmsKeyId absent fails (API_CreateEndpointConfig)', () => {
    const cfg = (d: Record<string, unknown>) => sm.mapEndpointConfig(aws, { EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/c', EndpointConfigName: 'c', ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm' }], ...d } as never);
    expect(verdict('AWS-SM-008', cfg({}))).toBe('fail');
    expect(verdict('AWS-SM-008', cfg({ KmsKeyId: key }))).toBe('pass');
  });

  it('endpoint config: DataCaptureConfig.EnableCapture "defaults to enabled" (API_DataCaptureConfig)', () => {
    const cfg = (d: Record<string, unknown>) => sm.mapEndpointConfig(aws, { EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/c', EndpointConfigName: 'c', ...d } as never);
    expect(cfg({}).dataCaptureEnabled).toBe(false);
    expect(cfg({ DataCaptureConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: 's3://capture/', CaptureOptions: [{ CaptureMode: 'Input' }] } }).dataCaptureEnabled).toBe(true);
    expect(cfg({ DataCaptureConfig: { EnableCapture: false, InitialSamplingPercentage: 100, DestinationS3Uri: 's3://capture/', CaptureOptions: [] } }).dataCaptureEnabled).toBe(false);
  });

  it('endpoint: DataCaptureConfig (DataCaptureConfigSummary) absent means no capture (API_DescribeEndpoint)', () => {
    const ep = (d: Record<string, unknown>) => sm.mapEndpoint(aws, { EndpointArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/e', EndpointName: 'e', EndpointConfigName: 'c', EndpointStatus: 'InService', ...d } as never);
    expect(verdict('AWS-SM-026', ep({}))).toBe('fail');
    expect(verdict('AWS-SM-026', ep({ DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 100, DestinationS3Uri: 's3://capture/' } }))).toBe('pass');
    expect(verdict('AWS-SM-026', ep({ DataCaptureConfig: { EnableCapture: false, CaptureStatus: 'Stopped', CurrentSamplingPercentage: 100, DestinationS3Uri: 's3://capture/' } }))).toBe('fail');
  });

  it('domain: AppNetworkAccessType absent is PublicInternetOnly ("Default: PublicInternetOnly"), KmsKeyId absent fails', () => {
    const domain = (d: Record<string, unknown>) => sm.mapDomain(aws, { DomainArn: 'arn:aws:sagemaker:us-east-1:111122223333:domain/d-1', DomainName: 'd', ...d } as never);
    expect(verdict('AWS-SM-024', domain({}))).toBe('fail');
    expect(verdict('AWS-SM-024', domain({ AppNetworkAccessType: 'VpcOnly' }))).toBe('pass');
    expect(verdict('AWS-SM-025', domain({}))).toBe('fail');
    expect(verdict('AWS-SM-025', domain({ KmsKeyId: key }))).toBe('pass');
  });
});

describe('Bedrock (API_GetModelInvocationLoggingConfiguration, API_GetCustomModel, API_GetModelCustomizationJob)', () => {
  it('no loggingConfig in the response: invocation logging is off', () => {
    expect(verdict('AWS-BR-020', br.mapInvocationLogging(aws, undefined, 1))).toBe('fail');
    expect(verdict('AWS-BR-020', br.mapInvocationLogging(aws, { s3Config: { bucketName: 'audit' } }, 1))).toBe('pass');
    expect(verdict('AWS-BR-020', br.mapInvocationLogging(aws, { cloudWatchConfig: { logGroupName: '/bedrock', roleArn: 'arn:aws:iam::111122223333:role/l' } }, 1))).toBe('pass');
  });

  it('text delivery and guardrails are only judged when logging is on', () => {
    expect(verdict('AWS-BR-021', br.mapInvocationLogging(aws, { s3Config: { bucketName: 'audit' }, textDataDeliveryEnabled: false }, 1))).toBe('fail');
    expect(verdict('AWS-BR-021', br.mapInvocationLogging(aws, { s3Config: { bucketName: 'audit' }, textDataDeliveryEnabled: true }, 1))).toBe('pass');
    expect(verdict('AWS-BR-021', br.mapInvocationLogging(aws, undefined, 1))).toBe('pass');
    expect(verdict('AWS-BR-022', br.mapInvocationLogging(aws, { s3Config: { bucketName: 'audit' } }, 0))).toBe('fail');
    expect(verdict('AWS-BR-022', br.mapInvocationLogging(aws, { s3Config: { bucketName: 'audit' } }, 1))).toBe('pass');
  });

  it('custom model and customization job: absent KMS key means an AWS owned key; absent vpcConfig means no VPC', () => {
    const model = (d: Record<string, unknown>) => br.mapCustomModel(aws, { modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/m', modelName: 'm', ...d } as never);
    expect(verdict('AWS-BR-023', model({}))).toBe('fail');
    expect(verdict('AWS-BR-023', model({ modelKmsKeyArn: key }))).toBe('pass');
    const job = (d: Record<string, unknown>) => br.mapCustomizationJob(aws, { jobArn: 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/j', jobName: 'j', roleArn: 'arn:aws:iam::111122223333:role/r', ...d } as never);
    expect(verdict('AWS-BR-024', job({}))).toBe('fail');
    expect(verdict('AWS-BR-024', job({ outputModelKmsKeyArn: key }))).toBe('pass');
    expect(verdict('AWS-BR-025', job({}))).toBe('fail');
    expect(verdict('AWS-BR-025', job({ vpcConfig: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] } }))).toBe('pass');
  });

  it('knowledge base data source: the S3 bucket ARN and inclusion prefixes (API_agent_S3DataSourceConfiguration)', () => {
    expect(br.mapDataSource({ dataSourceId: 'ds', name: 'docs', knowledgeBaseId: 'kb', status: 'AVAILABLE', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::kb-docs', inclusionPrefixes: ['public/'] } } } as never)).toEqual({
      id: 'ds',
      name: 'docs',
      type: 'S3',
      bucketArn: 'arn:aws:s3:::kb-docs',
      inclusionPrefixes: ['public/'],
    });
    expect(br.mapDataSource({ dataSourceId: 'web', name: 'web', dataSourceConfiguration: { type: 'WEB' } } as never)).toEqual({ id: 'web', name: 'web', type: 'WEB', inclusionPrefixes: [] });
  });
});

const gcp = { projectId: 'ml-prod', projectNumber: '100000000001', location: 'us-central1' };
const base = 'projects/100000000001/locations/us-central1';
const cmek = 'projects/ml-prod/locations/us-central1/keyRings/ml/cryptoKeys/vertex';

describe('Vertex AI (REST v1 reference: EncryptionSpec, Endpoint, CustomJobSpec)', () => {
  it('encryptionSpec absent, null or with an empty key: Google-managed; a kmsKeyName: CMEK', () => {
    const cases: [string, (o: Record<string, unknown>) => unknown][] = [
      ['GCP-VTX-002', (o) => vtx.mapDataset({ name: `${base}/datasets/1`, ...o }, gcp).resource],
      ['GCP-VTX-020', (o) => vtx.mapModel({ name: `${base}/models/1`, ...o }, gcp).resource],
      ['GCP-VTX-021', (o) => vtx.mapEndpoint({ name: `${base}/endpoints/1`, ...o }, gcp).resource],
      ['GCP-VTX-022', (o) => vtx.mapTrainingPipeline({ name: `${base}/trainingPipelines/1`, ...o }, gcp).resource],
      ['GCP-VTX-023', (o) => vtx.mapCustomJob({ name: `${base}/customJobs/1`, ...o }, gcp).resource],
    ];
    for (const [id, map] of cases) {
      expect(verdict(id, map({})), id).toBe('fail');
      expect(verdict(id, map({ encryptionSpec: null })), id).toBe('fail');
      expect(verdict(id, map({ encryptionSpec: { kmsKeyName: '' } })), id).toBe('fail');
      expect(verdict(id, map({ encryptionSpec: { kmsKeyName: cmek } })), id).toBe('pass');
    }
  });

  it('endpoint: "If left unspecified, the Endpoint is not peered with any network" and no Private Service Connect: public', () => {
    const ep = (o: Record<string, unknown>) => vtx.mapEndpoint({ name: `${base}/endpoints/1`, ...o }, gcp).resource;
    expect(verdict('GCP-VTX-001', ep({}))).toBe('fail');
    // gRPC with defaults: empty strings and null messages
    expect(verdict('GCP-VTX-001', ep({ network: '', privateServiceConnectConfig: null, enablePrivateServiceConnect: false }))).toBe('fail');
    expect(verdict('GCP-VTX-001', ep({ network: 'projects/100000000001/global/networks/ml-vpc' }))).toBe('pass');
    expect(verdict('GCP-VTX-001', ep({ privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: ['ml-prod'] } }))).toBe('pass');
    expect(verdict('GCP-VTX-001', ep({ privateServiceConnectConfig: { enablePrivateServiceConnect: false } }))).toBe('fail');
    // Endpoint.enablePrivateServiceConnect: "Deprecated: If true, expose the Endpoint via private service connect."
    expect(verdict('GCP-VTX-001', ep({ enablePrivateServiceConnect: true }))).toBe('pass');
  });

  it('endpoint: DeployedModel.disableContainerLogging absent means logging is on ("send stderr and stdout streams to Cloud Logging by default")', () => {
    const ep = (d: Record<string, unknown>) => vtx.mapEndpoint({ name: `${base}/endpoints/1`, deployedModels: [{ id: '1', model: `${base}/models/5`, ...d }] }, gcp).resource;
    expect(verdict('GCP-VTX-027', ep({}))).toBe('pass');
    expect(verdict('GCP-VTX-027', ep({ disableContainerLogging: true }))).toBe('fail');
  });

  it('custom job: serviceAccount unspecified runs as a Google default identity, network unspecified is not peered, enableWebAccess defaults to false', () => {
    const job = (spec: Record<string, unknown>) => vtx.mapCustomJob({ name: `${base}/customJobs/1`, jobSpec: { workerPoolSpecs: [{ containerSpec: { imageUri: 'us-central1-docker.pkg.dev/ml-prod/ml/trainer:1' } }], ...spec } }, gcp).resource;
    expect(verdict('GCP-VTX-003', job({}))).toBe('fail');
    expect(verdict('GCP-VTX-003', job({ serviceAccount: '' }))).toBe('fail');
    expect(verdict('GCP-VTX-003', job({ serviceAccount: '100000000001-compute@developer.gserviceaccount.com' }))).toBe('fail');
    expect(verdict('GCP-VTX-003', job({ serviceAccount: 'trainer@ml-prod.iam.gserviceaccount.com' }))).toBe('pass');
    expect(verdict('GCP-VTX-024', job({}))).toBe('fail');
    expect(verdict('GCP-VTX-024', job({ network: '' }))).toBe('fail');
    expect(verdict('GCP-VTX-024', job({ network: 'projects/100000000001/global/networks/ml-vpc' }))).toBe('pass');
    expect(verdict('GCP-VTX-004', job({}))).toBe('pass');
    expect(verdict('GCP-VTX-004', job({ enableWebAccess: true }))).toBe('fail');
    expect(verdict('GCP-VTX-005', job({}))).toBe('pass');
    expect(verdict('GCP-VTX-005', job({ workerPoolSpecs: [{ containerSpec: { imageUri: 'docker.io/someone/trainer:latest' } }] }))).toBe('fail');
  });

  it('training pipeline (custom task): serviceAccount and network unspecified', () => {
    const tp = (inputs: Record<string, unknown>) => vtx.mapTrainingPipeline({ name: `${base}/trainingPipelines/1`, trainingTaskInputs: inputs }, gcp).resource;
    expect(verdict('GCP-VTX-026', tp({}))).toBe('fail');
    expect(verdict('GCP-VTX-026', tp({ serviceAccount: 'trainer@ml-prod.iam.gserviceaccount.com' }))).toBe('pass');
    expect(verdict('GCP-VTX-025', tp({}))).toBe('fail');
    expect(verdict('GCP-VTX-025', tp({ network: 'projects/100000000001/global/networks/ml-vpc' }))).toBe('pass');
  });
});

describe('Workbench instances (Notebooks API v2: Instance, GceSetup, ShieldedInstanceConfig)', () => {
  const wb = (gceSetup: Record<string, unknown> | null, extra: Record<string, unknown> = {}) =>
    mapWorkbench({ name: 'projects/ml-prod/locations/us-central1-a/instances/nb', state: 'ACTIVE', gceSetup, ...extra }, { ...gcp, zone: 'us-central1-a' }).resource;

  it('disablePublicIp: "If true, no external IP will be assigned"; absent or false means an external IP', () => {
    expect(verdict('GCP-NB-020', wb({}))).toBe('fail');
    expect(verdict('GCP-NB-020', wb({ disablePublicIp: false }))).toBe('fail');
    expect(verdict('GCP-NB-020', wb({ disablePublicIp: true }))).toBe('pass');
  });

  it('root access: on unless the notebook-disable-root metadata is true', () => {
    expect(verdict('GCP-NB-021', wb({}))).toBe('fail');
    expect(verdict('GCP-NB-021', wb({ metadata: { 'notebook-disable-root': 'false' } }))).toBe('fail');
    expect(verdict('GCP-NB-021', wb({ metadata: { 'notebook-disable-root': 'true' } }))).toBe('pass');
  });

  it('serviceAccounts absent: the VM runs as the Compute Engine default service account', () => {
    expect(verdict('GCP-NB-022', wb({}))).toBe('fail');
    expect(verdict('GCP-NB-022', wb({ serviceAccounts: [] }))).toBe('fail');
    expect(verdict('GCP-NB-022', wb({ serviceAccounts: [{ email: '100000000001-compute@developer.gserviceaccount.com' }] }))).toBe('fail');
    expect(verdict('GCP-NB-022', wb({ serviceAccounts: [{ email: 'nb@ml-prod.iam.gserviceaccount.com' }] }))).toBe('pass');
  });

  it('bootDisk.diskEncryption "defaults to GMEK": no kmsKey fails, a kmsKey passes', () => {
    expect(verdict('GCP-NB-023', wb({}))).toBe('fail');
    expect(verdict('GCP-NB-023', wb({ bootDisk: { diskEncryption: 'GMEK' } }))).toBe('fail');
    expect(verdict('GCP-NB-023', wb({ bootDisk: { diskEncryption: 'CMEK', kmsKey: 'projects/ml-prod/locations/us-central1/keyRings/ml/cryptoKeys/nb' } }))).toBe('pass');
    // "only applicable if disk_encryption is CMEK"
    expect(verdict('GCP-NB-023', wb({ bootDisk: { diskEncryption: 'GMEK', kmsKey: 'projects/ml-prod/locations/us-central1/keyRings/ml/cryptoKeys/nb' } }))).toBe('fail');
    // gRPC defaults: an unspecified enum and an empty key
    expect(verdict('GCP-NB-023', wb({ bootDisk: { diskEncryption: 'DISK_ENCRYPTION_UNSPECIFIED', kmsKey: '' } }))).toBe('fail');
  });

  it('enableSecureBoot: "Defines whether the instance has Secure Boot enabled. Disabled by default."', () => {
    expect(verdict('GCP-NB-024', wb({}))).toBe('fail');
    expect(verdict('GCP-NB-024', wb({ shieldedInstanceConfig: null }))).toBe('fail');
    expect(verdict('GCP-NB-024', wb({ shieldedInstanceConfig: { enableVtpm: true, enableIntegrityMonitoring: true } }))).toBe('fail');
    expect(verdict('GCP-NB-024', wb({ shieldedInstanceConfig: { enableSecureBoot: false } }))).toBe('fail');
    expect(verdict('GCP-NB-024', wb({ shieldedInstanceConfig: { enableSecureBoot: true } }))).toBe('pass');
  });
});
