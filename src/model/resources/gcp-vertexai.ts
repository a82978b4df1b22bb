import { z } from 'zod';
import { envelopeShape } from '../envelope.js';

const kmsKeyName = z.string().nullable().describe('customer-managed key from encryptionSpec.kmsKeyName, null when Google-managed');

export const GcpVertexaiDataset = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.vertexai.dataset'),
  metadataSchemaUri: z.string().optional(),
  gcsSources: z.array(z.string()).describe('gs:// URIs the dataset imports from'),
  kmsKeyName,
});
export type GcpVertexaiDataset = z.infer<typeof GcpVertexaiDataset>;

export const GcpVertexaiTrainingPipeline = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.vertexai.training-pipeline'),
  state: z.string(),
  trainingTaskDefinition: z.string().optional(),
  datasetId: z.string().optional().describe('full resource name of the input dataset'),
  inputUris: z.array(z.string()),
  baseOutputDirectory: z.string().optional(),
  modelId: z.string().optional().describe('full resource name of the model it uploaded'),
  serviceAccount: z.string().optional(),
  network: z.string().optional(),
  kmsKeyName,
});
export type GcpVertexaiTrainingPipeline = z.infer<typeof GcpVertexaiTrainingPipeline>;

export const GcpVertexaiCustomJob = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.vertexai.custom-job'),
  state: z.string(),
  inputUris: z.array(z.string()).describe('gs:// URIs passed to the workers (args, env)'),
  baseOutputDirectory: z.string().optional(),
  serviceAccount: z.string().optional().describe('empty means the Vertex AI Custom Code Service Agent / default compute account'),
  usesDefaultServiceAccount: z.boolean(),
  network: z.string().optional(),
  enableWebAccess: z.boolean(),
  images: z.array(z.string()),
  kmsKeyName,
});
export type GcpVertexaiCustomJob = z.infer<typeof GcpVertexaiCustomJob>;

export const GcpVertexaiModel = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.vertexai.model'),
  artifactUri: z.string().optional(),
  containerImageUri: z.string().optional(),
  trainingPipeline: z.string().optional(),
  deployedEndpoints: z.array(z.string()),
  kmsKeyName,
});
export type GcpVertexaiModel = z.infer<typeof GcpVertexaiModel>;

export const GcpVertexaiEndpoint = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.vertexai.endpoint'),
  deployedModels: z.array(z.object({ id: z.string(), model: z.string(), serviceAccount: z.string().optional(), disableContainerLogging: z.boolean().optional() })),
  network: z.string().optional(),
  privateServiceConnect: z.boolean(),
  dedicatedEndpointEnabled: z.boolean(),
  publicEndpoint: z.boolean().describe('reachable from the internet: no VPC peering network and no Private Service Connect'),
  kmsKeyName,
});
export type GcpVertexaiEndpoint = z.infer<typeof GcpVertexaiEndpoint>;
