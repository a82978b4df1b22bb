import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { annotateAccess } from '../../src/access/index.js';
import { buildGraph } from '../../src/graph/index.js';
import { Inventory, noTrust } from '../../src/model/index.js';

// The access analysis hands the graph build the resource positions of its edges' ends, so that the build does not
// look those ids up again: they must be the positions of resources with those ids, and give the same graph.
describe('graph build with the access edges\' known ends', () => {
  const parts = syntheticInventoryParts(3_000, 5);
  const inv = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });

  it('are positions of resources with the ids at those ends', () => {
    const { edges, edgeEnds } = annotateAccess(inv, noTrust());
    expect(edgeEnds.start).toBe(inv.edges.length);
    expect(edgeEnds.from.length).toBe(edges.length - edgeEnds.start);
    let known = 0;
    for (let i = 0; i < edgeEnds.from.length; i++) {
      const edge = edges[edgeEnds.start + i];
      if (edgeEnds.from[i] >= 0) expect(inv.resources[edgeEnds.from[i]].id).toBe(edge.from);
      if (edgeEnds.to[i] >= 0) expect(inv.resources[edgeEnds.to[i]].id).toBe(edge.to);
      if (edgeEnds.to[i] >= 0) known++;
    }
    // every edge ends at a bucket (can-read, can-write) or a role (can-assume) of the inventory
    expect(known).toBe(edges.length - edgeEnds.start);
  });

  it('give the same graph as looking the ids up, and are not used when ids repeat', () => {
    const { edges, byPosition, edgeEnds } = annotateAccess(inv, noTrust());
    const plain = buildGraph({ ...inv, edges }, { pending: byPosition });
    const withEnds = buildGraph({ ...inv, edges }, { pending: byPosition, edgeEnds });
    for (const key of ['ids', 'flowFrom', 'flowTo', 'outStart', 'outEdges', 'inStart', 'inEdges', 'external', 'bucket'] as const) {
      expect(withEnds[key]).toEqual(plain[key]);
    }
    // with a repeated id the nodes are renumbered: positions would be wrong, so the build looks ids up
    const repeated = { ...inv, resources: [inv.resources[1], ...inv.resources], edges };
    const shifted = { ...edgeEnds, from: edgeEnds.from.map((p) => (p >= 0 ? p + 1 : p)), to: edgeEnds.to.map((p) => (p >= 0 ? p + 1 : p)) };
    const pending = [undefined, ...byPosition];
    expect(buildGraph(repeated, { pending, edgeEnds: shifted }).flowTo).toEqual(buildGraph(repeated, { pending }).flowTo);
  });
});
