// Documented defaults through the mock SageMaker and Bedrock and the real SDK clients: responses that leave optional
// fields out must be read as the API reference says (the SDK's deserializer leaves absent members undefined).
import { describe, expect, it } from 'vitest';
import { ACCOUNT, byId, collectFromMock } from './helpers.js';

const arn = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${type}/${name}`;
const role = `arn:aws:iam::${ACCOUNT}:role/ml`;

describe('SageMaker and Bedrock defaults for absent fields, through the SDK', () => {
  it('reads absent RootAccess, DirectInternetAccess, AppNetworkAccessType, EnableCapture and loggingConfig as documented', async () => {
    const { inventory } = await collectFromMock({
      regions: {
        'us-east-1': {
          sagemaker: {
            // API_CreateNotebookInstance: RootAccess and DirectInternetAccess "Default: Enabled"; IMDS defaults to IMDSv1
            NotebookInstances: [{ NotebookInstanceName: 'bare', NotebookInstanceStatus: 'InService', RoleArn: role }],
            // API_CreateDomain: AppNetworkAccessType "Default: PublicInternetOnly"
            Domains: [{ DomainId: 'd-1', DomainName: 'studio' }],
            // API_DataCaptureConfig: EnableCapture "defaults to enabled"
            EndpointConfigs: [
              { EndpointConfigName: 'capture-default', ProductionVariants: [{ VariantName: 'v', ModelName: 'm' }], DataCaptureConfig: { InitialSamplingPercentage: 10, DestinationS3Uri: 's3://cap/', CaptureOptions: [{ CaptureMode: 'Input' }] } },
              { EndpointConfigName: 'no-capture', ProductionVariants: [{ VariantName: 'v', ModelName: 'm' }] },
            ],
            // API_DescribeTrainingJob: the booleans absent are false, no VpcConfig and no keys
            TrainingJobs: [{ TrainingJobName: 'tj', TrainingJobStatus: 'Completed', RoleArn: role, AlgorithmSpecification: { TrainingImage: 'docker.io/x/y:1', TrainingInputMode: 'File' }, OutputDataConfig: { S3OutputPath: 's3://out/' }, ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 }, StoppingCondition: { MaxRuntimeInSeconds: 60 } }],
          },
        },
      },
    });
    expect(byId(inventory, arn('notebook-instance', 'bare'))).toMatchObject({ rootAccess: true, directInternetAccess: true, gaps: [] });
    expect(byId(inventory, arn('notebook-instance', 'bare'))).not.toHaveProperty('instanceMetadataServiceMinimumVersion');
    expect(byId(inventory, arn('domain', 'd-1'))).toMatchObject({ appNetworkAccessType: 'PublicInternetOnly' });
    expect(byId(inventory, arn('endpoint-config', 'capture-default'))).toMatchObject({ dataCaptureEnabled: true });
    expect(byId(inventory, arn('endpoint-config', 'no-capture'))).toMatchObject({ dataCaptureEnabled: false });
    const job = byId(inventory, arn('training-job', 'tj'));
    expect(job).toMatchObject({ enableNetworkIsolation: false, enableInterContainerTrafficEncryption: false, vpcConfig: null, gaps: [] });
    expect(job).not.toHaveProperty('outputKmsKeyId');
    expect(job).not.toHaveProperty('volumeKmsKeyId');
    // API_GetModelInvocationLoggingConfiguration with no loggingConfig: logging is off
    expect(byId(inventory, `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-invocation-logging`)).toMatchObject({ enabled: false, textDataDelivery: false, gaps: [] });
  });
});
