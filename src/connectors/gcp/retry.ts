import { classifyGcpError, type ClassifiedError } from './errors.js';

export interface RetryPolicy {
  /** attempts per call, the first included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** retries allowed across the whole scan, so a throttled or failing API cannot stretch a scan without bound */
  maxRetriesPerScan: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8_000, maxRetriesPerScan: 1_000 };

/** Counters for one service in one project and location; they become a ServiceCoverage entry. */
export interface CallCounters {
  calls: number;
  retries: number;
  throttles: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ClassifiedError };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs API calls with bounded retries: RESOURCE_EXHAUSTED, UNAVAILABLE, 429 and 5xx are retried with
 * exponential backoff and full jitter, up to maxAttempts per call and maxRetriesPerScan in total.
 * The clients' own retries are switched off so every attempt is counted here.
 */
export class RetryingCaller {
  private retriesLeft: number;

  constructor(
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly wait: (ms: number) => Promise<void> = sleep,
    private readonly random: () => number = Math.random,
  ) {
    this.retriesLeft = policy.maxRetriesPerScan;
  }

  get retryBudgetLeft(): number {
    return this.retriesLeft;
  }

  /** Runs `fn` until it succeeds or fails for good; `firstAttempt` > 1 continues a call already attempted elsewhere (a batch). */
  async call<T>(counters: CallCounters, fn: () => Promise<T>, firstAttempt = 1): Promise<Outcome<T>> {
    for (let attempt = firstAttempt; ; attempt++) {
      counters.calls++;
      try {
        return { ok: true, value: await fn() };
      } catch (err) {
        const error = classifyGcpError(err);
        if (!(await this.retryAfter(counters, error, attempt))) return { ok: false, error };
      }
    }
  }

  /**
   * After attempt `attempt` of a call failed with `error` (its call already counted): counts a throttle, and when the
   * error is retryable and attempts and the scan's budget allow, counts the retry, waits the backoff and returns true.
   */
  async retryAfter(counters: CallCounters, error: ClassifiedError, attempt: number): Promise<boolean> {
    if (error.kind === 'throttled') counters.throttles++;
    if (!error.retryable || attempt >= this.policy.maxAttempts || this.retriesLeft <= 0) return false;
    this.retriesLeft--;
    counters.retries++;
    const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    await this.wait(Math.floor(this.random() * cap));
    return true;
  }
}
