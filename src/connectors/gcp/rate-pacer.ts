/** A documented rate: `perSecond` calls a second on average, and at most `burst` at once after a pause. */
export interface PacedRate {
  perSecond: number;
  burst: number;
}

/**
 * Keeps calls within a rate as a token bucket: it holds up to `burst` calls, refilled at `perSecond`, so calls in any
 * interval of t seconds number at most burst + perSecond * t. `take(n)` resolves, in request order, when n more calls
 * may start; a call counts from its grant, so callers take it when they are about to start (inside their in-flight
 * slot). Used where one request carries many calls (a Storage batch), so an in-flight limit alone would not bound the
 * call rate. Calls the scanner could not start while it was busy are not lost: the bucket refills meanwhile, up to
 * `burst`.
 */
export class RatePacer {
  private tokens: number;
  private last: number;
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: PacedRate,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(rate.perSecond > 0) || !(rate.burst >= 1)) throw new RangeError(`a rate needs perSecond > 0 and burst >= 1 (got ${rate.perSecond}, ${rate.burst})`);
    this.tokens = rate.burst;
    this.last = now();
  }

  take(n: number): Promise<void> {
    const granted = this.turn.then(() => this.admit(n));
    this.turn = granted;
    return granted;
  }

  /**
   * A request for more calls than the bucket holds starts once it is full and leaves it owing the rest, so the calls
   * after it wait for all of its calls: over time the rate holds (no interval can hold such a request within the burst).
   */
  private async admit(n: number): Promise<void> {
    const needed = Math.min(n, this.rate.burst);
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) * this.rate.perSecond) / 1000);
      this.last = now;
      if (this.tokens >= needed) {
        this.tokens -= n;
        return;
      }
      await this.sleep(Math.max(1, Math.ceil(((needed - this.tokens) * 1000) / this.rate.perSecond)));
    }
  }
}
