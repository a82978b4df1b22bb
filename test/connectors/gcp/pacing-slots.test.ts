import { describe, expect, it } from 'vitest';
import { CALLS_PER_SECOND, GcpCollectContext, pacedRate } from '../../../src/connectors/gcp/context.js';
import type { GcpClients } from '../../../src/connectors/gcp/clients.js';
import type { ServiceTally } from '../../../src/connectors/gcp/coverage.js';
import { RetryingCaller } from '../../../src/connectors/gcp/retry.js';

const tally = (region: string): ServiceTally => ({ project: 'p', region, service: 'aiplatform', calls: 0, retries: 0, throttles: 0, resources: 0, failures: 0, listFailed: false, notes: [] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The largest excess of call starts over a quota of `rate` a second with a burst of `rate`, over every interval. */
function mostOverQuota(starts: number[], rate: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) most = Math.max(most, j - i + 1 - (rate + (rate * (sorted[j] - sorted[i])) / 1000));
  }
  return most;
}

// A call counts against the rate when it starts: one granted while the in-flight slots were busy with slow answers
// must not start later in a burst with calls granted in the next window.
describe('call pacing with busy in-flight slots', () => {
  it('keeps Vertex AI call starts within the quota (its rate, a burst of one second) even when slow answers hold the slots', async () => {
    const rate = CALLS_PER_SECOND.aiplatform!;
    const ctx = new GcpCollectContext({} as GcpClients, new RetryingCaller(), undefined, 2);
    const starts: number[] = [];
    const call = (ms: number) => ctx.call(tally('us-central1'), async () => (starts.push(performance.now()), await sleep(ms), 'ok'));
    const outcomes = await Promise.all([call(1_300), call(1_300), ...Array.from({ length: 2 * rate }, () => call(1))]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(starts).toHaveLength(2 + 2 * rate);
    expect(mostOverQuota(starts, rate)).toBeLessThanOrEqual(0);
  });

  it('does not let one location waiting for its rate hold the slots of another', async () => {
    const ctx = new GcpCollectContext({} as GcpClients, new RetryingCaller(), undefined, 2);
    const rate = CALLS_PER_SECOND.aiplatform!;
    const started: string[] = [];
    const calls = Array.from({ length: 2 * rate }, () => ctx.call(tally('us-central1'), async () => (started.push('us-central1'), 'ok')));
    calls.push(ctx.call(tally('europe-west4'), async () => (started.push('europe-west4'), 'ok')));
    await Promise.all(calls);
    // us-central1's calls past its burst wait for its rate; europe-west4 has its own rate and its own slots
    expect(started.indexOf('europe-west4')).toBeLessThanOrEqual(pacedRate(rate).burst);
  });
});
