import { z } from 'zod';
import { envelopeShape } from '../envelope.js';
import { PolicyDocument } from '../policy.js';

export const VpcConfig = z.object({ subnets: z.array(z.string()), securityGroupIds: z.array(z.string()) });

export const AwsSagemakerTrainingJob = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.training-job'),
  status: z.string(),
  roleArn: z.string(),
  trainingImage: z.string().optional(),
  inputs: z.array(z.object({ channelName: z.string(), s3Uri: z.string(), s3DataType: z.string().optional() })),
  outputPath: z.string().optional(),
  outputKmsKeyId: z.string().optional(),
  volumeKmsKeyId: z.string().optional(),
  modelArtifacts: z.string().optional().describe('S3 URI of the model.tar.gz the job produced'),
  checkpointS3Uri: z.string().optional().describe('CheckpointConfig.S3Uri: checkpoints written during training and read back when it resumes'),
  diagnosticOutputs: z
    .array(z.object({ config: z.string(), s3Uri: z.string() }))
    .optional()
    .describe('S3OutputPath of DebugHookConfig, DebugRuleConfigurations, TensorBoardOutputConfig, ProfilerConfig, ProfilerRuleConfigurations'),
  enableNetworkIsolation: z.boolean(),
  enableInterContainerTrafficEncryption: z.boolean(),
  vpcConfig: VpcConfig.nullable(),
  creationTime: z.string().optional(),
});
export type AwsSagemakerTrainingJob = z.infer<typeof AwsSagemakerTrainingJob>;

export const AwsSagemakerProcessingJob = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.processing-job'),
  status: z.string(),
  roleArn: z.string(),
  inputs: z.array(z.object({ inputName: z.string(), s3Uri: z.string() })),
  outputs: z.array(z.object({ outputName: z.string(), s3Uri: z.string() })),
  outputKmsKeyId: z.string().optional(),
  volumeKmsKeyId: z.string().optional(),
  enableNetworkIsolation: z.boolean(),
  enableInterContainerTrafficEncryption: z.boolean(),
  vpcConfig: VpcConfig.nullable(),
});
export type AwsSagemakerProcessingJob = z.infer<typeof AwsSagemakerProcessingJob>;

export const AwsSagemakerModel = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.model'),
  executionRoleArn: z.string().optional(),
  containers: z.array(
    z.object({
      image: z.string().optional(),
      modelDataUrl: z.string().optional(),
      additionalModelDataUrls: z
        .array(z.string())
        .optional()
        .describe('ModelDataSource.S3DataSource.ManifestS3Uri and AdditionalModelDataSources[].S3DataSource.S3Uri'),
      modelPackageName: z.string().optional(),
    }),
  ),
  enableNetworkIsolation: z.boolean(),
  vpcConfig: VpcConfig.nullable(),
  trainingJobName: z.string().optional().describe('training job that produced the artifact, when known'),
});
export type AwsSagemakerModel = z.infer<typeof AwsSagemakerModel>;

const ProductionVariant = z.object({ variantName: z.string(), modelName: z.string(), instanceType: z.string().optional() });

/** Where an endpoint (config) writes inference data: DataCaptureConfig and AsyncInferenceConfig.OutputConfig. */
const inferenceOutputShape = {
  dataCaptureDestination: z.string().optional().describe('DataCaptureConfig.DestinationS3Uri'),
  asyncOutputPath: z.string().optional().describe('AsyncInferenceConfig.OutputConfig.S3OutputPath'),
  asyncFailurePath: z.string().optional().describe('AsyncInferenceConfig.OutputConfig.S3FailurePath'),
};

export const AwsSagemakerEndpointConfig = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.endpoint-config'),
  kmsKeyId: z.string().optional(),
  productionVariants: z.array(ProductionVariant),
  shadowProductionVariants: z.array(ProductionVariant).optional(),
  executionRoleArn: z.string().optional(),
  dataCaptureEnabled: z.boolean(),
  ...inferenceOutputShape,
});
export type AwsSagemakerEndpointConfig = z.infer<typeof AwsSagemakerEndpointConfig>;

export const AwsSagemakerEndpoint = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.endpoint'),
  status: z.string(),
  endpointConfigName: z.string(),
  dataCaptureEnabled: z.boolean(),
  ...inferenceOutputShape,
});
export type AwsSagemakerEndpoint = z.infer<typeof AwsSagemakerEndpoint>;

export const AwsSagemakerNotebookInstance = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.notebook-instance'),
  status: z.string(),
  roleArn: z.string(),
  directInternetAccess: z.boolean(),
  rootAccess: z.boolean(),
  kmsKeyId: z.string().optional(),
  subnetId: z.string().optional(),
  instanceMetadataServiceMinimumVersion: z.string().optional(),
});
export type AwsSagemakerNotebookInstance = z.infer<typeof AwsSagemakerNotebookInstance>;

export const AwsSagemakerDomain = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.domain'),
  status: z.string().optional(),
  appNetworkAccessType: z.enum(['PublicInternetOnly', 'VpcOnly']),
  kmsKeyId: z.string().optional(),
  defaultExecutionRole: z.string().optional(),
  authMode: z.string().optional(),
});
export type AwsSagemakerDomain = z.infer<typeof AwsSagemakerDomain>;

export const AwsSagemakerModelPackageGroup = z.object({
  ...envelopeShape,
  kind: z.literal('aws.sagemaker.model-package-group'),
  policy: PolicyDocument.nullable().describe('resource policy, null when none'),
  packages: z.array(z.object({ arn: z.string(), approvalStatus: z.string().optional(), modelDataUrls: z.array(z.string()) })),
});
export type AwsSagemakerModelPackageGroup = z.infer<typeof AwsSagemakerModelPackageGroup>;
