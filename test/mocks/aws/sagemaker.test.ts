import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeDomainCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
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
  paginateListTrainingJobs,
} from '@aws-sdk/client-sagemaker';
import { startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';
import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';
import { clients, failure } from './helpers.js';

const ROLE = 'arn:aws:iam::111122223333:role/exec';
const scenario: AwsScenarioInput = {
  accountId: '111122223333',
  regions: {
    'us-east-1': {
      sagemaker: {
        TrainingJobs: Array.from({ length: 25 }, (_, i) => ({
          TrainingJobName: `job-${String(i).padStart(2, '0')}`,
          TrainingJobStatus: i === 0 ? 'Failed' : 'Completed',
          CreationTime: `2025-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
          RoleArn: ROLE,
          InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://data/job-${i}/` } } }],
          OutputDataConfig: { S3OutputPath: 's3://models/out' },
          EnableNetworkIsolation: i % 2 === 0,
        })),
        ProcessingJobs: [{ ProcessingJobName: 'prep', RoleArn: ROLE, ProcessingInputs: [{ InputName: 'raw', S3Input: { S3Uri: 's3://data/raw/', LocalPath: '/opt/ml/processing/input', S3DataType: 'S3Prefix', S3InputMode: 'File' } }] }],
        Models: [{ ModelName: 'm1', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: 'img', ModelDataUrl: 's3://models/out/model.tar.gz' } }],
        EndpointConfigs: [{ EndpointConfigName: 'cfg', ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm1', InstanceType: 'ml.m5.large' }] }],
        Endpoints: [{ EndpointName: 'ep', EndpointConfigName: 'cfg' }],
        NotebookInstances: [{ NotebookInstanceName: 'nb', RoleArn: ROLE, DirectInternetAccess: 'Enabled', RootAccess: 'Enabled', InstanceType: 'ml.t3.medium' }],
        Domains: [{ DomainId: 'd-123', DomainName: 'studio', AuthMode: 'IAM', AppNetworkAccessType: 'PublicInternetOnly' }],
        ModelPackageGroups: [
          {
            ModelPackageGroupName: 'grp',
            Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sagemaker:DescribeModelPackage', Resource: '*' }] },
            ModelPackages: [{ ModelApprovalStatus: 'Approved', InferenceSpecification: { Containers: [{ Image: 'img', ModelDataUrl: 's3://models/out/model.tar.gz' }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] } }, {}],
          },
          { ModelPackageGroupName: 'private-grp' },
        ],
      },
    },
  },
  faults: [{ service: 'sagemaker', operation: 'DescribeTrainingJob', resource: 'job-03', error: 'ThrottlingException', times: 2 }],
};

let mock: AwsMock;
let sm: ReturnType<typeof clients>['sagemaker'];
beforeAll(async () => {
  mock = await startAwsMock(scenario);
  sm = clients(mock).sagemaker;
});
afterAll(() => mock.close());

describe('SageMaker', () => {
  it('pages ListTrainingJobs (default 10 per page, newest first) and rejects MaxResults above 100', async () => {
    const first = await sm.send(new ListTrainingJobsCommand({}));
    expect(first.TrainingJobSummaries).toHaveLength(10);
    expect(first.TrainingJobSummaries?.[0]).toEqual({
      TrainingJobName: 'job-24',
      TrainingJobArn: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/job-24',
      CreationTime: new Date('2025-01-25T00:00:00Z'),
      TrainingJobStatus: 'Completed',
    });
    const names: string[] = [];
    let pages = 0;
    for await (const p of paginateListTrainingJobs({ client: sm }, {})) {
      pages++;
      names.push(...(p.TrainingJobSummaries ?? []).map((s) => s.TrainingJobName!));
    }
    expect(pages).toBe(3);
    expect(new Set(names).size).toBe(25);
    expect(await failure(sm.send(new ListTrainingJobsCommand({ MaxResults: 101 })))).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(await failure(sm.send(new ListTrainingJobsCommand({ NextToken: 'garbage' })))).toMatchObject({ name: 'ValidationException', status: 400 });
    // as documented, StatusEquals filters each page of MaxResults jobs: short or empty pages, NextToken goes on
    const failedPages: string[][] = [];
    for await (const p of paginateListTrainingJobs({ client: sm }, { StatusEquals: 'Failed' })) failedPages.push((p.TrainingJobSummaries ?? []).map((s) => s.TrainingJobName!));
    expect(failedPages).toEqual([[], [], ['job-00']]);
    expect((await sm.send(new ListModelsCommand({ NameContains: 'm1' }))).Models?.map((m) => m.ModelName)).toEqual(['m1']);
  });

  it('describes every kind with the scenario fields, timestamps as dates', async () => {
    const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'job-05' }));
    expect(job).toMatchObject({ TrainingJobName: 'job-05', RoleArn: ROLE, EnableNetworkIsolation: false, CreationTime: new Date('2025-01-06T00:00:00Z') });
    expect(job.InputDataConfig?.[0].DataSource?.S3DataSource?.S3Uri).toBe('s3://data/job-5/');
    expect((await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'prep' }))).ProcessingInputs?.[0].S3Input?.S3Uri).toBe('s3://data/raw/');
    expect((await sm.send(new DescribeModelCommand({ ModelName: 'm1' }))).PrimaryContainer?.ModelDataUrl).toBe('s3://models/out/model.tar.gz');
    expect((await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'cfg' }))).ProductionVariants?.[0].ModelName).toBe('m1');
    expect(await sm.send(new DescribeEndpointCommand({ EndpointName: 'ep' }))).toMatchObject({ EndpointConfigName: 'cfg', EndpointStatus: 'InService' });
    expect(await sm.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: 'nb' }))).toMatchObject({ DirectInternetAccess: 'Enabled', RootAccess: 'Enabled', RoleArn: ROLE });
    expect(await sm.send(new DescribeDomainCommand({ DomainId: 'd-123' }))).toMatchObject({ DomainName: 'studio', AppNetworkAccessType: 'PublicInternetOnly' });
    for (const [cmd, key] of [
      [new ListProcessingJobsCommand({}), 'ProcessingJobSummaries'],
      [new ListModelsCommand({}), 'Models'],
      [new ListEndpointConfigsCommand({}), 'EndpointConfigs'],
      [new ListEndpointsCommand({}), 'Endpoints'],
      [new ListNotebookInstancesCommand({}), 'NotebookInstances'],
      [new ListDomainsCommand({}), 'Domains'],
      [new ListModelPackageGroupsCommand({}), 'ModelPackageGroupSummaryList'],
    ] as const) {
      const out = (await sm.send(cmd as any)) as unknown as Record<string, unknown[]>;
      expect(out[key].length, key).toBeGreaterThan(0);
    }
  });

  it('serves model package groups, packages and group policies', async () => {
    expect((await sm.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: 'grp' }))).ModelPackageGroupArn).toBe('arn:aws:sagemaker:us-east-1:111122223333:model-package-group/grp');
    const pkgs = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'grp' }));
    expect(pkgs.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion).sort()).toEqual([1, 2]);
    const arn = pkgs.ModelPackageSummaryList!.find((p) => p.ModelPackageVersion === 1)!.ModelPackageArn!;
    expect(arn).toBe('arn:aws:sagemaker:us-east-1:111122223333:model-package/grp/1');
    const pkg = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    expect(pkg).toMatchObject({ ModelApprovalStatus: 'Approved', InferenceSpecification: { Containers: [{ ModelDataUrl: 's3://models/out/model.tar.gz' }] } });
    const policy = await sm.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: 'grp' }));
    expect(JSON.parse(policy.ResourcePolicy!).Statement[0].Principal.AWS).toBe('arn:aws:iam::444455556666:root');
    expect(await failure(sm.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: 'private-grp' })))).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('answers missing resources and throttling in the JSON 1.1 error shapes', async () => {
    expect(await failure(sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'nope' })))).toMatchObject({ name: 'ResourceNotFound', status: 400 });
    expect(await failure(sm.send(new DescribeModelCommand({ ModelName: 'nope' })))).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(await failure(sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'job-03' })))).toMatchObject({ name: 'ThrottlingException', status: 400 });
    // the second (last) injected failure is retried away by a 2-attempt client with zero backoff
    const retrying = clients(mock, 'us-east-1', 2).sagemaker;
    const ok = await retrying.send(new DescribeTrainingJobCommand({ TrainingJobName: 'job-03' }));
    expect(ok.$metadata.attempts).toBe(2);
    expect(mock.stats.faults.sagemaker.DescribeTrainingJob).toBe(2);
  });

  it('serves an empty region as empty lists', async () => {
    const eu = clients(mock, 'eu-west-1').sagemaker;
    expect((await eu.send(new ListTrainingJobsCommand({}))).TrainingJobSummaries).toEqual([]);
  });
});
