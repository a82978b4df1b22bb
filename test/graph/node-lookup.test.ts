import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { annotateAccess } from '../../src/access/index.js';
import { canonicalOrder } from '../../src/canonical-order.js';
import { buildGraph, EDGE_FLOW, type Graph } from '../../src/graph/index.js';
import { Inventory, noTrust } from '../../src/model/index.js';

// Resources in id order are found by binary search, without a Map of every id; out of order, or with a repeated id,
// through a Map. Every way must give each edge the nodes of its ids, and one node per id.
describe('graph build: nodes of the edges\' ends', () => {
  const parts = syntheticInventoryParts(2_000, 9);
  const parsed = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
  const sorted = canonicalOrder(parsed);
  const { edges } = annotateAccess(sorted, noTrust());
  const inv = { ...sorted, edges };

  function expectEndsById(graph: Graph, input: Inventory): void {
    expect(new Set(graph.ids).size).toBe(graph.nodeCount);
    for (let e = 0; e < input.edges.length; e++) {
      const edge = input.edges[e];
      const [from, to] = EDGE_FLOW[edge.type] === 'forward' ? [edge.from, edge.to] : [edge.to, edge.from];
      expect(graph.ids[graph.flowFrom[e]]).toBe(from);
      expect(graph.ids[graph.flowTo[e]]).toBe(to);
    }
    for (let i = 0; i < graph.nodeCount; i++) expect(graph.index.get(graph.ids[i])).toBe(i);
  }

  it('in id order: resource k is node k, and ids only edges name come after them', () => {
    const graph = buildGraph(inv);
    expect(graph.scannedCount).toBe(inv.resources.length);
    expect(graph.nodeCount).toBeGreaterThan(graph.scannedCount);
    for (let k = 0; k < inv.resources.length; k++) expect(graph.ids[k]).toBe(inv.resources[k].id);
    expectEndsById(graph, inv);
  });

  it('out of id order from some resource on, and with edges in any order', () => {
    const resources = inv.resources.slice();
    const k = Math.floor(resources.length / 2);
    [resources[k], resources[k + 5]] = [resources[k + 5], resources[k]];
    const shuffled = { ...inv, resources, edges: inv.edges.slice().reverse() };
    const graph = buildGraph(shuffled);
    for (let j = 0; j < resources.length; j++) expect(graph.ids[j]).toBe(resources[j].id);
    expectEndsById(graph, shuffled);
    expect(graph.nodeCount).toBe(buildGraph(inv).nodeCount);
  });

  it('with a repeated id: its first resource is the node', () => {
    const repeated = { ...inv, resources: [...inv.resources, inv.resources[3]] };
    const graph = buildGraph(repeated);
    expect(graph.resourceNode[repeated.resources.length - 1]).toBe(-1);
    expectEndsById(graph, repeated);
  });

  it('with a repeated id next to its first, where the canonical order puts it: its first resource is the node', () => {
    const resources = [...inv.resources.slice(0, 4), inv.resources[3], ...inv.resources.slice(4)];
    const repeated = { ...inv, resources };
    const graph = buildGraph(repeated);
    expect(graph.resourceNode[3]).toBe(3);
    expect(graph.resourceNode[4]).toBe(-1);
    expectEndsById(graph, repeated);
  });
});
