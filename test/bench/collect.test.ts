import { describe, expect, it } from 'vitest';
import { benchCollect } from '../../bench/collect.js';
import { AWS_CALL_TABLE, minimumCalls, neededFields } from '../../bench/collect-minimum.js';
import { loadRuleSet } from '../../src/rules/load.js';

// Tiny sizes, no latency: the point is that the script keeps working and its report is complete, not its speed.
describe('bench:collect at a tiny size', () => {
  it('aws: every resource of the generated estate is collected through the real SDK clients, with the report filled in', async () => {
    const r = await benchCollect({ provider: 'aws', buckets: 12, jobs: 4, latencyMs: 0, seed: 3 });
    expect(r.lost).toEqual([]);
    expect(r.throttlingFailures).toBe(0);
    expect(r.complete).toBe(true);
    const buckets = r.kinds.find((k) => k.kind === 'aws.s3.bucket')!;
    expect(buckets).toMatchObject({ expected: 12, collected: 12 });
    expect(buckets.calls).toBeGreaterThanOrEqual(buckets.minimum);
    expect(r.kinds.find((k) => k.kind === 'aws.sagemaker.training-job')).toMatchObject({ expected: 4, collected: 4 });
    // the bound comes from the generator's quota preset, e.g. SageMaker at 10 requests/s per Region
    expect(r.bound.find((b) => b.scope.startsWith('sagemaker@'))).toMatchObject({ ratePerS: 10 });
    expect(r.boundS).toBe(Math.max(...r.bound.map((b) => b.seconds)));
    expect(r.ratio).toBeCloseTo(r.wallS / r.boundS, 1);
    expect(r.services.find((s) => s.service === 's3')!.calls).toBeGreaterThan(12);
    expect(r.peakRssMiB).toBeGreaterThan(0);
  });

  it('gcp: buckets and Vertex AI resources in three locations are all collected', async () => {
    const r = await benchCollect({ provider: 'gcp', buckets: 15, jobs: 8, latencyMs: 0, seed: 3 });
    expect(r.lost).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.kinds.find((k) => k.kind === 'gcp.storage.bucket')).toMatchObject({ expected: 15, collected: 15 });
    expect(r.bound.some((b) => b.scope.startsWith('aiplatform@'))).toBe(true);
    // the mock's own CPU time is reported, since it shares the machine's cores with the scanner
    expect(r.mockCpuS).toBeGreaterThan(0);
  });

  it('the minimum counts list pages at the largest page size plus one call per needed field group', () => {
    const needed = neededFields(loadRuleSet().rules);
    const rows = minimumCalls(AWS_CALL_TABLE, { 'aws.s3.bucket': 25_000, 'aws.sagemaker.training-job': 250 }, needed, {}, { region: 1, location: 1 });
    const s3 = rows.find((r) => r.kind === 'aws.s3.bucket')!;
    const perBucket = AWS_CALL_TABLE[0].calls.length - s3.unneededOperations.length;
    expect(s3.unneededOperations).toContain('GetBucketLocation');
    expect(s3.minimum).toBe(3 + 25_000 * perBucket);
    // access analysis reads the policy, so GetBucketPolicy can never be "unneeded"
    expect(s3.unneededOperations).not.toContain('GetBucketPolicy');
    expect(rows.find((r) => r.kind === 'aws.sagemaker.training-job')!.minimum).toBe(3 + 250);
  });
});
