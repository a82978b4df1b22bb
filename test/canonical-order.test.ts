import { describe, expect, it } from 'vitest';
import { edgesByKey, orderByKey, resourcesById } from '../src/canonical-order.js';
import type { Edge } from '../src/model/index.js';
import { compareStrings } from '../src/rules/suggest.js';

// what canonical ordering was defined as: a stable sort with these comparators
const compareResources = (a: { id: string }, b: { id: string }) => compareStrings(a.id, b.id);
const compareEdges = (a: Edge, b: Edge) =>
  compareStrings(a.from, b.from) || compareStrings(a.type, b.type) || compareStrings(a.to, b.to) || compareStrings(a.prefix ?? '', b.prefix ?? '');

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

// few characters, so that ids repeat, share prefixes and are prefixes of each other; astral and lone surrogates,
// since `<` compares UTF-16 code units (not code points)
const ALPHABET = ['a', 'b', 'B', '/', ':', '\u00e9', '\ud83d\ude00', '\ud83d', '\uff5e', ''];
const word = (next: () => number) => Array.from({ length: Math.floor(next() * 5) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');

describe('canonical order', () => {
  it('orders resources as a stable sort by id does, repeated ids in input order', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed);
      const resources = Array.from({ length: 300 }, (_, i) => ({ id: `arn:${word(next)}`, n: i }));
      const out = resourcesById(resources);
      expect(out).toEqual([...resources].sort(compareResources));
      expect(out).not.toBe(resources);
      expect(resourcesById(out)).toEqual(out);
    }
  });

  it('orders edges as a stable sort by from, type, to and prefix does (no prefix as an empty one)', () => {
    const types = ['reads-from', 'writes-to', 'can-write', 'produces'] as const;
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed);
      const edges: Edge[] = Array.from({ length: 400 }, () => {
        const e: Edge = { from: word(next), to: word(next), type: types[Math.floor(next() * types.length)] };
        const p = next();
        if (p < 0.3) e.prefix = word(next);
        else if (p < 0.4) e.prefix = '';
        return e;
      });
      const out = edgesByKey(edges);
      // identity, not only equal values: edges that compare equal keep their input order
      const expected = [...edges].sort(compareEdges);
      expect(out.every((e, i) => e === expected[i])).toBe(true);
    }
  });

  it('says when keys are in order already', () => {
    expect(orderByKey(['a', 'a', 'b'])).toBeUndefined();
    expect(orderByKey(['b', 'a'])).toEqual([1, 0]);
  });
});
