import { describe, expect, it } from 'vitest';
import { ACCOUNT, byId, collectFromMock, serviceCoverage } from './helpers.js';

const arn = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${type}/${name}`;
const role = `arn:aws:iam::${ACCOUNT}:role/train`;
const trainingJob = (name: string) => ({
  TrainingJobName: name,
  TrainingJobStatus: 'Completed',
  RoleArn: role,
  AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/xgb:1', TrainingInputMode: 'File' },
  InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data-bucket/train/' } } }],
  OutputDataConfig: { S3OutputPath: 's3://model-bucket/out' },
  ModelArtifacts: { S3ModelArtifacts: `s3://model-bucket/out/${name}/output/model.tar.gz` },
  ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  CreationTime: '2025-01-01T00:00:00Z',
});

const estate = {
  regions: {
    'us-east-1': {
      sagemaker: {
        TrainingJobs: Array.from({ length: 25 }, (_, i) => trainingJob(`job-${String(i).padStart(2, '0')}`)),
        ProcessingJobs: [{ ProcessingJobName: 'prep', ProcessingJobStatus: 'Completed', RoleArn: role, ProcessingInputs: [{ InputName: 'raw', S3Input: { S3Uri: 's3://raw/x/', LocalPath: '/in', S3DataType: 'S3Prefix', S3InputMode: 'File' } }], ProcessingOutputConfig: { Outputs: [{ OutputName: 'o', S3Output: { S3Uri: 's3://data-bucket/train/', LocalPath: '/out', S3UploadMode: 'EndOfJob' } }] }, NetworkConfig: { EnableNetworkIsolation: true } }],
        Models: [{ ModelName: 'm', ExecutionRoleArn: role, PrimaryContainer: { Image: 'img', ModelDataUrl: 's3://model-bucket/out/job-03/output/model.tar.gz' } }],
        EndpointConfigs: [{ EndpointConfigName: 'cfg', ProductionVariants: [{ VariantName: 'v', ModelName: 'm', InstanceType: 'ml.m5.large' }], DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 10, DestinationS3Uri: 's3://cap', CaptureOptions: [{ CaptureMode: 'Input' }] } }],
        Endpoints: [{ EndpointName: 'ep', EndpointConfigName: 'cfg', EndpointStatus: 'InService' }],
        NotebookInstances: [{ NotebookInstanceName: 'nb', NotebookInstanceStatus: 'InService', RoleArn: role, DirectInternetAccess: 'Disabled', RootAccess: 'Enabled', InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '2' } }],
        Domains: [{ DomainId: 'd-1', DomainName: 'studio', AppNetworkAccessType: 'VpcOnly', DefaultUserSettings: { ExecutionRole: role } }],
        ModelPackageGroups: [
          {
            ModelPackageGroupName: 'grp',
            Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sagemaker:DescribeModelPackage', Resource: '*' }] },
            ModelPackages: [{ ModelPackageName: 'grp', ModelPackageGroupName: 'grp', ModelPackageVersion: 1, ModelApprovalStatus: 'Approved', InferenceSpecification: { Containers: [{ Image: 'img', ModelDataUrl: 's3://model-bucket/pkg/model.tar.gz' }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] } }],
          },
          { ModelPackageGroupName: 'no-policy' },
        ],
      },
    },
  },
};

describe('SageMaker collection through the mock SageMaker (JSON 1.1)', () => {
  it('lists across 3 pages, describes every resource and links the lineage', async () => {
    const { inventory, stats } = await collectFromMock(estate, { pageSize: 10 });
    expect(stats.count('sagemaker', 'ListTrainingJobs')).toBe(3);
    expect(inventory.resources.filter((r) => r.kind === 'aws.sagemaker.training-job')).toHaveLength(25);
    expect(byId(inventory, arn('training-job', 'job-07'))).toMatchObject({ status: 'Completed', roleArn: role, inputs: [{ channelName: 'train', s3Uri: 's3://data-bucket/train/' }], creationTime: '2025-01-01T00:00:00.000Z', gaps: [] });
    expect(byId(inventory, arn('model', 'm'))).toMatchObject({ trainingJobName: 'job-03', containers: [{ image: 'img', modelDataUrl: 's3://model-bucket/out/job-03/output/model.tar.gz' }] });
    expect(byId(inventory, arn('endpoint-config', 'cfg'))).toMatchObject({ dataCaptureEnabled: true, productionVariants: [{ variantName: 'v', modelName: 'm', instanceType: 'ml.m5.large' }] });
    expect(byId(inventory, arn('notebook-instance', 'nb'))).toMatchObject({ directInternetAccess: false, rootAccess: true, instanceMetadataServiceMinimumVersion: '2' });
    expect(byId(inventory, arn('domain', 'd-1'))).toMatchObject({ name: 'studio', appNetworkAccessType: 'VpcOnly', defaultExecutionRole: role });
    expect(byId(inventory, arn('processing-job', 'prep'))).toMatchObject({ enableNetworkIsolation: true, outputs: [{ outputName: 'o', s3Uri: 's3://data-bucket/train/' }] });
    const group = byId(inventory, arn('model-package-group', 'grp'));
    expect(group).toMatchObject({ policy: { Statement: [{ Principal: { AWS: 'arn:aws:iam::999988887777:root' } }] }, packages: [{ approvalStatus: 'Approved', modelDataUrls: ['s3://model-bucket/pkg/model.tar.gz'] }], gaps: [] });
    expect(byId(inventory, arn('model-package-group', 'no-policy'))).toMatchObject({ policy: null, packages: [], gaps: [] });

    const edge = (from: string, type: string, to: string) => inventory.edges.some((e) => e.from === from && e.type === type && e.to === to);
    expect(edge(arn('training-job', 'job-03'), 'produces', arn('model', 'm'))).toBe(true);
    expect(edge(arn('endpoint', 'ep'), 'uses', arn('endpoint-config', 'cfg'))).toBe(true);
    expect(edge(arn('endpoint-config', 'cfg'), 'uses', arn('model', 'm'))).toBe(true);
    expect(edge(arn('notebook-instance', 'nb'), 'uses-role', role)).toBe(true);
    expect(serviceCoverage(inventory, 'sagemaker', 'us-east-1')).toMatchObject({ status: 'ok', resources: 33 });
  });

  it('recovers from ThrottlingException on describe calls', async () => {
    const { inventory } = await collectFromMock({ ...estate, faults: [{ service: 'sagemaker', operation: 'DescribeTrainingJob', error: 'ThrottlingException', times: 5 }] });
    expect(inventory.coverage.failures).toEqual([]);
    expect(serviceCoverage(inventory, 'sagemaker', 'us-east-1')).toMatchObject({ status: 'ok', throttles: 5, retries: 5 });
  });

  it('keeps a resource whose describe call is denied, with every described field as a gap', async () => {
    const { inventory } = await collectFromMock({ ...estate, faults: [{ service: 'sagemaker', operation: 'DescribeNotebookInstance', resource: 'nb', error: 'AccessDeniedException' }] });
    const nb = byId(inventory, arn('notebook-instance', 'nb'));
    expect(nb.gaps.map((g) => g.path)).toEqual(['roleArn', 'directInternetAccess', 'rootAccess', 'kmsKeyId', 'subnetId', 'instanceMetadataServiceMinimumVersion']);
    expect(nb.gaps[0].reason).toBe('AccessDeniedException: sagemaker:DescribeNotebookInstance');
    expect(serviceCoverage(inventory, 'sagemaker', 'us-east-1').status).toBe('partial');
  });

  it('a listing that fails mid-way keeps the pages already read and marks the service partial', async () => {
    const { inventory } = await collectFromMock({ ...estate, faults: [{ service: 'sagemaker', operation: 'ListEndpoints', error: 'ValidationException', status: 400 }] }, { pageSize: 10 });
    expect(inventory.resources.some((r) => r.kind === 'aws.sagemaker.endpoint')).toBe(false);
    expect(inventory.resources.filter((r) => r.kind === 'aws.sagemaker.training-job')).toHaveLength(25);
    expect(inventory.coverage.failures).toMatchObject([{ service: 'sagemaker', operation: 'ListEndpoints', errorCode: 'ValidationException' }]);
    expect(serviceCoverage(inventory, 'sagemaker', 'us-east-1').status).toBe('partial');
  });
});
