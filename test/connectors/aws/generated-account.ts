import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';

export interface GeneratedAccountSize {
  buckets: number;
  trainingJobs: number;
  /** S3 requests per second the mock admits (token bucket, burst one second) */
  s3RatePerSecond?: number;
}

/**
 * A deterministic ML account of a given size: buckets with a mix of settings, training jobs reading from them and
 * writing models, one execution role. Used by the scale test and bench/aws-scan-scale.ts.
 */
export function generateMlAccount(size: GeneratedAccountSize, accountId = '210000000001'): AwsScenarioInput {
  const name = (i: number) => `gen-bucket-${String(i).padStart(5, '0')}`;
  const role = `arn:aws:iam::${accountId}:role/gen-training`;
  return {
    accountId,
    enabledRegions: ['us-east-1'],
    s3: {
      buckets: Array.from({ length: size.buckets }, (_, i) => ({
        Name: name(i),
        Region: i % 5 === 0 ? 'eu-west-1' : 'us-east-1',
        ...(i % 3 === 0 ? { Versioning: { Status: 'Enabled' as const } } : {}),
        ...(i % 4 === 0 ? { Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${name(i)}/*` }] } } : {}),
        ...(i % 2 === 0 ? { PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } : {}),
      })),
    },
    regions: {
      'us-east-1': {
        sagemaker: {
          TrainingJobs: Array.from({ length: size.trainingJobs }, (_, i) => ({
            TrainingJobName: `gen-job-${String(i).padStart(5, '0')}`,
            TrainingJobStatus: 'Completed',
            RoleArn: role,
            AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/xgb:1', TrainingInputMode: 'File' },
            InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${name(i % Math.max(1, size.buckets))}/train/` } } }],
            OutputDataConfig: { S3OutputPath: `s3://${name((i + 1) % Math.max(1, size.buckets))}/models` },
            ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
            StoppingCondition: { MaxRuntimeInSeconds: 3600 },
          })),
        },
      },
    },
    iam: { Roles: [{ RoleName: 'gen-training', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }] },
    ...(size.s3RatePerSecond ? { rateLimits: { s3: size.s3RatePerSecond } } : {}),
  };
}
