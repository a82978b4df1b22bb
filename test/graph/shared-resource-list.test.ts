import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { buildGraph, copyWithRelated, relatedOfNodes, setRelatedInPlace } from '../../src/graph/index.js';
import { relatedMaker } from '../../src/graph/related.js';
import { Inventory, type Resource } from '../../src/model/index.js';

// With no repeated id the annotated inventory's list of resources is the graph's own (the build's copy of the input
// list), so that the stage keeps one list of a million resources instead of two.
describe('the graph stage list of resources', () => {
  const parts = syntheticInventoryParts(1_000, 3);
  const inv = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });

  it('holds the collected resources only: nodes that edges alone name read undefined past its end', () => {
    const graph = buildGraph({ ...inv, edges: [...inv.edges, { from: inv.resources[0].id, type: 'reads-from', to: 'arn:aws:s3:::not-collected' }] });
    expect(graph.nodeCount).toBeGreaterThan(graph.scannedCount);
    expect(graph.resources.length).toBe(graph.scannedCount);
    expect(graph.resources[graph.scannedCount]).toBeUndefined();
    expect(graph.resources.every((r, i) => r === inv.resources[i])).toBe(true);
  });

  it('is not the copied inventory list: a second copy from the same graph leaves the first one as it was', () => {
    const input = inv.resources.slice();
    const graph = buildGraph({ ...inv, resources: input });
    const viaList = copyWithRelated({ ...inv, resources: input }, buildGraph({ ...inv, resources: input }), relatedOfNodes(buildGraph(inv)));
    const copied = copyWithRelated({ ...inv, resources: input }, graph, relatedMaker(graph));
    expect(copied.resources).not.toBe(graph.resources);
    expect(copied.resources).not.toBe(input);
    expect(input.every((r, i) => r === inv.resources[i] && !('related' in r))).toBe(true);
    expect(JSON.stringify(copied)).toBe(JSON.stringify(viaList));
    const first = copied.resources[0];
    const again = copyWithRelated({ ...inv, resources: input }, graph, relatedMaker(graph), input.map(() => ({ reach: { writableBuckets: [] }, gaps: [] }) as never));
    expect(again.resources[0]).not.toBe(first);
    expect(copied.resources[0]).toBe(first);
  });

  it('in place: becomes the inventory list, with a frozen resource copied into it', () => {
    const own = inv.resources.map((r) => ({ ...r }));
    const frozen = own.findIndex((r) => r.kind === 'aws.sagemaker.model');
    own[frozen] = Object.freeze(own[frozen]);
    const handedOver: Inventory = { ...inv, resources: own };
    const expected = copyWithRelated(handedOver, buildGraph(handedOver), relatedOfNodes(buildGraph(handedOver)));
    const graph = buildGraph(handedOver);
    const inPlace = setRelatedInPlace(handedOver, graph, relatedMaker(graph));
    expect(inPlace.resources).toBe(graph.resources);
    expect(inPlace.resources).not.toBe(own);
    expect(own[frozen]).not.toHaveProperty('related');
    expect(inPlace.resources[frozen]).not.toBe(own[frozen]);
    expect(inPlace.resources[0]).toBe(own[0]);
    expect(JSON.stringify(inPlace)).toBe(JSON.stringify(expected));
  });

  it('is not shared when an id repeats', () => {
    const repeated: Resource[] = [...inv.resources, { ...inv.resources[0] }];
    const graph = buildGraph({ ...inv, resources: repeated });
    const inPlace = setRelatedInPlace({ ...inv, resources: repeated }, graph, relatedMaker(graph));
    expect(inPlace.resources).not.toBe(graph.resources);
    expect(inPlace.resources.length).toBe(repeated.length);
    expect(inPlace.resources.at(-1)).not.toHaveProperty('related');
  });
});
