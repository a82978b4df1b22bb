import type { Resource } from '../model/index.js';

const AWS_SERVING_STATUSES = new Set(['InService', 'Updating', 'SystemUpdating', 'RollingBack', 'UpdateRollbackFailed']);

/** An endpoint that answers inference requests now: SageMaker in service, or a Vertex endpoint with a deployed model. */
export function isServingEndpoint(r: Resource | undefined): boolean {
  if (!r) return false;
  if (r.kind === 'aws.sagemaker.endpoint') return AWS_SERVING_STATUSES.has(r.status);
  if (r.kind === 'gcp.vertexai.endpoint') return r.deployedModels.length > 0;
  return false;
}

const MODEL_TRAINING_KINDS = new Set(['aws.sagemaker.training-job', 'aws.bedrock.customization-job', 'gcp.vertexai.training-pipeline', 'gcp.vertexai.custom-job']);

/** Jobs whose output is a model (processing jobs write data, not models), by kind. */
export function kindProducesModels(kind: string): boolean {
  return MODEL_TRAINING_KINDS.has(kind);
}
