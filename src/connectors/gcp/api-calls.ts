import type { GcpService } from './coverage.js';

/**
 * Every Google API method the GCP connector calls, with the IAM permissions it needs.
 * The read-only guard allows only these methods, and `aispm permissions gcp` is generated from this list.
 */
export interface GcpApiCall {
  service: GcpService;
  /**
   * the client class (or Storage object path) the method is called on; the collector sends buckets.list and
   * buckets.getIamPolicy, the same requests, through StorageReads (storage-reads.ts) on the same Storage client
   */
  client: GcpClientName;
  /** method name on that client */
  method: string;
  /** the REST/RPC method in Google's reference, e.g. "buckets.list" or "google.cloud.aiplatform.v1.DatasetService.ListDatasets" */
  rpc: string;
  permissions: string[];
  purpose: string;
}

export type GcpClientName =
  | 'ProjectsClient'
  | 'FoldersClient'
  | 'Storage'
  | 'Bucket.iam'
  | 'Bucket.acl'
  | 'Bucket.acl.default'
  | 'DatasetServiceClient'
  | 'PipelineServiceClient'
  | 'JobServiceClient'
  | 'ModelServiceClient'
  | 'EndpointServiceClient'
  | 'NotebookServiceClient'
  | 'OrgPolicyClient';

export const GCP_API_CALLS: readonly GcpApiCall[] = [
  { service: 'resourcemanager', client: 'ProjectsClient', method: 'getProject', rpc: 'projects.get', permissions: ['resourcemanager.projects.get'], purpose: 'project number (to recognise the default compute service account)' },
  { service: 'resourcemanager', client: 'ProjectsClient', method: 'listProjects', rpc: 'projects.list', permissions: ['resourcemanager.projects.list'], purpose: 'projects under --organization / --folder' },
  { service: 'resourcemanager', client: 'ProjectsClient', method: 'getIamPolicy', rpc: 'projects.getIamPolicy', permissions: ['resourcemanager.projects.getIamPolicy'], purpose: 'project-wide roles of the service accounts AI resources run as' },
  { service: 'resourcemanager', client: 'FoldersClient', method: 'listFolders', rpc: 'folders.list', permissions: ['resourcemanager.folders.list'], purpose: 'walk folders under --organization / --folder' },
  { service: 'orgpolicy', client: 'OrgPolicyClient', method: 'getEffectivePolicy', rpc: 'google.cloud.orgpolicy.v2.OrgPolicy.GetEffectivePolicy', permissions: ['orgpolicy.policy.get'], purpose: 'whether the storage.publicAccessPrevention organization policy protects buckets whose own setting is "inherited"' },
  { service: 'storage', client: 'Storage', method: 'getBuckets', rpc: 'buckets.list', permissions: ['storage.buckets.list'], purpose: 'bucket settings (projection=full): uniform access, public access prevention, versioning, retention, soft delete, KMS key, logging, labels, and the legacy ACLs when the caller may read them' },
  { service: 'storage', client: 'Bucket.iam', method: 'getPolicy', rpc: 'buckets.getIamPolicy', permissions: ['storage.buckets.getIamPolicy'], purpose: 'bucket IAM policy (version 3, with conditions)' },
  { service: 'storage', client: 'Bucket.acl', method: 'get', rpc: 'bucketAccessControls.list', permissions: ['storage.buckets.get', 'storage.buckets.getIamPolicy'], purpose: 'legacy bucket ACL when uniform bucket-level access is off and buckets.list left it out (caller without storage.buckets.getIamPolicy)' },
  { service: 'storage', client: 'Bucket.acl.default', method: 'get', rpc: 'defaultObjectAccessControls.list', permissions: ['storage.buckets.get', 'storage.buckets.getIamPolicy'], purpose: 'default object ACL when uniform bucket-level access is off and buckets.list left it out (caller without storage.buckets.getIamPolicy)' },
  { service: 'aiplatform', client: 'DatasetServiceClient', method: 'listLocationsAsync', rpc: 'google.cloud.location.Locations.ListLocations', permissions: ['aiplatform.locations.list'], purpose: 'Vertex AI locations when --locations is not given' },
  { service: 'aiplatform', client: 'DatasetServiceClient', method: 'listDatasets', rpc: 'google.cloud.aiplatform.v1.DatasetService.ListDatasets', permissions: ['aiplatform.datasets.list'], purpose: 'datasets and their Cloud Storage sources' },
  { service: 'aiplatform', client: 'PipelineServiceClient', method: 'listTrainingPipelines', rpc: 'google.cloud.aiplatform.v1.PipelineService.ListTrainingPipelines', permissions: ['aiplatform.trainingPipelines.list'], purpose: 'training pipelines: input dataset/URIs, output directory, service account, network, encryption' },
  { service: 'aiplatform', client: 'JobServiceClient', method: 'listCustomJobs', rpc: 'google.cloud.aiplatform.v1.JobService.ListCustomJobs', permissions: ['aiplatform.customJobs.list'], purpose: 'custom jobs: inputs, output directory, service account, network, encryption' },
  { service: 'aiplatform', client: 'ModelServiceClient', method: 'listModels', rpc: 'google.cloud.aiplatform.v1.ModelService.ListModels', permissions: ['aiplatform.models.list'], purpose: 'models: artifact URI, encryption, deployments' },
  { service: 'aiplatform', client: 'EndpointServiceClient', method: 'listEndpoints', rpc: 'google.cloud.aiplatform.v1.EndpointService.ListEndpoints', permissions: ['aiplatform.endpoints.list'], purpose: 'endpoints: deployed models, public or private, encryption' },
  { service: 'notebooks', client: 'NotebookServiceClient', method: 'listLocationsAsync', rpc: 'google.cloud.location.Locations.ListLocations', permissions: ['notebooks.locations.list'], purpose: 'Workbench zones inside the scanned regions' },
  { service: 'notebooks', client: 'NotebookServiceClient', method: 'listInstances', rpc: 'google.cloud.notebooks.v2.NotebookService.ListInstances', permissions: ['notebooks.instances.list'], purpose: 'Workbench instances: public IP, service account, root access, network' },
];

export function declaredCall(client: GcpClientName, method: string): GcpApiCall {
  const call = GCP_API_CALLS.find((c) => c.client === client && c.method === method);
  if (!call) throw new Error(`undeclared GCP API call ${client}.${method}`);
  return call;
}

export function permissionOf(client: GcpClientName, method: string): string {
  return declaredCall(client, method).permissions.join(' + ');
}

/** Sorted, de-duplicated IAM permissions the connector needs. */
export function requiredGcpPermissions(): string[] {
  return [...new Set(GCP_API_CALLS.flatMap((c) => c.permissions))].sort();
}
