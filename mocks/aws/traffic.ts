// Fault injection, latency and request-rate limits, as configured by a scenario.
import type { AwsScenario, AwsService, Fault } from './scenario.js';

/** Continuous token bucket: `rate` tokens per second, burst of one second's worth (at least 1). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, rate);
    this.tokens = this.capacity;
    this.last = now();
  }
  tryTake(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

export interface RequestIdentity {
  service: AwsService;
  operation: string;
  region: string;
  /** names the request targets (bucket, job name, role name, ARN...), any of which a fault's `resource` may match */
  resources: string[];
}

/** Services AWS throttles per account and Region; IAM (global) and S3 (per prefix, no published bucket-API quota) share one bucket. */
const REGIONAL: ReadonlySet<AwsService> = new Set(['sagemaker', 'ec2', 'bedrock', 'bedrock-agent', 'sts', 's3-control']);

export class Traffic {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly remaining = new Map<Fault, number>();

  constructor(private readonly scenario: Pick<AwsScenario, 'faults' | 'latencyMs' | 'rateLimits'>) {
    for (const f of scenario.faults) if (f.times !== undefined) this.remaining.set(f, f.times);
  }

  latencyFor(service: AwsService): number {
    const l = this.scenario.latencyMs as Record<string, number | undefined> | undefined;
    return l?.[service] ?? l?.default ?? 0;
  }

  /** false when the service's rate limit (per Region for regional services) is exceeded */
  admit(service: AwsService, region: string): boolean {
    const limits = this.scenario.rateLimits as Record<string, number | undefined> | undefined;
    const rate = limits?.[service] ?? limits?.default;
    if (rate === undefined || rate <= 0) return true;
    const key = REGIONAL.has(service) ? `${service}:${region}` : service;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(rate)));
    return bucket.tryTake();
  }

  /** The first matching fault with uses left (consumes one use), or undefined. */
  faultFor(req: RequestIdentity): Fault | undefined {
    for (const f of this.scenario.faults) {
      if (f.service !== req.service || f.operation !== req.operation) continue;
      if (f.region !== undefined && f.region !== req.region) continue;
      if (f.resource !== undefined && !req.resources.includes(f.resource)) continue;
      const left = this.remaining.get(f);
      if (left !== undefined) {
        if (left <= 0) continue;
        this.remaining.set(f, left - 1);
      }
      return f;
    }
    return undefined;
  }
}
