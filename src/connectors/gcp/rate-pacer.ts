/**
 * Keeps calls within a documented per-second rate: at most `perSecond` calls are granted in any window of `windowMs` (a
 * second, or a little more for a margin). `take(n)` resolves, in request order, when n more calls may start; a call
 * counts from its grant, so callers take it when they are about to start (inside their in-flight slot). Used where one request carries many calls (a Storage batch), so an in-flight limit alone would not
 * bound the call rate. Calls the scanner could not start while it was busy are not lost: they may start as soon as the
 * window has room again.
 */
export class RatePacer {
  private readonly started: { at: number; n: number }[] = [];
  private inWindow = 0;
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly windowMs = 1000,
  ) {}

  take(n: number): Promise<void> {
    const granted = this.turn.then(() => this.admit(Math.min(n, this.perSecond)));
    this.turn = granted;
    return granted;
  }

  private async admit(n: number): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.started.length > 0 && this.started[0].at <= now - this.windowMs) this.inWindow -= this.started.shift()!.n;
      if (this.inWindow + n <= this.perSecond) {
        this.started.push({ at: now, n });
        this.inWindow += n;
        return;
      }
      // the earliest time enough of the oldest calls have left the window
      let room = this.perSecond - this.inWindow;
      let until = now;
      for (const s of this.started) {
        room += s.n;
        until = s.at + this.windowMs;
        if (room >= n) break;
      }
      await this.sleep(Math.max(1, until - now));
    }
  }
}
