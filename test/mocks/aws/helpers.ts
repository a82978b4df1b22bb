// Real AWS SDK v3 clients pointed at the mock, with zero-delay retries so injected faults cost no wall time.
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { EC2Client } from '@aws-sdk/client-ec2';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { AwsMock } from '../../../mocks/aws/start.js';

export const credentials = { accessKeyId: 'AKIAMOCKMOCKMOCKMOCK', secretAccessKey: 'mock' };

export function clientConfig(endpoint: string, region = 'us-east-1', attempts = 1) {
  return { endpoint, region, credentials, retryStrategy: new ConfiguredRetryStrategy(attempts, () => 0) };
}

export function clients(mock: AwsMock, region = 'us-east-1', attempts = 1) {
  const e = mock.endpoints;
  return {
    s3: new S3Client({ ...clientConfig(e.s3, region, attempts), forcePathStyle: true }),
    s3control: new S3ControlClient({
      ...clientConfig(e['s3-control'], region, attempts),
      // S3 Control puts the account id in front of the host; for a loopback endpoint the URL must be given as is
      endpointProvider: () => ({ url: new URL(e['s3-control']) }),
    }),
    sagemaker: new SageMakerClient(clientConfig(e.sagemaker, region, attempts)),
    iam: new IAMClient(clientConfig(e.iam, region, attempts)),
    sts: new STSClient(clientConfig(e.sts, region, attempts)),
    ec2: new EC2Client(clientConfig(e.ec2, region, attempts)),
    bedrock: new BedrockClient(clientConfig(e.bedrock, region, attempts)),
    bedrockAgent: new BedrockAgentClient(clientConfig(e['bedrock-agent'], region, attempts)),
  };
}

/** Runs a call expected to fail and returns the SDK error's name, HTTP status and attempts. */
export async function failure(call: Promise<unknown>): Promise<{ name: string; status?: number; attempts?: number; message: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, attempts: e.$metadata?.attempts, message: e.message };
  }
  throw new Error('expected the call to fail');
}
