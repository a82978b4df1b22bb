import { describe, expect, it } from 'vitest';
import { buildGraph, annotateRelated, runGraphStage, builtinPathRules } from '../../src/graph/index.js';
import { compileNodeSelector, selectNodes } from '../../src/graph/node-selector.js';
import { nodeAttributes } from '../../src/graph/node-attributes.js';
import { syntheticEstate } from '../../bench/synthetic-graph.js';

const SELECTORS = [
  'node.principal && node.external',
  'node.category in ["ml.training", "ml.dataset", "ml.model", "ml.endpoint"]',
  'node.category == "ml.endpoint" && node.serving && (node.publicEndpoint || !node.networkIsolated)',
  'node.deployed && node.servingEndpoints > 0',
  'node.bucket && node.account == "111111111111"',
  // per node: id, name, tags, and `node` as a whole
  'node.id.endsWith("/u12")',
  'node.name.startsWith("data-1")',
  'node.tags["team"] == "ml"',
  '"kind" in node && node.kind == "aws.iam.role"',
];

describe('node selectors', () => {
  it('selectNodes gives, for every node, what each selector says about that node alone', () => {
    const estate = syntheticEstate(3_000, 2);
    estate.inventory.resources[5].tags = { team: 'ml' };
    const graph = buildGraph(estate.inventory);
    annotateRelated(graph);
    const selectors = SELECTORS.map(compileNodeSelector);
    const masks = selectNodes(graph, selectors);
    selectors.forEach((selector, s) => {
      let selected = 0;
      for (let i = 0; i < graph.nodeCount; i++) {
        let expected = false;
        try {
          expected = selector(nodeAttributes(graph, i));
        } catch {
          expected = false;
        }
        expect(masks[s][i], `${SELECTORS[s]} on ${graph.ids[i]}`).toBe(expected ? 1 : 0);
        selected += masks[s][i];
      }
      expect(selected, SELECTORS[s]).toBeGreaterThan(0);
    });
  });

  it('a selector given twice gets the same mask', () => {
    const graph = buildGraph(syntheticEstate(500, 1).inventory);
    const a = compileNodeSelector('node.bucket');
    const [m1, m2] = selectNodes(graph, [a, a]);
    expect(m1).toBe(m2);
  });
});

describe('graph stage copies', () => {
  it('leaves the input inventory unchanged and gives every copied resource its related', () => {
    const inventory = syntheticEstate(2_000, 4).inventory;
    const before = JSON.stringify(inventory);
    const { inventory: out } = runGraphStage(inventory, builtinPathRules());
    expect(JSON.stringify(inventory)).toBe(before);
    expect(out.resources).toHaveLength(inventory.resources.length);
    for (const r of out.resources) expect(r.related, r.id).toBeDefined();
    expect(out.resources.filter((r) => r.related!.servingEndpoints.length).length).toBeGreaterThan(0);
  });

  it('a resource whose id came earlier keeps only its copy, as before', () => {
    const inventory = syntheticEstate(300, 4).inventory;
    const dup = { ...inventory.resources[0], name: 'duplicate' };
    inventory.resources.push(dup);
    const { inventory: out } = runGraphStage(inventory, builtinPathRules());
    expect(out.resources[0].related).toBeDefined();
    expect(out.resources[out.resources.length - 1]).toEqual(dup);
  });
});

describe('graph build with repeated ids', () => {
  it('numbers nodes by first occurrence and maps edges to the first resource of an id', () => {
    const inventory = syntheticEstate(300, 4).inventory;
    const [a, b, c] = inventory.resources;
    const edges = inventory.edges.filter((e) => e.from === c.id || e.to === c.id);
    const graph = buildGraph({ ...inventory, resources: [a, b, { ...a, name: 'again' }, c, { ...b }], edges });
    expect([...graph.resourceNode]).toEqual([0, 1, -1, 2, -1]);
    expect(graph.ids.slice(0, 3)).toEqual([a.id, b.id, c.id]);
    expect(graph.resources.slice(0, 3)).toEqual([a, b, c]);
    expect(graph.index.get(c.id)).toBe(2);
    for (const e of edges) expect(graph.ids[graph.index.get(e.from)!]).toBe(e.from);
    expect(graph.nodeCount).toBe(3 + new Set(edges.flatMap((e) => [e.from, e.to]).filter((id) => ![a.id, b.id, c.id].includes(id))).size);
  });
});
