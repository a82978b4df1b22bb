import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/index.js';
import { Inventory } from '../../src/model/index.js';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';

describe('graph edge prefixes', () => {
  it('give back each edge prefix, an empty one and none included', () => {
    const parts = syntheticInventoryParts(600, 2);
    const inv = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
    const job = inv.resources.find((r) => r.kind === 'aws.sagemaker.training-job')!.id;
    const edges = [
      ...inv.edges,
      { from: job, type: 'reads-from' as const, to: 'arn:aws:s3:::other', prefix: '' },
      { from: job, type: 'reads-from' as const, to: 'arn:aws:s3:::other-2', prefix: 'a/' },
      { from: job, type: 'writes-to' as const, to: 'arn:aws:s3:::other-3', prefix: 'b/' },
      { from: job, type: 'writes-to' as const, to: 'arn:aws:s3:::other-4', prefix: 'a/' },
    ];
    const graph = buildGraph({ ...inv, edges });
    const read = graph.edges.map((_, e) => graph.edgePrefix[e]);
    expect(read).toEqual(graph.edges.map((edge) => edge.prefix));
    expect(read.filter((p) => p !== undefined).length).toBeGreaterThanOrEqual(4);
    expect(read).toContain('');
  });
});
