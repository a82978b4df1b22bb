import { describe, expect, it } from 'vitest';
import { RatePacer } from '../../../src/connectors/gcp/rate-pacer.js';

/** A pacer on a fake clock: sleeping advances the clock. */
function pacer(perSecond: number) {
  let now = 0;
  const starts: number[] = [];
  const p = new RatePacer(perSecond, () => now, async (ms) => void (now += ms));
  return { take: async (n: number) => (await p.take(n), starts.push(now)), starts };
}

describe('RatePacer', () => {
  it('lets at most perSecond calls start in any one-second window, in request order', async () => {
    const p = pacer(500);
    await Promise.all([100, 100, 100, 100, 100, 100, 100, 300, 100].map((n) => p.take(n)));
    // 500 at once; the next 500 (100, 100, 300) once the first 500 have left the window; the last a second later
    expect(p.starts).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('never waits while the window has room', async () => {
    const p = pacer(5000);
    for (let i = 0; i < 50; i++) await p.take(100);
    expect(new Set(p.starts)).toEqual(new Set([0]));
  });
});
