import { createRequire } from 'node:module';
import type { GcpClientName } from './api-calls.js';

// The Google client libraries are CommonJS (Storage ships both builds). Loaded with require(), they skip the ESM
// loader: no export scan of each CommonJS file and, under the CLI's tsx loader, no hook round trips per module
// (about 0.25 s of CPU for Storage, google-gax and the five Vertex AI clients).
const require = createRequire(import.meta.url);

type GapicClientName = Exclude<GcpClientName, 'Storage' | 'Bucket.iam' | 'Bucket.acl' | 'Bucket.acl.default'>;

/**
 * The module of each generated (gapic) client class the connector uses. A package's index loads every API version it
 * ships and its static protos.js (for @google-cloud/aiplatform, v1 and v1beta1 with a 16 MB protos.js: about 0.7 s of
 * CPU); each client module loads only google-gax and the package's protos.json. The class is the same one the index
 * exports (the index re-exports these modules).
 */
const MODULES: Record<GapicClientName, string> = {
  DatasetServiceClient: '@google-cloud/aiplatform/build/src/v1/dataset_service_client.js',
  PipelineServiceClient: '@google-cloud/aiplatform/build/src/v1/pipeline_service_client.js',
  JobServiceClient: '@google-cloud/aiplatform/build/src/v1/job_service_client.js',
  ModelServiceClient: '@google-cloud/aiplatform/build/src/v1/model_service_client.js',
  EndpointServiceClient: '@google-cloud/aiplatform/build/src/v1/endpoint_service_client.js',
  ProjectsClient: '@google-cloud/resource-manager/build/src/v3/projects_client.js',
  FoldersClient: '@google-cloud/resource-manager/build/src/v3/folders_client.js',
  NotebookServiceClient: '@google-cloud/notebooks/build/src/v2/notebook_service_client.js',
  OrgPolicyClient: '@google-cloud/org-policy/build/src/v2/org_policy_client.js',
};

/** The client class `name`, loaded on first use from its own module. */
export function loadClientClass<C>(name: GapicClientName): C {
  const ctor = (require(MODULES[name]) as Record<string, unknown>)[name];
  if (typeof ctor !== 'function') throw new Error(`${MODULES[name]} does not export ${name}`);
  return ctor as C;
}

/** google-gax 5, the copy Resource Manager, Vertex AI and Notebooks use. */
export const loadGax = (): typeof import('google-gax') => require('google-gax');

/** The Storage client class (its CommonJS build). */
export const loadStorageClass = (): typeof import('@google-cloud/storage').Storage => (require('@google-cloud/storage') as typeof import('@google-cloud/storage')).Storage;

/** The Storage client's error class, for the inner answers of a batch request. */
export const loadStorageApiError = (): typeof import('@google-cloud/storage').ApiError => (require('@google-cloud/storage') as typeof import('@google-cloud/storage')).ApiError;
