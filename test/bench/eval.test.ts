import { describe, expect, it } from 'vitest';
import { benchEval, evalSizes } from '../../bench/eval.js';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { Inventory } from '../../src/model/index.js';

describe('bench:eval at a tiny size', () => {
  it('runs each size in its own process and reports time, throughput, RSS and growth', async () => {
    const r = await benchEval(400);
    expect(r.sizes.map((s) => s.resources)).toEqual([4, 40, 400]);
    for (const s of r.sizes) {
      expect(s.rules).toBeGreaterThan(50);
      expect(s.pathRules).toBeGreaterThan(0);
      expect(s.peakRssMiB).toBeGreaterThan(0);
      expect(s.stages.map((t) => t.stage)).toEqual(['access', 'graph', 'resource-rules']);
      expect(s.ruleEvaluations).toBeGreaterThanOrEqual(s.resources);
      expect(s.materializeCpuS).toEqual(expect.any(Number));
      expect(s.peakRssAfterMaterializeMiB).toBeGreaterThanOrEqual(s.peakRssMiB);
      expect(s.gc.scavenges).toEqual(expect.any(Number));
      for (const f of s.gc.full) expect(['access', 'graph', 'resource-rules', 'after the stages']).toContain(f.stage);
    }
    expect(r.sizes[2].edges).toBeGreaterThan(r.sizes[2].resources / 2);
    expect(r.sizes[2].findings).toBeGreaterThan(0);
    expect(r.failed).toEqual([]);
    expect(r.growth).toHaveLength(2);
    expect(r.growth[1]).toMatchObject({ from: 40, to: 400, sizeRatio: 10 });
  });

  it('with retained, reports the heap kept after the read and by each stage', async () => {
    const r = await benchEval(300, 1, { retained: true });
    for (const s of r.sizes) {
      expect(s.heapAfterReadMiB).toBeGreaterThan(0);
      for (const t of s.stages) expect(t.retainedMiB).toEqual(expect.any(Number));
    }
  });

  it('sizes are N/100, N/10 and N', () => {
    expect(evalSizes(1_000_000)).toEqual([10_000, 100_000, 1_000_000]);
  });

  it('the synthetic inventory is valid against the model, exact in size, with lineage edges between its resources only', () => {
    const parts = syntheticInventoryParts(2_000, 5);
    const inventory = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
    expect(inventory.resources).toHaveLength(2_000);
    const ids = new Set(inventory.resources.map((r) => r.id));
    expect(ids.size).toBe(2_000);
    const dangling = inventory.edges.filter((e) => !ids.has(e.from) || !ids.has(e.to));
    expect(dangling).toEqual([]);
    const kinds = new Set(inventory.resources.map((r) => r.kind));
    for (const k of ['aws.s3.bucket', 'aws.iam.role', 'aws.sagemaker.training-job', 'aws.sagemaker.endpoint', 'gcp.storage.bucket', 'gcp.vertexai.endpoint', 'gcp.iam.service-account']) expect(kinds).toContain(k);
    // access-relevant: some buckets are exposed
    expect(inventory.resources.some((r) => r.kind === 'gcp.storage.bucket' && r.iamPolicy.bindings.some((b) => b.members.includes('allUsers')))).toBe(true);
  });
});
