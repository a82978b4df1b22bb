import { describe, expect, it } from 'vitest';
import { sortedInPlace } from '../../src/access/sorted-in-place.js';

describe('sortedInPlace', () => {
  it('gives the order of a stable sort, in the same list, for short and long lists', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
    for (const n of [0, 1, 2, 5, 15, 16, 17, 40]) {
      for (let round = 0; round < 20; round++) {
        const list = Array.from({ length: n }, (_, i) => ({ key: Math.floor(next() * 4), i }));
        const expected = [...list].sort(byKey);
        const out = sortedInPlace(list, byKey, 16);
        expect(out).toBe(list);
        expect(out.map((x) => x.i)).toEqual(expected.map((x) => x.i));
      }
    }
  });
});
