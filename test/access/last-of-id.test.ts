import { describe, expect, it } from 'vitest';
import { LastOfId } from '../../src/access/last-of-id.js';

/** What a Map of id -> last number gives: the reference LastOfId must agree with. */
function withMap(ids: readonly string[]): { repeats: boolean; last: [number, string][] } {
  const map = new Map<string, number>();
  ids.forEach((id, k) => map.set(id, k));
  const last: [number, string][] = [];
  map.forEach((k, id) => last.push([k, id]));
  return { repeats: map.size < ids.length, last };
}

function withLastOfId(ids: readonly string[], expected?: number): { repeats: boolean; last: [number, string][]; lastOf: number[] } {
  const index = new LastOfId(expected);
  for (const id of ids) index.add(id);
  const last: [number, string][] = [];
  index.forEach((k, id) => last.push([k, id]));
  return { repeats: index.repeats, last, lastOf: ids.map((id) => index.lastOf(id)) };
}

describe('LastOfId', () => {
  const cases: Record<string, string[]> = {
    empty: [],
    ascending: ['arn:aws:s3:::a', 'arn:aws:s3:::b', 'arn:aws:s3:::c'],
    'repeat right after the first': ['a', 'a', 'b'],
    'repeat later, after an ascending run': ['a', 'b', 'c', 'b', 'd'],
    'descending, no repeat': ['c', 'b', 'a'],
    'unordered with repeats': ['m', 'c', 'm', 'z', 'c', 'a'],
  };
  for (const [name, ids] of Object.entries(cases)) {
    it(`agrees with a Map: ${name}`, () => {
      // made at the expected length, shorter or longer: the same answers
      for (const expected of [undefined, ids.length, ids.length + 3, Math.max(0, ids.length - 2)]) expect(withLastOfId(ids, expected)).toEqual(withLastOfId(ids));
      const got = withLastOfId(ids);
      const expected = withMap(ids);
      expect(got.repeats).toBe(expected.repeats);
      expect(got.last).toEqual(expected.last);
      const lastOf = new Map(expected.last.map(([k, id]) => [id, k]));
      expect(got.lastOf).toEqual(ids.map((id) => lastOf.get(id)));
    });
  }

  it('agrees with a Map on random id lists', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const n = next() % 30;
      const sorted = round % 2 === 0;
      let ids = Array.from({ length: n }, () => `b-${next() % (sorted ? 1000 : 20)}`);
      if (sorted) ids = ids.sort();
      const got = withLastOfId(ids);
      const expected = withMap(ids);
      expect(got.repeats).toBe(expected.repeats);
      expect(got.last).toEqual(expected.last);
    }
  });
});
