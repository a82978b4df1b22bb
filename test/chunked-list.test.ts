import { describe, expect, test } from 'vitest';
import { CHUNK_SIZE, ChunkedInt32s, ChunkedList } from '../src/chunked-list.js';

describe('chunked lists', () => {
  const sizes = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE + 5];

  test.each(sizes)('a list of %i items reads back by position and appends to another in order', (n) => {
    const list = new ChunkedList<{ n: number }>();
    const items = Array.from({ length: n }, (_, i) => ({ n: i }));
    for (const x of items) list.push(x);
    expect(list.length).toBe(n);
    for (let i = 0; i < n; i++) expect(list.at(i)).toBe(items[i]);
    const before = [{ n: -2 }, { n: -1 }];
    const all = list.appendedTo(before);
    expect(all.length).toBe(n + 2);
    expect(all.slice(0, 2)).toEqual(before);
    expect(all.slice(2).every((x, i) => x === items[i])).toBe(true);
    expect(before.length).toBe(2);
  });

  test.each(sizes)('a list of %i items, some of them arrays, gives them back in order in an array of their number', (n) => {
    const list = new ChunkedList<{ i: number } | number[]>();
    const items = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? [i] : { i }));
    for (const item of items) list.push(item);
    const out = list.toArray();
    expect(out.length).toBe(n);
    // array items are kept as items, not spread into the list
    for (let i = 0; i < n; i++) expect(out[i]).toBe(items[i]);
  });

  test.each(sizes)('%i integers read back by position and copy into one Int32Array of their number', (n) => {
    const ints = new ChunkedInt32s();
    for (let i = 0; i < n; i++) ints.push(i % 3 === 0 ? -1 : i * 7);
    expect(ints.length).toBe(n);
    for (let i = 0; i < n; i++) expect(ints.at(i)).toBe(i % 3 === 0 ? -1 : i * 7);
    const out = ints.toInt32s();
    expect(out).toBeInstanceOf(Int32Array);
    expect(out.length).toBe(n);
    expect([...out]).toEqual(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : i * 7)));
  });
});
