import type { AwsService } from './scenario.js';

type Counts = Record<string, Record<string, number>>;

const bump = (c: Counts, service: string, op: string, by = 1) => {
  const s = (c[service] ??= {});
  s[op] = (s[op] ?? 0) + by;
};
const sum = (r: Record<string, number> | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);

/** Request counters for tests and benchmarks: per service and operation, throttles, injected faults, bytes served. */
export class AwsMockStats {
  /** every request that reached a fake, including throttled and faulted ones: service -> operation -> count */
  requests: Counts = {};
  /** requests answered with the service's throttling error because of a rate limit: service -> operation -> count */
  throttled: Counts = {};
  /** requests answered with an injected fault from the scenario: service -> operation -> count */
  faults: Counts = {};
  /** response body bytes sent: service -> operation -> bytes */
  bytesSent: Counts = {};

  recordRequest(service: AwsService, op: string): void {
    bump(this.requests, service, op);
  }
  recordThrottle(service: AwsService, op: string): void {
    bump(this.throttled, service, op);
  }
  recordFault(service: AwsService, op: string): void {
    bump(this.faults, service, op);
  }
  recordBytes(service: AwsService, op: string, bytes: number): void {
    bump(this.bytesSent, service, op, bytes);
  }

  count(service: AwsService, op?: string): number {
    return op === undefined ? sum(this.requests[service]) : (this.requests[service]?.[op] ?? 0);
  }
  throttleCount(service?: AwsService): number {
    return service === undefined ? Object.values(this.throttled).reduce((a, r) => a + sum(r), 0) : sum(this.throttled[service]);
  }
  total(): number {
    return Object.values(this.requests).reduce((a, r) => a + sum(r), 0);
  }
  reset(): void {
    this.requests = {};
    this.throttled = {};
    this.faults = {};
    this.bytesSent = {};
  }
  /** A plain-object copy, safe to JSON.stringify. */
  snapshot(): { requests: Counts; throttled: Counts; faults: Counts; bytesSent: Counts } {
    return structuredClone({ requests: this.requests, throttled: this.throttled, faults: this.faults, bytesSent: this.bytesSent });
  }
}
