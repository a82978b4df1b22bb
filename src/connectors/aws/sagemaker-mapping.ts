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
    enableNetworkIsolation: d.EnableNetworkIsolation === true,
    enableInterContainerTrafficEncryption: d.EnableInterContainerTrafficEncryption === true,
    vpcConfig: mapVpc(d.VpcConfig),
    ...(created ? { creationTime: created } : {}),
  };
}

export function mapProcessingJob(scope: Scope, d: DescribeProcessingJobResponse): AwsSagemakerProcessingJob {
  const net = d.NetworkConfig;
  return {
    ...envelope(scope, d.ProcessingJobArn!, d.ProcessingJobName ?? ''),
    kind: 'aws.sagemaker.processing-job',
    category: 'ml.training',
    status: d.ProcessingJobStatus ?? 'Unknown',
    roleArn: d.RoleArn ?? '',
    inputs: (d.ProcessingInputs ?? []).filter((i) => i.S3Input?.S3Uri).map((i) => ({ inputName: i.InputName ?? '', s3Uri: i.S3Input!.S3Uri! })),
    outputs: (d.ProcessingOutputConfig?.Outputs ?? []).filter((o) => o.S3Output?.S3Uri).map((o) => ({ outputName: o.OutputName ?? '', s3Uri: o.S3Output!.S3Uri! })),
    ...(d.ProcessingOutputConfig?.KmsKeyId ? { outputKmsKeyId: d.ProcessingOutputConfig.KmsKeyId } : {}),
    ...(d.ProcessingResources?.ClusterConfig?.VolumeKmsKeyId ? { volumeKmsKeyId: d.ProcessingResources.ClusterConfig.VolumeKmsKeyId } : {}),
    enableNetworkIsolation: net?.EnableNetworkIsolation === true,
    enableInterContainerTrafficEncryption: net?.EnableInterContainerTrafficEncryption === true,
    vpcConfig: mapVpc(net?.VpcConfig),
  };
}

function mapContainer(c: ContainerDefinition) {
  const url = c.ModelDataUrl ?? c.ModelDataSource?.S3DataSource?.S3Uri;
  return {
    ...(c.Image ? { image: c.Image } : {}),
    ...(url ? { modelDataUrl: url } : {}),
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

export function mapEndpointConfig(scope: Scope, d: DescribeEndpointConfigOutput): AwsSagemakerEndpointConfig {
  return {
    ...envelope(scope, d.EndpointConfigArn!, d.EndpointConfigName ?? ''),
    kind: 'aws.sagemaker.endpoint-config',
    category: 'ml.endpoint',
    ...(d.KmsKeyId ? { kmsKeyId: d.KmsKeyId } : {}),
    productionVariants: (d.ProductionVariants ?? []).map((v) => ({
      variantName: v.VariantName ?? '',
      modelName: v.ModelName ?? '',
      ...(v.InstanceType ? { instanceType: v.InstanceType } : {}),
    })),
    dataCaptureEnabled: captures(d.DataCaptureConfig),
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

export function modelPackageDataUrls(d: Pick<DescribeModelPackageOutput, 'InferenceSpecification'>): string[] {
  return (d.InferenceSpecification?.Containers ?? []).map((c) => c.ModelDataUrl ?? c.ModelDataSource?.S3DataSource?.S3Uri).filter((u): u is string => !!u);
}
