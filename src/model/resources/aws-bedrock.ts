import { z } from 'zod';
import { envelopeShape } from '../envelope.js';
import { VpcConfig } from './aws-sagemaker.js';

export const AwsBedrockCustomModel = z.object({
  ...envelopeShape,
  kind: z.literal('aws.bedrock.custom-model'),
  baseModelArn: z.string().optional(),
  jobArn: z.string().optional(),
  customizationType: z.string().optional(),
  modelKmsKeyArn: z.string().optional(),
  trainingDataS3Uri: z.string().optional(),
  outputDataS3Uri: z.string().optional(),
});
export type AwsBedrockCustomModel = z.infer<typeof AwsBedrockCustomModel>;

export const AwsBedrockCustomizationJob = z.object({
  ...envelopeShape,
  kind: z.literal('aws.bedrock.customization-job'),
  status: z.string(),
  roleArn: z.string(),
  baseModelArn: z.string().optional(),
  trainingDataS3Uri: z.string().optional(),
  invocationLogsS3Uri: z.string().optional().describe('trainingDataConfig.invocationLogsConfig.invocationLogSource.s3Uri (distillation)'),
  validationDataS3Uris: z.array(z.string()),
  outputDataS3Uri: z.string().optional(),
  outputModelArn: z.string().optional(),
  outputModelName: z.string().optional(),
  outputModelKmsKeyArn: z.string().optional(),
  vpcConfig: VpcConfig.nullable(),
});
export type AwsBedrockCustomizationJob = z.infer<typeof AwsBedrockCustomizationJob>;

export const AwsBedrockKnowledgeBase = z.object({
  ...envelopeShape,
  kind: z.literal('aws.bedrock.knowledge-base'),
  status: z.string(),
  roleArn: z.string(),
  storageType: z.string().optional(),
  dataSources: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.string(),
      bucketArn: z.string().optional(),
      bucketOwnerAccountId: z.string().optional(),
      inclusionPrefixes: z.array(z.string()),
      kmsKeyArn: z.string().optional(),
      dataDeletionPolicy: z.string().optional(),
    }),
  ),
});
export type AwsBedrockKnowledgeBase = z.infer<typeof AwsBedrockKnowledgeBase>;

export const AwsBedrockGuardrail = z.object({
  ...envelopeShape,
  kind: z.literal('aws.bedrock.guardrail'),
  status: z.string(),
  kmsKeyArn: z.string().optional(),
  version: z.string().optional(),
});
export type AwsBedrockGuardrail = z.infer<typeof AwsBedrockGuardrail>;

/** Account-and-region setting for Bedrock model invocation logging (one per region scanned). */
export const AwsBedrockInvocationLogging = z.object({
  ...envelopeShape,
  kind: z.literal('aws.bedrock.invocation-logging'),
  enabled: z.boolean(),
  s3Destination: z.string().optional(),
  cloudWatchLogGroup: z.string().optional(),
  textDataDelivery: z.boolean(),
  guardrailCount: z.number().int().describe('guardrails defined in this region'),
});
export type AwsBedrockInvocationLogging = z.infer<typeof AwsBedrockInvocationLogging>;
