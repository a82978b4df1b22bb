// Per-request admission for the Google fakes: counts the request, applies the service's rate limit (token bucket),
// waits the configured latency, and picks an injected fault from the scenario. Transport-neutral: the Storage and
// gRPC servers turn the returned error kind into their own wire shape.
import { setTimeout as sleep } from 'node:timers/promises';
import type { GcpFault, GcpFaultError, GcpRateLimit, GcpScenario, GcpService } from './scenario.js';
import { GCP_SERVICES } from './scenario.js';

export interface MethodStats {
  requests: number;
  throttled: number;
  faults: number;
}
export interface ServiceStats extends MethodStats {
  /** HTTP requests or RPCs received: a batch request is one, each of its inner calls counts in `requests` */
  httpRequests: number;
  methods: Record<string, MethodStats>;
}
export type GcpMockStatsSnapshot = Record<GcpService, ServiceStats>;

export interface GcpMockStats {
  /** A copy of the counters: requests, throttles (rate limit) and injected faults per service and method. */
  snapshot(): GcpMockStatsSnapshot;
  reset(): void;
}

export interface InjectedError {
  error: GcpFaultError;
  message?: string;
  /** true when the rate limit, not a scenario fault, produced the error */
  throttled: boolean;
}

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(private readonly perSecond: number, private readonly burst: number, private readonly now: () => number) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.perSecond) / 1000);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Where a request lands for scoped rate limits: its project (number) and location, when the request names them. */
export interface RequestScope {
  project?: string;
  location?: string;
}

function newBucket(limit: GcpRateLimit, now: () => number): TokenBucket {
  const perSecond = typeof limit === 'number' ? limit : limit.perSecond;
  const burst = typeof limit === 'number' ? Math.max(1, Math.floor(limit)) : (limit.burst ?? Math.max(1, Math.floor(limit.perSecond)));
  return new TokenBucket(perSecond, burst, now);
}

function bucketKey(service: GcpService, limit: GcpRateLimit, scope: RequestScope): string {
  const kind = typeof limit === 'number' ? 'service' : (limit.scope ?? 'service');
  if (kind === 'service') return service;
  if (kind === 'project') return `${service}/${scope.project ?? '-'}`;
  return `${service}/${scope.project ?? '-'}/${scope.location ?? '-'}`;
}

const emptyStats = (): GcpMockStatsSnapshot =>
  Object.fromEntries(GCP_SERVICES.map((s) => [s, { requests: 0, httpRequests: 0, throttled: 0, faults: 0, methods: {} }])) as unknown as GcpMockStatsSnapshot;

export class FaultInjector implements GcpMockStats {
  private counters = emptyStats();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly remaining = new Map<GcpFault, number>();

  /**
   * @param normalize maps a resource string to its canonical form (project ids to numbers) so a fault written with a
   *   project id matches a request naming the project number and vice versa.
   */
  constructor(private readonly scenario: Pick<GcpScenario, 'faults' | 'latencyMs' | 'rateLimits'>, private readonly normalize: (s: string) => string = (s) => s, private readonly now: () => number = () => performance.now()) {
    for (const f of scenario.faults) if (f.times !== undefined) this.remaining.set(f, f.times);
  }

  private takeToken(service: GcpService, scope: RequestScope): boolean {
    const limit = this.scenario.rateLimits[service] ?? this.scenario.rateLimits.default;
    if (limit === undefined) return true;
    const key = bucketKey(service, limit, scope);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = newBucket(limit, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }

  /** Admits one request; returns the error to answer with, if any. `targets` are the resource names the request names. */
  async admit(service: GcpService, method: string, targets: readonly string[], scope: RequestScope = {}): Promise<InjectedError | undefined> {
    const allowed = this.countAndTakeToken(service, method, scope);
    await this.roundTrip(service);
    return this.decide(service, method, targets, allowed);
  }

  /**
   * Admits one inner call of a batch request: counted and rate-limited like a request of its own (Google counts each
   * call of a batch as one request), without a round trip of its own (the batch waits `roundTrip` once).
   */
  admitInner(service: GcpService, method: string, targets: readonly string[], scope: RequestScope = {}): InjectedError | undefined {
    return this.decide(service, method, targets, this.countAndTakeToken(service, method, scope));
  }

  /** One HTTP request or RPC: counted, and answered after the configured latency. */
  async roundTrip(service: GcpService): Promise<void> {
    this.counters[service].httpRequests++;
    const latency = this.scenario.latencyMs[service] ?? this.scenario.latencyMs.default ?? 0;
    if (latency > 0) await sleep(latency);
  }

  private countAndTakeToken(service: GcpService, method: string, scope: RequestScope): boolean {
    const svc = this.counters[service];
    const m = (svc.methods[method] ??= { requests: 0, throttled: 0, faults: 0 });
    svc.requests++;
    m.requests++;
    return this.takeToken(service, scope);
  }

  private decide(service: GcpService, method: string, targets: readonly string[], allowed: boolean): InjectedError | undefined {
    const svc = this.counters[service];
    const m = svc.methods[method];
    if (!allowed) {
      svc.throttled++;
      m.throttled++;
      return { error: 'RESOURCE_EXHAUSTED', message: `Quota exceeded for quota metric 'Requests' of service '${service}.googleapis.com' (mock rate limit).`, throttled: true };
    }
    const fault = this.matchFault(service, method, targets);
    if (!fault) return undefined;
    svc.faults++;
    m.faults++;
    return { error: fault.error, message: fault.message, throttled: false };
  }

  /**
   * Whether a scenario fault denies `method` on `target` for good (PERMISSION_DENIED / 403, no `times` limit), without
   * counting a request: lets a response leave out what the caller may not see, as projection=full does for ACLs.
   */
  denies(service: GcpService, methods: readonly string[], target: string): boolean {
    const t = this.normalize(target);
    return this.scenario.faults.some((f) => f.service === service && (f.error === 'PERMISSION_DENIED' || f.error === 403) && f.times === undefined
      && (f.method === undefined || methods.includes(f.method))
      && (f.resource === undefined || t === this.normalize(f.resource) || t.startsWith(`${this.normalize(f.resource)}/`)));
  }

  private matchFault(service: GcpService, method: string, targets: readonly string[]): GcpFault | undefined {
    const canonical = targets.map(this.normalize);
    for (const f of this.scenario.faults) {
      if (f.service !== service || (f.method !== undefined && f.method !== method)) continue;
      if (f.resource !== undefined) {
        const r = this.normalize(f.resource);
        if (!canonical.some((t) => t === r || t.startsWith(`${r}/`))) continue;
      }
      const left = this.remaining.get(f);
      if (left !== undefined) {
        if (left <= 0) continue;
        this.remaining.set(f, left - 1);
      }
      return f;
    }
    return undefined;
  }

  snapshot(): GcpMockStatsSnapshot {
    return structuredClone(this.counters);
  }

  reset(): void {
    this.counters = emptyStats();
  }
}
