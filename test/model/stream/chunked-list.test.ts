import { describe, expect, it } from 'vitest';
import { ChunkedList } from '../../../src/model/stream/chunked-list.js';

describe('ChunkedList', () => {
  it('gives its items back in order, in an array of their number, across chunks', () => {
    for (const n of [0, 1, 8191, 8192, 8193, 20000]) {
      const list = new ChunkedList<{ i: number } | number[]>();
      const items = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? [i] : { i }));
      for (const item of items) list.push(item);
      const out = list.toArray();
      expect(out.length).toBe(n);
      // array items are kept as items, not spread into the list
      for (let i = 0; i < n; i++) expect(out[i]).toBe(items[i]);
    }
  });
});
