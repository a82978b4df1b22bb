import pLimit, { type LimitFunction } from 'p-limit';
import type { Progress } from '../progress.js';
import { silentProgress } from '../progress.js';
import type { GcpClients } from './clients.js';
import { GAX_CALL_OPTIONS } from './clients.js';
import { CoverageRecorder, type GcpService, type ServiceTally } from './coverage.js';
import type { ClassifiedError } from './errors.js';
import { gapReason } from './errors.js';
import { RatePacer, type PacedRate } from './rate-pacer.js';
import { RetryingCaller, type Outcome } from './retry.js';

/**
 * Requests in flight per service, or per rate-limit scope for the services kept to a rate (CALLS_PER_SECOND: Cloud
 * Storage per project, Vertex AI per project and location). Cloud Storage: its rate (about 5,000 reads/s per project)
 * times a 20 ms round trip, so a project's buckets can be read at that rate (64 capped it at 3,200/s); Vertex AI and
 * Notebooks reads are quota-bound (10/s per location).
 */
export const DEFAULT_CONCURRENCY: Record<GcpService, number> = { storage: 100, aiplatform: 8, notebooks: 8, resourcemanager: 4, orgpolicy: 4 };

/**
 * Calls started per second, at most, per rate-limit scope (the tally's project, location and service), retries
 * included:
 * - Cloud Storage, per project: its documented initial read capacity ("approximately 5000 object read requests per
 *   second", https://cloud.google.com/storage/docs/request-rate). A batch request is one request in flight but carries
 *   up to 100 calls, each counted against the quota, so the in-flight limit alone would not bound the call rate.
 * - Vertex AI, per project and location: "Resource management (CRUD) requests: 600 per minute" per project and region
 *   (https://cloud.google.com/vertex-ai/docs/quotas), spread as 10 a second, so a location with many pages is not
 *   throttled into failed listings.
 */
export const CALLS_PER_SECOND: Partial<Record<GcpService, number>> = { storage: 5_000, aiplatform: 10 };

/**
 * How the scanner keeps to those rates (RatePacer, a token bucket): a little under them, so that calls granted within
 * the rate still arrive within it when network and server delays vary. A client keeping to burst b and rate r stays
 * within a quota of R a second with a burst of one second's calls (R) whenever b + r * jitter <= R and r <= R; with
 * b = 0.9 R and r = R / 1.05 that holds for delays varying by up to about 100 ms.
 */
export function pacedRate(perSecond: number): PacedRate {
  return { perSecond: perSecond / 1.05, burst: Math.max(1, Math.floor(perSecond * 0.9)) };
}

/** What every collector gets: clients, the retrying caller, coverage, progress and per-service concurrency limits. */
export class GcpCollectContext {
  readonly coverage = new CoverageRecorder();
  private readonly limits = new Map<string, LimitFunction>();
  /** project -> service -> the error that showed the API is disabled; later calls are not sent */
  private readonly disabled = new Map<string, ClassifiedError>();
  private readonly pacers = new Map<string, RatePacer>();
  /** why Cloud Storage batch requests are not used (an endpoint without them); single calls are sent instead */
  batchesUnsupported?: string;

  constructor(
    readonly clients: GcpClients,
    readonly caller: RetryingCaller,
    readonly progress: Progress = silentProgress,
    /** one limit for every service, overriding DEFAULT_CONCURRENCY */
    private readonly concurrency?: number,
    /** items per list page, undefined for each API's default */
    readonly pageSize?: number,
  ) {}

  /** A list request with the page size, when one is set. */
  pageRequest<R extends object>(request: R): R & { pageSize?: number } {
    return this.pageSize ? { ...request, pageSize: this.pageSize } : request;
  }

  /**
   * The in-flight limit a call of this tally runs under: per service, or, for a service kept to a rate
   * (CALLS_PER_SECOND), per rate-limit scope, since its calls wait for their rate inside a slot and a scope waiting
   * for its rate must not hold slots another scope could use.
   */
  limit(tally: ServiceTally): LimitFunction {
    const key = CALLS_PER_SECOND[tally.service] ? scopeKey(tally) : tally.service;
    let l = this.limits.get(key);
    if (!l) {
      l = pLimit(this.concurrency ?? DEFAULT_CONCURRENCY[tally.service]);
      this.limits.set(key, l);
    }
    return l;
  }

  /** Runs one call under the service's concurrency limit with bounded retries; `firstAttempt` > 1 continues a call tried in a batch. */
  call<T>(tally: ServiceTally, fn: () => Promise<T>, firstAttempt = 1): Promise<Outcome<T>> {
    const known = this.disabledError(tally);
    if (known) return Promise.resolve({ ok: false, error: known });
    const rate = CALLS_PER_SECOND[tally.service];
    // every attempt waits for the rate in its slot, so it starts when the pacer counts it, not later
    const attempt = rate ? () => this.pacer(tally, rate).take(1).then(fn) : fn;
    return this.limit(tally)(async () => {
      const out = await this.caller.call(tally, attempt, firstAttempt);
      if (!out.ok) this.noteFailure(tally, out.error);
      return out;
    });
  }

  /** The error that showed the service's API disabled in the tally's project, if one did: later calls are not sent. */
  disabledError(tally: ServiceTally): ClassifiedError | undefined {
    return this.disabled.get(`${tally.project}\u0000${tally.service}`);
  }

  /** Remembers an API-disabled answer so later calls to that API in that project are not sent. */
  noteFailure(tally: ServiceTally, error: ClassifiedError): void {
    if (error.kind === 'api-disabled') this.disabled.set(`${tally.project}\u0000${tally.service}`, error);
  }

  /**
   * Sends a request carrying `calls` calls (a Storage batch) in an in-flight slot, once they may start under the
   * service's rate (CALLS_PER_SECOND).
   */
  paced<T>(tally: ServiceTally, calls: number, send: () => Promise<T>): Promise<T> {
    const rate = CALLS_PER_SECOND[tally.service];
    return this.limit(tally)(async () => {
      if (rate) await this.pacer(tally, rate).take(calls);
      return send();
    });
  }

  private pacer(tally: ServiceTally, perSecond: number): RatePacer {
    const key = scopeKey(tally);
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new RatePacer(pacedRate(perSecond));
      this.pacers.set(key, pacer);
    }
    return pacer;
  }

  /**
   * Every page of a gax list method ([items, nextRequest, response] with autoPaginate off). On a failure the items
   * read so far are kept and the error is returned with them.
   */
  async listAll<Req extends object, Item>(
    tally: ServiceTally,
    request: Req,
    page: (req: Req, options: typeof GAX_CALL_OPTIONS) => Promise<[Item[], Req | null | undefined, unknown]>,
  ): Promise<{ items: Item[]; error?: ClassifiedError }> {
    const items: Item[] = [];
    let next: Req | null | undefined = request;
    for (let pages = 0; next && pages < 100_000; pages++) {
      const req: Req = next;
      const out = await this.call(tally, () => page(req, GAX_CALL_OPTIONS));
      if (!out.ok) return { items, error: out.error };
      const [pageItems, nextReq] = out.value;
      items.push(...pageItems);
      next = nextReq && (nextReq as { pageToken?: string }).pageToken ? nextReq : null;
    }
    return { items };
  }

  /** Records a call that failed for good, as a coverage failure and a progress note; returns the gap reason. */
  fail(tally: ServiceTally, f: { operation: string; permission?: string; resourceId?: string; fields: string[]; error: ClassifiedError; listCall?: boolean }): string {
    this.coverage.fail(tally, f);
    const reason = gapReason(f.error, f.operation, f.permission);
    this.progress.note(`gcp ${tally.project} ${tally.region} ${tally.service}: ${reason}${f.resourceId ? ` [${f.resourceId}]` : ''}`);
    return reason;
  }
}

/** A rate-limit scope: the tally's project, location and service. */
const scopeKey = (tally: ServiceTally) => `${tally.project}\u0000${tally.region}\u0000${tally.service}`;
