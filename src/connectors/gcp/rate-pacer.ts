/**
 * Spaces out calls to a documented rate (a virtual-time token bucket): `take(n)` resolves when n more calls may start,
 * with up to `burst` calls starting at once. Used where one request carries many calls (a Storage batch), so the
 * in-flight limit alone would not keep the call rate under the quota.
 */
export class RatePacer {
  private readonly intervalMs: number;
  /** when the calls granted so far would have finished at exactly the rate */
  private due = -Infinity;

  constructor(
    perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  async take(n: number): Promise<void> {
    const now = this.now();
    const start = Math.max(now, this.due - this.burst * this.intervalMs);
    this.due = Math.max(now, this.due) + n * this.intervalMs;
    if (start > now) await this.sleep(start - now);
  }
}
