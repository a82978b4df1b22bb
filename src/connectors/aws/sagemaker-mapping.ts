import type {
  ContainerDefinition,
  DescribeDomainResponse,
  DescribeEndpointConfigOutput,
  DescribeEndpointOutput,
  DescribeModelOutput,
  DescribeModelPackageOutput,
  DescribeNotebookInstanceOutput,
  DescribeProcessingJobResponse,
  DescribeTrainingJobResponse,
  ProductionVariant,
  VpcConfig as SdkVpcConfig,
} from '@aws-sdk/client-sagemaker';
import type {
  AwsSagemakerDomain,
  AwsSagemakerEndpoint,
  AwsSagemakerEndpointConfig,
  AwsSagemakerModel,
  AwsSagemakerNotebookInstance,
  AwsSagemakerProcessingJob,
  AwsSagemakerTrainingJob,
  Gap,
} from '../../model/index.js';

/** Pure mappings from SageMaker Describe* responses to the model. */

export interface Scope {
  account: string;
  region: string;
}

const envelope = (scope: Scope, id: string, name: string, gaps: Gap[] = []) => ({
  id,
  provider: 'aws' as const,
  account: scope.account,
  region: scope.region,
  name,
  tags: {},
  gaps,
});

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : undefined);

export function mapVpc(v: SdkVpcConfig | undefined): { subnets: string[]; securityGroupIds: string[] } | null {
  if (!v) return null;
  return { subnets: v.Subnets ?? [], securityGroupIds: v.SecurityGroupIds ?? [] };
}

export function mapTrainingJob(scope: Scope, d: DescribeTrainingJobResponse): AwsSagemakerTrainingJob {
  const created = iso(d.CreationTime);
  const diagnostics = diagnosticOutputs(d);
  return {
    ...envelope(scope, d.TrainingJobArn!, d.TrainingJobName ?? ''),
    kind: 'aws.sagemaker.training-job',
    category: 'ml.training',
    status: d.TrainingJobStatus ?? 'Unknown',
    roleArn: d.RoleArn ?? '',
    ...(d.AlgorithmSpecification?.TrainingImage ? { trainingImage: d.AlgorithmSpecification.TrainingImage } : {}),
    inputs: (d.InputDataConfig ?? [])
      .filter((c) => c.DataSource?.S3DataSource?.S3Uri)
      .map((c) => ({
        channelName: c.ChannelName ?? '',
        s3Uri: c.DataSource!.S3DataSource!.S3Uri!,
        ...(c.DataSource?.S3DataSource?.S3DataType ? { s3DataType: c.DataSource.S3DataSource.S3DataType } : {}),
      })),
    ...(d.OutputDataConfig?.S3OutputPath ? { outputPath: d.OutputDataConfig.S3OutputPath } : {}),
    ...(d.OutputDataConfig?.KmsKeyId ? { outputKmsKeyId: d.OutputDataConfig.KmsKeyId } : {}),
    ...(d.ResourceConfig?.VolumeKmsKeyId ? { volumeKmsKeyId: d.ResourceConfig.VolumeKmsKeyId } : {}),
    ...(d.ModelArtifacts?.S3ModelArtifacts ? { modelArtifacts: d.ModelArtifacts.S3ModelArtifacts } : {}),
    ...(d.CheckpointConfig?.S3Uri ? { checkpointS3Uri: d.CheckpointConfig.S3Uri } : {}),
    ...(diagnostics.length ? { diagnosticOutputs: diagnostics } : {}),
    enableNetworkIsolation: d.EnableNetworkIsolation === true,
    enableInterContainerTrafficEncryption: d.EnableInterContainerTrafficEncryption === true,
    vpcConfig: mapVpc(d.VpcConfig),
    ...(created ? { creationTime: created } : {}),
  };
}

/** The S3 output paths of SageMaker Debugger, TensorBoard and Profiler, each named by the configuration it came from. */
function diagnosticOutputs(d: DescribeTrainingJobResponse): { config: string; s3Uri: string }[] {
  const named = (config: string, rules: { RuleConfigurationName?: string; S3OutputPath?: string }[] | undefined) =>
    (rules ?? []).map((r) => ({ config: `${config}/${r.RuleConfigurationName ?? ''}`, s3Uri: r.S3OutputPath }));
  return [
    { config: 'DebugHookConfig', s3Uri: d.DebugHookConfig?.S3OutputPath },
    ...named('DebugRuleConfigurations', d.DebugRuleConfigurations),
    { config: 'TensorBoardOutputConfig', s3Uri: d.TensorBoardOutputConfig?.S3OutputPath },
    { config: 'ProfilerConfig', s3Uri: d.ProfilerConfig?.S3OutputPath },
    ...named('ProfilerRuleConfigurations', d.ProfilerRuleConfigurations),
  ].filter((o): o is { config: string; s3Uri: string } => !!o.s3Uri);
}

export function mapProcessingJob(scope: Scope, d: DescribeProcessingJobResponse): AwsSagemakerProcessingJob {
  const net = d.NetworkConfig;
  return {
    ...envelope(scope, d.ProcessingJobArn!, d.ProcessingJobName ?? ''),
    kind: 'aws.sagemaker.processing-job',
    category: 'ml.training',
    status: d.ProcessingJobStatus ?? 'Unknown',
    roleArn: d.RoleArn ?? '',
    inputs: (d.ProcessingInputs ?? []).flatMap((i) => {
      const uri = i.S3Input?.S3Uri ?? i.DatasetDefinition?.AthenaDatasetDefinition?.OutputS3Uri ?? i.DatasetDefinition?.RedshiftDatasetDefinition?.OutputS3Uri;
      return uri ? [{ inputName: i.InputName ?? '', s3Uri: uri }] : [];
    }),
    outputs: (d.ProcessingOutputConfig?.Outputs ?? []).filter((o) => o.S3Output?.S3Uri).map((o) => ({ outputName: o.OutputName ?? '', s3Uri: o.S3Output!.S3Uri! })),
    ...(d.ProcessingOutputConfig?.KmsKeyId ? { outputKmsKeyId: d.ProcessingOutputConfig.KmsKeyId } : {}),
    ...(d.ProcessingResources?.ClusterConfig?.VolumeKmsKeyId ? { volumeKmsKeyId: d.ProcessingResources.ClusterConfig.VolumeKmsKeyId } : {}),
    enableNetworkIsolation: net?.EnableNetworkIsolation === true,
    enableInterContainerTrafficEncryption: net?.EnableInterContainerTrafficEncryption === true,
    vpcConfig: mapVpc(net?.VpcConfig),
  };
}

type ModelDataFields = Pick<ContainerDefinition, 'ModelDataUrl' | 'ModelDataSource' | 'AdditionalModelDataSources'>;

/** A container's artifact: ModelDataUrl, or ModelDataSource.S3DataSource.S3Uri (the API accepts one of the two). */
const modelDataUrl = (c: ModelDataFields) => c.ModelDataUrl ?? c.ModelDataSource?.S3DataSource?.S3Uri;

/** The other S3 locations a container loads model data from: the model data manifest and the additional sources. */
const additionalModelDataUrls = (c: ModelDataFields) =>
  [c.ModelDataSource?.S3DataSource?.ManifestS3Uri, ...(c.AdditionalModelDataSources ?? []).map((a) => a.S3DataSource?.S3Uri)].filter((u): u is string => !!u);

function mapContainer(c: ContainerDefinition) {
  const url = modelDataUrl(c);
  const more = additionalModelDataUrls(c);
  return {
    ...(c.Image ? { image: c.Image } : {}),
    ...(url ? { modelDataUrl: url } : {}),
    ...(more.length ? { additionalModelDataUrls: more } : {}),
    ...(c.ModelPackageName ? { modelPackageName: c.ModelPackageName } : {}),
  };
}

export function mapModel(scope: Scope, d: DescribeModelOutput): AwsSagemakerModel {
  const containers = [...(d.PrimaryContainer ? [d.PrimaryContainer] : []), ...(d.Containers ?? [])].map(mapContainer);
  return {
    ...envelope(scope, d.ModelArn!, d.ModelName ?? ''),
    kind: 'aws.sagemaker.model',
    category: 'ml.model',
    ...(d.ExecutionRoleArn ? { executionRoleArn: d.ExecutionRoleArn } : {}),
    containers,
    enableNetworkIsolation: d.EnableNetworkIsolation === true,
    vpcConfig: mapVpc(d.VpcConfig),
  };
}

const mapVariant = (v: ProductionVariant) => ({
  variantName: v.VariantName ?? '',
  modelName: v.ModelName ?? '',
  ...(v.InstanceType ? { instanceType: v.InstanceType } : {}),
});

export function mapEndpointConfig(scope: Scope, d: DescribeEndpointConfigOutput): AwsSagemakerEndpointConfig {
  return {
    ...envelope(scope, d.EndpointConfigArn!, d.EndpointConfigName ?? ''),
    kind: 'aws.sagemaker.endpoint-config',
    category: 'ml.endpoint',
    ...(d.KmsKeyId ? { kmsKeyId: d.KmsKeyId } : {}),
    productionVariants: (d.ProductionVariants ?? []).map(mapVariant),
    ...(d.ShadowProductionVariants?.length ? { shadowProductionVariants: d.ShadowProductionVariants.map(mapVariant) } : {}),
    ...(d.ExecutionRoleArn ? { executionRoleArn: d.ExecutionRoleArn } : {}),
    dataCaptureEnabled: captures(d.DataCaptureConfig),
    ...inferenceOutputs(d),
  };
}

/** Where captured requests/responses and asynchronous inference results are written. */
function inferenceOutputs(d: Pick<DescribeEndpointConfigOutput | DescribeEndpointOutput, 'DataCaptureConfig' | 'AsyncInferenceConfig'>) {
  const out = d.AsyncInferenceConfig?.OutputConfig;
  return {
    ...(d.DataCaptureConfig?.DestinationS3Uri ? { dataCaptureDestination: d.DataCaptureConfig.DestinationS3Uri } : {}),
    ...(out?.S3OutputPath ? { asyncOutputPath: out.S3OutputPath } : {}),
    ...(out?.S3FailurePath ? { asyncFailurePath: out.S3FailurePath } : {}),
  };
}

/** DataCaptureConfig.EnableCapture "defaults to enabled" when the configuration is present; none means no capture. */
const captures = (c: { EnableCapture?: boolean } | undefined) => c !== undefined && c.EnableCapture !== false;

export function mapEndpoint(scope: Scope, d: DescribeEndpointOutput): AwsSagemakerEndpoint {
  return {
    ...envelope(scope, d.EndpointArn!, d.EndpointName ?? ''),
    kind: 'aws.sagemaker.endpoint',
    category: 'ml.endpoint',
    status: d.EndpointStatus ?? 'Unknown',
    endpointConfigName: d.EndpointConfigName ?? '',
    dataCaptureEnabled: captures(d.DataCaptureConfig),
    ...inferenceOutputs(d),
  };
}

export function mapNotebookInstance(scope: Scope, d: DescribeNotebookInstanceOutput): AwsSagemakerNotebookInstance {
  const imds = d.InstanceMetadataServiceConfiguration?.MinimumInstanceMetadataServiceVersion;
  return {
    ...envelope(scope, d.NotebookInstanceArn!, d.NotebookInstanceName ?? ''),
    kind: 'aws.sagemaker.notebook-instance',
    category: 'ml.notebook',
    status: d.NotebookInstanceStatus ?? 'Unknown',
    roleArn: d.RoleArn ?? '',
    // both default to Enabled when the API leaves them out
    directInternetAccess: d.DirectInternetAccess !== 'Disabled',
    rootAccess: d.RootAccess !== 'Disabled',
    ...(d.KmsKeyId ? { kmsKeyId: d.KmsKeyId } : {}),
    ...(d.SubnetId ? { subnetId: d.SubnetId } : {}),
    ...(imds ? { instanceMetadataServiceMinimumVersion: imds } : {}),
  };
}

export function mapDomain(scope: Scope, d: DescribeDomainResponse): AwsSagemakerDomain {
  return {
    ...envelope(scope, d.DomainArn!, d.DomainName ?? d.DomainId ?? ''),
    kind: 'aws.sagemaker.domain',
    category: 'ml.notebook',
    ...(d.Status ? { status: d.Status } : {}),
    appNetworkAccessType: d.AppNetworkAccessType === 'VpcOnly' ? 'VpcOnly' : 'PublicInternetOnly',
    ...(d.KmsKeyId ? { kmsKeyId: d.KmsKeyId } : {}),
    ...(d.DefaultUserSettings?.ExecutionRole ? { defaultExecutionRole: d.DefaultUserSettings.ExecutionRole } : {}),
    ...(d.AuthMode ? { authMode: d.AuthMode } : {}),
  };
}

/**
 * Every S3 location of a model package's model data: the containers of InferenceSpecification and of each
 * AdditionalInferenceSpecifications entry (with their manifests and additional sources), and the model data of
 * SourceAlgorithmSpecification.SourceAlgorithms.
 */
export function modelPackageDataUrls(d: Pick<DescribeModelPackageOutput, 'InferenceSpecification' | 'AdditionalInferenceSpecifications' | 'SourceAlgorithmSpecification'>): string[] {
  const containers = [...(d.InferenceSpecification?.Containers ?? []), ...(d.AdditionalInferenceSpecifications ?? []).flatMap((s) => s.Containers ?? [])];
  return [
    ...containers.flatMap((c) => [modelDataUrl(c), ...additionalModelDataUrls(c)]),
    ...(d.SourceAlgorithmSpecification?.SourceAlgorithms ?? []).map(modelDataUrl),
  ].filter((u): u is string => !!u);
}
