import { describe, expect, it } from 'vitest';
import { compress } from '../../src/graph/build.js';

/** Each node's edges in ascending edge order, by grouping: what compress must give. */
function grouped(V: number, endpoint: readonly number[]): number[][] {
  const lists: number[][] = Array.from({ length: V }, () => []);
  endpoint.forEach((v, e) => lists[v].push(e));
  return lists;
}

describe('compress (counting sort of edges by endpoint)', () => {
  it("lists each node's edges in edge order, nodes without edges and the last node included", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const [V, E] of [
      [1, 0],
      [1, 5],
      [5, 0],
      [8, 40],
      [300, 200],
      [50, 2000],
    ]) {
      const endpoint = Array.from({ length: E }, () => random(V));
      if (E > 0) endpoint[E - 1] = V - 1;
      const [start, list] = compress(V, Int32Array.from(endpoint));
      expect(start.length).toBe(V + 1);
      expect(start[0]).toBe(0);
      expect(start[V]).toBe(E);
      const lists = Array.from({ length: V }, (_, v) => [...list.subarray(start[v], start[v + 1])]);
      expect(lists, `${V} nodes, ${E} edges`).toEqual(grouped(V, endpoint));
    }
  });
});
