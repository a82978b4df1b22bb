import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { EC2Client } from '@aws-sdk/client-ec2';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import type { AwsService } from './api-calls.js';
import { configuredEndpoint } from './endpoints.js';
import { readOnlyGuard } from './read-only.js';
import { BudgetedRetryStrategy, RetryBudget, type RetryCounters } from './retry-budget.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BUDGET, type AwsScanOptions } from './options.js';

const CLIENTS = {
  sts: STSClient,
  ec2: EC2Client,
  s3: S3Client,
  's3-control': S3ControlClient,
  sagemaker: SageMakerClient,
  iam: IAMClient,
  bedrock: BedrockClient,
  'bedrock-agent': BedrockAgentClient,
} as const;
type ClientOf<S extends AwsService> = InstanceType<(typeof CLIENTS)[S]>;

export interface ClientCounters extends RetryCounters {
  calls: number;
}

/** Counts every command a client is asked to run (before retries), for coverage. */
function callCounter(counters: ClientCounters): Pluggable<any, any> {
  return {
    applyToStack(stack) {
      stack.add(
        (next) => async (args) => {
          counters.calls++;
          return next(args);
        },
        { step: 'initialize', name: 'aispmCallCounter', priority: 'low' },
      );
    },
  };
}

/** The credentials a scan uses: explicit ones, or the standard Node chain (env, SSO, profiles, IMDS), optionally assuming a role. */
export function resolveCredentials(options: AwsScanOptions, homeRegion: string): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  const base = options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  if (!options.roleArn) return base;
  const stsEndpoint = configuredEndpoint('sts', options.env);
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: { RoleArn: options.roleArn, ExternalId: options.externalId, RoleSessionName: 'aispm-scan', DurationSeconds: 3600 },
    clientConfig: { region: homeRegion, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) },
  });
}

/**
 * Creates one client per service and region, each with the read-only guard, a call counter and the shared
 * retry budget. Endpoints come from the same variables the AWS SDKs and CLI read (AWS_ENDPOINT_URL[_<SERVICE>]).
 */
export class AwsClientFactory {
  private readonly cache = new Map<string, unknown>();
  readonly counters = new Map<string, ClientCounters>();
  readonly budget: RetryBudget;
  private readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;

  constructor(
    private readonly options: AwsScanOptions,
    private readonly allowlist: Map<AwsService, Set<string>>,
    readonly homeRegion: string,
  ) {
    this.budget = new RetryBudget(options.retry?.budget ?? DEFAULT_RETRY_BUDGET);
    this.credentials = resolveCredentials(options, homeRegion);
  }

  /** Counters for a service in a region (or "global"), shared by every client created for it. */
  countersFor(service: AwsService, region: string): ClientCounters {
    const key = `${service}\u0000${region}`;
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = { calls: 0, retries: 0, throttles: 0 }));
    return c;
  }

  get<S extends AwsService>(service: S, region: string, countAs = region): ClientOf<S> {
    const key = `${service}\u0000${region}\u0000${countAs}`;
    const cached = this.cache.get(key);
    if (cached) return cached as ClientOf<S>;
    const client = this.create(service, region, this.countersFor(service, countAs));
    this.cache.set(key, client);
    return client;
  }

  private create<S extends AwsService>(service: S, region: string, counters: ClientCounters): ClientOf<S> {
    const endpoint = configuredEndpoint(service, this.options.env);
    const maxAttempts = this.options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const inner = this.options.retry?.strategy?.() ?? new AdaptiveRetryStrategy(async () => maxAttempts);
    const config: Record<string, unknown> = {
      region,
      credentials: this.credentials,
      retryStrategy: new BudgetedRetryStrategy(inner, this.budget, counters),
      ...(this.options.profile ? { profile: this.options.profile } : {}),
      ...(endpoint ? { endpoint } : {}),
    };
    if (service === 's3') {
      config.followRegionRedirects = true;
      if (endpoint) config.forcePathStyle = true;
    }
    if (service === 's3-control' && endpoint) {
      // S3 Control prefixes the host with the account id, which breaks any endpoint given as an IP or localhost;
      // the account travels in the x-amz-account-id header anyway.
      const url = new URL(endpoint);
      config.endpointProvider = () => ({ url });
    }
    const Client = CLIENTS[service] as unknown as new (c: Record<string, unknown>) => ClientOf<S>;
    const client = new Client(config);
    const stack = (client as unknown as { middlewareStack: { use(p: Pluggable<any, any>): void } }).middlewareStack;
    stack.use(readOnlyGuard(service, this.allowlist.get(service) ?? new Set()));
    stack.use(callCounter(counters));
    return client;
  }

  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy(): void }).destroy();
    this.cache.clear();
  }
}
