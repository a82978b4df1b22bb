import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';

/** Retries left for the whole scan, shared by every client, so a throttling storm cannot stretch a scan forever. */
export class RetryBudget {
  used = 0;
  constructor(readonly limit: number) {}
  take(): boolean {
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }
  get exhausted() {
    return this.used >= this.limit;
  }
}

/** Per client (service in a region): what the retry layer saw. */
export interface RetryCounters {
  retries: number;
  throttles: number;
}

/**
 * Wraps the SDK's retry strategy (adaptive in production, zero-delay in tests): counts retries and throttling
 * errors for coverage, and stops retrying once the scan-wide budget is spent (the SDK then throws the last error).
 */
export class BudgetedRetryStrategy implements RetryStrategyV2 {
  constructor(
    private readonly inner: RetryStrategyV2,
    private readonly budget: RetryBudget,
    readonly counters: RetryCounters,
  ) {}

  get mode(): string | undefined {
    return (this.inner as { mode?: string }).mode;
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (errorInfo.errorType === 'THROTTLING') this.counters.throttles++;
    const next = await this.inner.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
    if (!this.budget.take()) throw new Error('aispm retry budget for this scan is spent');
    this.counters.retries++;
    return next;
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token as StandardRetryToken);
  }
}
