import { describe, expect, it } from 'vitest';
import { RatePacer, type PacedRate } from '../../../src/connectors/gcp/rate-pacer.js';

/** A pacer on a fake clock: sleeping advances the clock. */
function pacer(rate: PacedRate) {
  let now = 0;
  const starts: number[] = [];
  const p = new RatePacer(rate, () => now, async (ms) => void (now += ms));
  return {
    take: async (n: number) => (await p.take(n), starts.push(now)),
    idle: (ms: number) => void (now += ms),
    starts,
  };
}

describe('RatePacer (token bucket)', () => {
  it('lets a burst start at once, then calls at the rate, in request order', async () => {
    const p = pacer({ perSecond: 500, burst: 500 });
    await Promise.all([100, 100, 100, 100, 100, 100, 100, 300, 100].map((n) => p.take(n)));
    // 500 at once; then each waits until its calls have been refilled at 500/s (100 calls: 200 ms)
    expect(p.starts).toEqual([0, 0, 0, 0, 0, 200, 400, 1000, 1200]);
  });

  it('never waits while the bucket holds enough calls', async () => {
    const p = pacer({ perSecond: 5000, burst: 5000 });
    for (let i = 0; i < 50; i++) await p.take(100);
    expect(new Set(p.starts)).toEqual(new Set([0]));
  });

  it('refills while idle, up to the burst only', async () => {
    const p = pacer({ perSecond: 10, burst: 5 });
    for (let i = 0; i < 5; i++) await p.take(1);
    p.idle(60_000);
    for (let i = 0; i < 6; i++) await p.take(1);
    // after a long pause 5 start at once (not 600), the sixth 100 ms later
    expect(p.starts.slice(5)).toEqual([60_000, 60_000, 60_000, 60_000, 60_000, 60_100]);
  });

  it('keeps any interval of t seconds to burst + perSecond * t calls', async () => {
    const rate = { perSecond: 10 / 1.05, burst: 9 };
    const p = pacer(rate);
    await Promise.all(Array.from({ length: 100 }, () => p.take(1)));
    for (let i = 0; i < p.starts.length; i++) {
      for (let j = i; j < p.starts.length; j++) {
        expect(j - i + 1).toBeLessThanOrEqual(rate.burst + (rate.perSecond * (p.starts[j] - p.starts[i])) / 1000 + 1e-9);
      }
    }
  });

  it('starts a request for more calls than the burst on a full bucket, and the calls after it wait for all of it', async () => {
    const p = pacer({ perSecond: 10, burst: 5 });
    await p.take(1);
    await p.take(50);
    await p.take(1);
    // 50 calls at 100 ms, once the bucket is full again; 46 more tokens (4.6 s) before the next call
    expect(p.starts).toEqual([0, 100, 4_700]);
  });

  it('refuses a rate it cannot keep', () => {
    expect(() => new RatePacer({ perSecond: 0, burst: 1 })).toThrow(/perSecond > 0/);
    expect(() => new RatePacer({ perSecond: 1, burst: 0 })).toThrow(/burst >= 1/);
  });
});
