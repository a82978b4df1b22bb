import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import type { Progress } from '../progress.js';
import type { AwsService } from './api-calls.js';

export interface AwsScanOptions {
  /** Environment the CLI was started with (endpoint variables, AWS_REGION). The connector never reads process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /** Shared config/credentials profile; SSO and assume-role profiles resolve through the SDK's provider chain. */
  profile?: string;
  /** Regions to scan; default: every region enabled for the account (EC2 DescribeRegions). */
  regions?: string[];
  /** Role to assume (STS AssumeRole) on top of the base credentials, with an optional external id. */
  roleArn?: string;
  externalId?: string;
  /** Explicit credentials instead of the standard chain (emulators, tests). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Retry settings: a strategy factory (one instance per client), default the SDK's adaptive mode. */
  retry?: { maxAttempts?: number; strategy?: () => RetryStrategyV2; budget?: number };
  /** Upper bound on the page size of every list call (default: each API's maximum); for tests and emulators. */
  pageSize?: number;
  /** In-flight request limit per service. */
  concurrency?: Partial<Record<AwsService, number>>;
  progress?: Progress;
  now?: () => Date;
}

export const DEFAULT_CONCURRENCY: Record<AwsService, number> = {
  sts: 2,
  ec2: 2,
  s3: 16,
  's3-control': 2,
  sagemaker: 8,
  iam: 4,
  bedrock: 4,
  'bedrock-agent': 4,
};

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_RETRY_BUDGET = 2_000;
