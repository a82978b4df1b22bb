import {
  DescribeDomainCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  DescribeNotebookInstanceCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  GetModelPackageGroupPolicyCommand,
  ListDomainsCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  ListNotebookInstancesCommand,
  ListProcessingJobsCommand,
  ListTrainingJobsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { AwsSagemakerModelPackageGroup, Gap, Resource } from '../../model/index.js';
import { call } from './api-calls.js';
import type { AwsCollector } from './collector.js';
import type { ServiceContext } from './context.js';
import { parsePolicyDocument } from './s3-mapping.js';
import {
  mapDomain,
  mapEndpoint,
  mapEndpointConfig,
  mapModel,
  mapNotebookInstance,
  mapProcessingJob,
  mapTrainingJob,
  modelPackageDataUrls,
  type Scope,
} from './sagemaker-mapping.js';

const SM_CALLS = [
  call('sagemaker', 'ListTrainingJobs', 'sagemaker:ListTrainingJobs'),
  call('sagemaker', 'DescribeTrainingJob', 'sagemaker:DescribeTrainingJob'),
  call('sagemaker', 'ListProcessingJobs', 'sagemaker:ListProcessingJobs'),
  call('sagemaker', 'DescribeProcessingJob', 'sagemaker:DescribeProcessingJob'),
  call('sagemaker', 'ListModels', 'sagemaker:ListModels'),
  call('sagemaker', 'DescribeModel', 'sagemaker:DescribeModel'),
  call('sagemaker', 'ListEndpointConfigs', 'sagemaker:ListEndpointConfigs'),
  call('sagemaker', 'DescribeEndpointConfig', 'sagemaker:DescribeEndpointConfig'),
  call('sagemaker', 'ListEndpoints', 'sagemaker:ListEndpoints'),
  call('sagemaker', 'DescribeEndpoint', 'sagemaker:DescribeEndpoint'),
  call('sagemaker', 'ListNotebookInstances', 'sagemaker:ListNotebookInstances'),
  call('sagemaker', 'DescribeNotebookInstance', 'sagemaker:DescribeNotebookInstance'),
  call('sagemaker', 'ListDomains', 'sagemaker:ListDomains'),
  call('sagemaker', 'DescribeDomain', 'sagemaker:DescribeDomain'),
  call('sagemaker', 'ListModelPackageGroups', 'sagemaker:ListModelPackageGroups'),
  call('sagemaker', 'GetModelPackageGroupPolicy', 'sagemaker:GetModelPackageGroupPolicy'),
  call('sagemaker', 'ListModelPackages', 'sagemaker:ListModelPackages'),
  call('sagemaker', 'DescribeModelPackage', 'sagemaker:DescribeModelPackage'),
] as const;

const PAGE = 100;

interface Kind<S> {
  list: string;
  describe: string;
  listPage(client: SageMakerClient, token: string | undefined, size: number): Promise<{ items: S[] | undefined; next: string | undefined }>;
  idOf(summary: S): string;
  fetch(client: SageMakerClient, summary: S): Promise<unknown>;
  map(scope: Scope, described: any): Resource;
  /** The resource built from the list summary alone when its describe call fails; every described field is a gap. */
  stub(scope: Scope, summary: S, gaps: Gap[]): Resource;
  describedFields: string[];
  roleOf(r: Resource): string | undefined;
}

const base = (scope: Scope, id: string, name: string, gaps: Gap[]) => ({ id, provider: 'aws' as const, account: scope.account, region: scope.region, name, tags: {}, gaps });

const KINDS: Kind<any>[] = [
  {
    list: 'ListTrainingJobs',
    describe: 'DescribeTrainingJob',
    listPage: async (c, t, size) => {
      const p = await c.send(new ListTrainingJobsCommand({ MaxResults: size, NextToken: t }));
      return { items: p.TrainingJobSummaries, next: p.NextToken };
    },
    idOf: (s) => s.TrainingJobArn,
    fetch: (c, s) => c.send(new DescribeTrainingJobCommand({ TrainingJobName: s.TrainingJobName })),
    map: mapTrainingJob,
    stub: (scope, s, gaps) => ({
      ...base(scope, s.TrainingJobArn, s.TrainingJobName, gaps),
      kind: 'aws.sagemaker.training-job',
      category: 'ml.training',
      status: s.TrainingJobStatus ?? 'Unknown',
      roleArn: '',
      inputs: [],
      enableNetworkIsolation: false,
      enableInterContainerTrafficEncryption: false,
      vpcConfig: null,
    }),
    describedFields: ['roleArn', 'trainingImage', 'inputs', 'outputPath', 'outputKmsKeyId', 'volumeKmsKeyId', 'modelArtifacts', 'checkpointS3Uri', 'diagnosticOutputs', 'enableNetworkIsolation', 'enableInterContainerTrafficEncryption', 'vpcConfig'],
    roleOf: (r) => (r as { roleArn?: string }).roleArn,
  },
  {
    list: 'ListProcessingJobs',
    describe: 'DescribeProcessingJob',
    listPage: async (c, t, size) => {
      const p = await c.send(new ListProcessingJobsCommand({ MaxResults: size, NextToken: t }));
      return { items: p.ProcessingJobSummaries, next: p.NextToken };
    },
    idOf: (s) => s.ProcessingJobArn,
    fetch: (c, s) => c.send(new DescribeProcessingJobCommand({ ProcessingJobName: s.ProcessingJobName })),
    map: mapProcessingJob,
    stub: (scope, s, gaps) => ({
      ...base(scope, s.ProcessingJobArn, s.ProcessingJobName, gaps),
      kind: 'aws.sagemaker.processing-job',
      category: 'ml.training',
      status: s.ProcessingJobStatus ?? 'Unknown',
      roleArn: '',
      inputs: [],
      outputs: [],
      enableNetworkIsolation: false,
      enableInterContainerTrafficEncryption: false,
      vpcConfig: null,
    }),
    describedFields: ['roleArn', 'inputs', 'outputs', 'outputKmsKeyId', 'volumeKmsKeyId', 'enableNetworkIsolation', 'enableInterContainerTrafficEncryption', 'vpcConfig'],
    roleOf: (r) => (r as { roleArn?: string }).roleArn,
  },
  {
    list: 'ListModels',
    describe: 'DescribeModel',
    listPage: async (c, t, size) => {
      const p = await c.send(new ListModelsCommand({ MaxResults: size, NextToken: t }));
      return { items: p.Models, next: p.NextToken };
    },
    idOf: (s) => s.ModelArn,
    fetch: (c, s) => c.send(new DescribeModelCommand({ ModelName: s.ModelName })),
    map: mapModel,
    stub: (scope, s, gaps) => ({
      ...base(scope, s.ModelArn, s.ModelName, gaps),
      kind: 'aws.sagemaker.model',
      category: 'ml.model',
      containers: [],
      enableNetworkIsolation: false,
      vpcConfig: null,
    }),
    describedFields: ['executionRoleArn', 'containers', 'enableNetworkIsolation', 'vpcConfig'],
    roleOf: (r) => (r as { executionRoleArn?: string }).executionRoleArn,
  },
  {
    list: 'ListEndpointConfigs',
    describe: 'DescribeEndpointConfig',
    listPage: async (c, t, size) => {
      const p = await c.send(new ListEndpointConfigsCommand({ MaxResults: size, NextToken: t }));
      return { items: p.EndpointConfigs, next: p.NextToken };
    },
    idOf: (s) => s.EndpointConfigArn,
    fetch: (c, s) => c.send(new DescribeEndpointConfigCommand({ EndpointConfigName: s.EndpointConfigName })),
    map: mapEndpointConfig,
    stub: (scope, s, gaps) => ({
      ...base(scope, s.EndpointConfigArn, s.EndpointConfigName, gaps),
      kind: 'aws.sagemaker.endpoint-config',
      category: 'ml.endpoint',
      productionVariants: [],
      dataCaptureEnabled: false,
    }),
    describedFields: ['kmsKeyId', 'productionVariants', 'shadowProductionVariants', 'executionRoleArn', 'dataCaptureEnabled', 'dataCaptureDestination', 'asyncOutputPath', 'asyncFailurePath'],
    roleOf: (r) => (r as { executionRoleArn?: string }).executionRoleArn,
  },
  {
    list: 'ListEndpoints',
    describe: 'DescribeEndpoint',
    listPage: async (c, t, size) => {
      const p = await c.send(new ListEndpointsCommand({ MaxResults: size, NextToken: t }));
      return { items: p.Endpoints, next: p.NextToken };
    },
    idOf: (s) => s.EndpointArn,
    fetch: (c, s) => c.send(new DescribeEndpointCommand({ EndpointName: s.EndpointName })),
    map: mapEndpoint,
    stub: (scope, s, gaps) => ({
      ...base(scope, s.EndpointArn, s.EndpointName, gaps),
      kind: 'aws.sagemaker.endpoint',
      category: 'ml.endpoint',
      status: s.EndpointStatus ?? 'Unknown',
      endpointConfigName: '',
      dataCaptureEnabled: false,
    }),
    describedFields: ['endpointConfigName', 'dataCaptureEnabled', 'dataCaptureDestination', 'asyncOutputPath', 'asyncFailurePath'],
    roleOf: () => undefined,
  },
  {
    list: 'ListNotebookInstances',
    describe: 'DescribeNotebookInstance',
    listPage: async (c, t, size) => {
      const p = await c.send(new ListNotebookInstancesCommand({ MaxResults: size, NextToken: t }));
      return { items: p.NotebookInstances, next: p.NextToken };
    },
    idOf: (s) => s.NotebookInstanceArn,
    fetch: (c, s) => c.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: s.NotebookInstanceName })),
    map: mapNotebookInstance,
    stub: (scope, s, gaps) => ({
      ...base(scope, s.NotebookInstanceArn, s.NotebookInstanceName, gaps),
      kind: 'aws.sagemaker.notebook-instance',
      category: 'ml.notebook',
      status: s.NotebookInstanceStatus ?? 'Unknown',
      roleArn: '',
      directInternetAccess: false,
      rootAccess: false,
    }),
    describedFields: ['roleArn', 'directInternetAccess', 'rootAccess', 'kmsKeyId', 'subnetId', 'instanceMetadataServiceMinimumVersion'],
    roleOf: (r) => (r as { roleArn?: string }).roleArn,
  },
  {
    list: 'ListDomains',
    describe: 'DescribeDomain',
    listPage: async (c, t, size) => {
      const p = await c.send(new ListDomainsCommand({ MaxResults: size, NextToken: t }));
      return { items: p.Domains, next: p.NextToken };
    },
    idOf: (s) => s.DomainArn,
    fetch: (c, s) => c.send(new DescribeDomainCommand({ DomainId: s.DomainId })),
    map: mapDomain,
    stub: (scope, s, gaps) => ({
      ...base(scope, s.DomainArn, s.DomainName ?? s.DomainId, gaps),
      kind: 'aws.sagemaker.domain',
      category: 'ml.notebook',
      appNetworkAccessType: 'PublicInternetOnly',
    }),
    describedFields: ['appNetworkAccessType', 'kmsKeyId', 'defaultExecutionRole', 'authMode'],
    roleOf: (r) => (r as { defaultExecutionRole?: string }).defaultExecutionRole,
  },
];

export const sagemakerCollector: AwsCollector = {
  service: 'sagemaker',
  scope: 'regional',
  phase: 'resources',
  calls: SM_CALLS,
  async collect(ctx) {
    const client = ctx.clients.get('sagemaker', ctx.region);
    const scope = { account: ctx.account, region: ctx.region };
    ctx.progress.start(ctx.task);
    let total = 0;
    let done = 0;
    const tick = () => ctx.progress.advance(ctx.task, ++done, total);
    await Promise.all([
      ...KINDS.map((k) => collectKind(ctx, client, scope, k, (n) => (total += n), tick)),
      collectModelPackageGroups(ctx, client, scope, (n) => (total += n), tick),
    ]);
    ctx.progress.finish(ctx.task);
  },
};

async function collectKind<S>(ctx: ServiceContext, client: SageMakerClient, scope: Scope, k: Kind<S>, found: (n: number) => void, tick: () => void) {
  const summaries = await ctx.list(
    k.list,
    (token) => k.listPage(client, token, ctx.pageSize(PAGE)),
    (p) => p.items,
    (p) => p.next,
  );
  found(summaries.length);
  await Promise.all(
    summaries.map(async (s) => {
      const id = k.idOf(s);
      const gaps: Gap[] = [];
      const described = await ctx.request(k.describe, () => k.fetch(client, s), { resourceId: id, fields: k.describedFields, gaps });
      const resource = described.ok ? k.map(scope, described.value) : k.stub(scope, s, gaps);
      const role = k.roleOf(resource);
      if (role) ctx.sink.referencedRoles.add(role);
      ctx.addResource(resource);
      tick();
    }),
  );
}

async function collectModelPackageGroups(ctx: ServiceContext, client: SageMakerClient, scope: Scope, found: (n: number) => void, tick: () => void) {
  const groups = await ctx.list(
    'ListModelPackageGroups',
    (t) => client.send(new ListModelPackageGroupsCommand({ MaxResults: ctx.pageSize(PAGE), NextToken: t })),
    (p) => p.ModelPackageGroupSummaryList,
    (p) => p.NextToken,
  );
  found(groups.length);
  await Promise.all(
    groups.map(async (g) => {
      const id = g.ModelPackageGroupArn!;
      const name = g.ModelPackageGroupName!;
      const gaps: Gap[] = [];
      const [policy, packages] = await Promise.all([
        // SageMaker answers a group without a policy with a ValidationException or ResourceNotFound
        ctx.request('GetModelPackageGroupPolicy', () => client.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: name })), {
          resourceId: id,
          fields: ['policy'],
          gaps,
          absent: ['ResourceNotFound', 'ValidationException'],
        }),
        listPackages(ctx, client, id, name, gaps),
      ]);
      let doc: AwsSagemakerModelPackageGroup['policy'] = null;
      if (policy.ok && policy.value.ResourcePolicy) {
        const parsed = parsePolicyDocument(policy.value.ResourcePolicy);
        if (parsed.ok) doc = parsed.value;
        else gaps.push({ path: 'policy', reason: parsed.reason });
      }
      ctx.addResource({ ...base(scope, id, name, gaps), kind: 'aws.sagemaker.model-package-group', category: 'ml.model', policy: doc, packages });
      tick();
    }),
  );
}

async function listPackages(ctx: ServiceContext, client: SageMakerClient, groupId: string, groupName: string, gaps: Gap[]): Promise<AwsSagemakerModelPackageGroup['packages']> {
  const summaries = await ctx.list(
    'ListModelPackages',
    (t) => client.send(new ListModelPackagesCommand({ ModelPackageGroupName: groupName, MaxResults: ctx.pageSize(PAGE), NextToken: t })),
    (p) => p.ModelPackageSummaryList,
    (p) => p.NextToken,
    { resourceId: groupId, fields: ['packages'], gaps },
  );
  return Promise.all(
    summaries.map(async (s) => {
      const described = await ctx.request('DescribeModelPackage', () => client.send(new DescribeModelPackageCommand({ ModelPackageName: s.ModelPackageArn })), {
        resourceId: groupId,
        fields: ['packages'],
        gaps,
      });
      return {
        arn: s.ModelPackageArn!,
        ...(s.ModelApprovalStatus ? { approvalStatus: s.ModelApprovalStatus } : {}),
        modelDataUrls: described.ok ? modelPackageDataUrls(described.value) : [],
      };
    }),
  );
}
