import type { AwsService } from './api-calls.js';

/** The SDK service id of each service, as used in AWS_ENDPOINT_URL_<SERVICE_ID> (spaces become underscores). */
const SERVICE_IDS: Record<AwsService, string> = {
  sts: 'STS',
  ec2: 'EC2',
  s3: 'S3',
  's3-control': 'S3_CONTROL',
  sagemaker: 'SAGEMAKER',
  iam: 'IAM',
  bedrock: 'BEDROCK',
  'bedrock-agent': 'BEDROCK_AGENT',
};

export const endpointVariable = (service: AwsService) => `AWS_ENDPOINT_URL_${SERVICE_IDS[service]}`;

/**
 * The endpoint URL configured for a service the way the AWS SDKs and CLI read it: AWS_ENDPOINT_URL_<SERVICE_ID>,
 * then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true. Undefined means the SDK's own resolution.
 */
export function configuredEndpoint(service: AwsService, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  const value = env[endpointVariable(service)] || env.AWS_ENDPOINT_URL;
  return value ? value.trim() : undefined;
}
