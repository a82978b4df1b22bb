// The declared table of API calls each resource kind needs, by the fields each call fills. bench:collect derives
// from it the minimum number of calls a scan needs for the fields the rules, the access analysis and the lineage
// graph read, and compares it with the calls the connector made, so wasted calls show.
import type { LoadedRule } from '../src/rules/load.js';

export interface CallNeed {
  operation: string;
  /** top-level resource fields this call fills; empty for a call another call already answers (never needed) */
  fields: string[];
  /** how many times per resource: 1, or the name of a data count from the estate (shared sub-items) */
  per?: 'resource' | { data: string };
}

export interface KindCalls {
  kind: string;
  service: string;
  /** the list call and the largest page the API allows */
  list?: { operation: string; maxPage: number; perScope?: 'region' | 'location' };
  calls: CallNeed[];
}

/** Fields read by the stages that run before the rules: the access analysis and the lineage graph. */
export const NEEDED_BY_ANALYSIS: Record<string, string[]> = {
  'aws.s3.bucket': ['policy', 'acl', 'publicAccessBlock', 'accountPublicAccessBlock', 'ownershipControls'],
  'aws.sagemaker.training-job': ['roleArn', 'inputs', 'outputPath', 'modelArtifacts'],
  'aws.sagemaker.processing-job': ['roleArn', 'inputs', 'outputs'],
  'aws.sagemaker.model': ['executionRoleArn', 'containers', 'trainingJobName'],
  'aws.sagemaker.endpoint-config': ['productionVariants'],
  'aws.sagemaker.endpoint': ['endpointConfigName'],
  'aws.sagemaker.notebook-instance': ['roleArn'],
  'aws.sagemaker.domain': ['defaultExecutionRole'],
  'aws.sagemaker.model-package-group': ['policy', 'packages'],
  'aws.iam.role': ['trustPolicy', 'inlinePolicies', 'attachedPolicies', 'permissionsBoundaryArn'],
  'aws.bedrock.customization-job': ['roleArn', 'trainingDataS3Uri', 'validationDataS3Uris', 'outputDataS3Uri', 'outputModelArn'],
  'aws.bedrock.custom-model': ['jobArn'],
  'aws.bedrock.knowledge-base': ['roleArn', 'dataSources'],
  'gcp.storage.bucket': ['iamPolicy', 'acl', 'defaultObjectAcl', 'uniformBucketLevelAccess', 'publicAccessPrevention'],
};

const describe = (operation: string, fields: string[]): CallNeed => ({ operation, fields });

export const AWS_CALL_TABLE: KindCalls[] = [
  {
    kind: 'aws.s3.bucket',
    service: 's3',
    // ListBuckets returns BucketRegion, so GetBucketLocation is only needed for buckets listed without it
    list: { operation: 'ListBuckets', maxPage: 10_000 },
    calls: [
      describe('GetBucketPolicy', ['policy']),
      describe('GetBucketAcl', ['acl']),
      describe('GetPublicAccessBlock', ['publicAccessBlock']),
      describe('GetBucketOwnershipControls', ['ownershipControls']),
      describe('GetBucketVersioning', ['versioning']),
      describe('GetObjectLockConfiguration', ['objectLock']),
      describe('GetBucketEncryption', ['encryption']),
      describe('GetBucketLogging', ['logging']),
      describe('GetBucketTagging', ['tags']),
      // redundant when ListBuckets returned BucketRegion (it does): listed so that such calls show as extra
      describe('GetBucketLocation', []),
    ],
  },
  ...(
    [
      ['aws.sagemaker.training-job', 'TrainingJobs', ['roleArn', 'trainingImage', 'inputs', 'outputPath', 'outputKmsKeyId', 'volumeKmsKeyId', 'modelArtifacts', 'enableNetworkIsolation', 'enableInterContainerTrafficEncryption', 'vpcConfig']],
      ['aws.sagemaker.processing-job', 'ProcessingJobs', ['roleArn', 'inputs', 'outputs', 'outputKmsKeyId', 'volumeKmsKeyId', 'enableNetworkIsolation', 'enableInterContainerTrafficEncryption', 'vpcConfig']],
      ['aws.sagemaker.model', 'Models', ['executionRoleArn', 'containers', 'enableNetworkIsolation', 'vpcConfig', 'trainingJobName']],
      ['aws.sagemaker.endpoint-config', 'EndpointConfigs', ['kmsKeyId', 'productionVariants', 'dataCaptureEnabled']],
      ['aws.sagemaker.endpoint', 'Endpoints', ['endpointConfigName', 'dataCaptureEnabled']],
      ['aws.sagemaker.notebook-instance', 'NotebookInstances', ['roleArn', 'directInternetAccess', 'rootAccess', 'kmsKeyId', 'subnetId', 'instanceMetadataServiceMinimumVersion']],
      ['aws.sagemaker.domain', 'Domains', ['appNetworkAccessType', 'kmsKeyId', 'defaultExecutionRole', 'authMode']],
    ] as const
  ).map(([kind, plural, fields]) => ({
    kind,
    service: 'sagemaker',
    list: { operation: `List${plural}`, maxPage: 100, perScope: 'region' as const },
    calls: [describe(`Describe${plural.replace(/s$/, '')}`, [...fields])],
  })),
  {
    kind: 'aws.sagemaker.model-package-group',
    service: 'sagemaker',
    list: { operation: 'ListModelPackageGroups', maxPage: 100, perScope: 'region' },
    calls: [describe('GetModelPackageGroupPolicy', ['policy']), describe('ListModelPackages', ['packages']), { operation: 'DescribeModelPackage', fields: ['packages'], per: { data: 'modelPackages' } }],
  },
  {
    kind: 'aws.iam.role',
    service: 'iam',
    // ListRoles returns each role's path and trust policy; GetRole adds tags and the permissions boundary
    list: { operation: 'ListRoles', maxPage: 1000 },
    calls: [
      describe('GetRole', ['permissionsBoundaryArn', 'tags']),
      describe('ListRolePolicies', ['inlinePolicies']),
      { operation: 'GetRolePolicy', fields: ['inlinePolicies'], per: { data: 'inlinePolicies' } },
      describe('ListAttachedRolePolicies', ['attachedPolicies']),
      // a managed policy's document: once per distinct policy, however many roles attach it
      { operation: 'GetPolicy', fields: ['attachedPolicies'], per: { data: 'attachedPolicies' } },
      { operation: 'GetPolicyVersion', fields: ['attachedPolicies'], per: { data: 'attachedPolicies' } },
    ],
  },
  { kind: 'aws.bedrock.custom-model', service: 'bedrock', list: { operation: 'ListCustomModels', maxPage: 1000, perScope: 'region' }, calls: [describe('GetCustomModel', ['baseModelArn', 'jobArn', 'modelKmsKeyArn', 'trainingDataS3Uri', 'outputDataS3Uri'])] },
  {
    kind: 'aws.bedrock.customization-job',
    service: 'bedrock',
    list: { operation: 'ListModelCustomizationJobs', maxPage: 1000, perScope: 'region' },
    calls: [describe('GetModelCustomizationJob', ['roleArn', 'trainingDataS3Uri', 'validationDataS3Uris', 'outputDataS3Uri', 'outputModelArn', 'outputModelKmsKeyArn', 'vpcConfig'])],
  },
  {
    kind: 'aws.bedrock.knowledge-base',
    service: 'bedrock-agent',
    list: { operation: 'ListKnowledgeBases', maxPage: 1000, perScope: 'region' },
    calls: [describe('GetKnowledgeBase', ['roleArn', 'storageType']), describe('ListDataSources', ['dataSources']), { operation: 'GetDataSource', fields: ['dataSources'], per: { data: 'knowledgeBaseDataSources' } }],
  },
];

export const GCP_CALL_TABLE: KindCalls[] = [
  {
    kind: 'gcp.storage.bucket',
    service: 'storage',
    // buckets.list with projection=full returns every setting and the legacy ACLs; the IAM policy needs its own call
    list: { operation: 'buckets.list', maxPage: 1000 },
    calls: [
      describe('buckets.getIamPolicy', ['iamPolicy']),
      // redundant with buckets.list?projection=full, which returns acl and defaultObjectAcl: listed so they show as extra
      describe('bucketAccessControls.list', []),
      describe('defaultObjectAccessControls.list', []),
    ],
  },
  ...(
    [
      ['gcp.vertexai.dataset', 'ListDatasets'],
      ['gcp.vertexai.training-pipeline', 'ListTrainingPipelines'],
      ['gcp.vertexai.custom-job', 'ListCustomJobs'],
      ['gcp.vertexai.model', 'ListModels'],
      ['gcp.vertexai.endpoint', 'ListEndpoints'],
    ] as const
  ).map(([kind, op]) => ({ kind, service: 'aiplatform', list: { operation: op, maxPage: 100, perScope: 'location' as const }, calls: [] })),
];

/** Top-level fields of each kind that some rule or analysis stage reads. */
export function neededFields(rules: readonly LoadedRule[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (kind: string, field: string) => {
    let s = out.get(kind);
    if (!s) out.set(kind, (s = new Set()));
    s.add(field);
  };
  for (const rule of rules) for (const kind of rule.kinds) for (const read of rule.reads) add(kind, read.path.split('.')[0]);
  for (const [kind, fields] of Object.entries(NEEDED_BY_ANALYSIS)) for (const f of fields) add(kind, f);
  return out;
}

export interface MinimumRow {
  kind: string;
  service: string;
  resources: number;
  /** calls the fields in use need, at the APIs' largest page sizes */
  minimum: number;
  /** operations that fill only fields no rule or stage reads (calls the scan could skip) */
  unneededOperations: string[];
}

/** Minimum calls per kind for `counts` resources, given the fields in use and the estate's data counts. */
export function minimumCalls(table: KindCalls[], counts: Record<string, number>, needed: Map<string, Set<string>>, data: Record<string, number>, scopes: { region: number; location: number }): MinimumRow[] {
  return table.map((k) => {
    const n = counts[k.kind] ?? 0;
    const fields = needed.get(k.kind) ?? new Set();
    const scopeCount = k.list?.perScope ? scopes[k.list.perScope] : 1;
    let minimum = k.list ? Math.max(scopeCount, scopeCount * Math.ceil(n / scopeCount / k.list.maxPage)) : 0;
    const unneeded: string[] = [];
    for (const c of k.calls) {
      if (!c.fields.some((f) => fields.has(f))) {
        unneeded.push(c.operation);
        continue;
      }
      minimum += c.per && c.per !== 'resource' ? (data[c.per.data] ?? 0) : n;
    }
    return { kind: k.kind, service: k.service, resources: n, minimum, unneededOperations: unneeded };
  });
}
