import { z } from 'zod';
import { KINDS, type Kind } from './kinds.js';
import { AwsS3Bucket } from './resources/aws-s3-bucket.js';
import {
  AwsSagemakerDomain,
  AwsSagemakerEndpoint,
  AwsSagemakerEndpointConfig,
  AwsSagemakerModel,
  AwsSagemakerModelPackageGroup,
  AwsSagemakerNotebookInstance,
  AwsSagemakerProcessingJob,
  AwsSagemakerTrainingJob,
} from './resources/aws-sagemaker.js';
import { AwsIamRole } from './resources/aws-iam-role.js';
import {
  AwsBedrockCustomModel,
  AwsBedrockCustomizationJob,
  AwsBedrockGuardrail,
  AwsBedrockInvocationLogging,
  AwsBedrockKnowledgeBase,
} from './resources/aws-bedrock.js';
import { GcpStorageBucket } from './resources/gcp-storage-bucket.js';
import {
  GcpVertexaiCustomJob,
  GcpVertexaiDataset,
  GcpVertexaiEndpoint,
  GcpVertexaiModel,
  GcpVertexaiTrainingPipeline,
} from './resources/gcp-vertexai.js';
import { GcpIamServiceAccount, GcpNotebooksInstance } from './resources/gcp-other.js';

/** kind -> schema. `satisfies` makes the compiler insist every kind in KINDS has exactly one schema. */
export const RESOURCE_SCHEMAS = {
  'aws.s3.bucket': AwsS3Bucket,
  'aws.sagemaker.training-job': AwsSagemakerTrainingJob,
  'aws.sagemaker.processing-job': AwsSagemakerProcessingJob,
  'aws.sagemaker.model': AwsSagemakerModel,
  'aws.sagemaker.endpoint-config': AwsSagemakerEndpointConfig,
  'aws.sagemaker.endpoint': AwsSagemakerEndpoint,
  'aws.sagemaker.notebook-instance': AwsSagemakerNotebookInstance,
  'aws.sagemaker.domain': AwsSagemakerDomain,
  'aws.sagemaker.model-package-group': AwsSagemakerModelPackageGroup,
  'aws.iam.role': AwsIamRole,
  'aws.bedrock.custom-model': AwsBedrockCustomModel,
  'aws.bedrock.customization-job': AwsBedrockCustomizationJob,
  'aws.bedrock.knowledge-base': AwsBedrockKnowledgeBase,
  'aws.bedrock.guardrail': AwsBedrockGuardrail,
  'aws.bedrock.invocation-logging': AwsBedrockInvocationLogging,
  'gcp.storage.bucket': GcpStorageBucket,
  'gcp.vertexai.dataset': GcpVertexaiDataset,
  'gcp.vertexai.training-pipeline': GcpVertexaiTrainingPipeline,
  'gcp.vertexai.custom-job': GcpVertexaiCustomJob,
  'gcp.vertexai.model': GcpVertexaiModel,
  'gcp.vertexai.endpoint': GcpVertexaiEndpoint,
  'gcp.notebooks.instance': GcpNotebooksInstance,
  'gcp.iam.service-account': GcpIamServiceAccount,
} as const satisfies { [K in Kind]: z.ZodObject<any> };

type Schemas = typeof RESOURCE_SCHEMAS;
export type ResourceOf<K extends Kind> = z.infer<Schemas[K]>;
export type Resource = { [K in Kind]: ResourceOf<K> }[Kind];

export const Resource = z.discriminatedUnion('kind', Object.values(RESOURCE_SCHEMAS) as unknown as [Schemas[Kind], ...Schemas[Kind][]]);

export function isResourceOf<K extends Kind>(r: Resource, kind: K): r is ResourceOf<K> & Resource {
  return r.kind === kind;
}

export function categoryOf(kind: Kind) {
  return KINDS[kind].category;
}

export * from './resources/aws-s3-bucket.js';
export * from './resources/aws-sagemaker.js';
export * from './resources/aws-iam-role.js';
export * from './resources/aws-bedrock.js';
export * from './resources/gcp-storage-bucket.js';
export * from './resources/gcp-vertexai.js';
export * from './resources/gcp-other.js';
