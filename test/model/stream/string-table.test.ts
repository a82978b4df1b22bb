import { describe, expect, it } from 'vitest';
import { hashString, StringTable } from '../../../src/model/stream/string-table.js';

/** A new instance of the same characters (not the literal V8 keeps once). */
const copy = (s: string) => JSON.parse(JSON.stringify(s)) as string;

describe('StringTable', () => {
  it('hands back the first instance of each string, across the growth of its tables', () => {
    const table = new StringTable();
    const firsts = Array.from({ length: 30000 }, (_, i) => copy(`arn:aws:s3:::bucket-${i}`));
    for (const s of firsts) expect(table.intern(s)).toBeUndefined();
    expect(table.count).toBe(30000);
    firsts.forEach((s, i) => {
      const again = copy(`arn:aws:s3:::bucket-${i}`);
      expect(table.intern(again)).toBe(s);
      expect(table.hash).toBe(hashString(s));
    });
    expect(table.count).toBe(30000);
  });

  it('holds the empty string and strings beyond Latin-1 like any other', () => {
    const table = new StringTable();
    for (const s of ['', 'é', '日本', '😀', 'a\u0000b']) {
      expect(table.intern(copy(s))).toBeUndefined();
      expect(table.intern(copy(s))).toBe(s);
    }
  });

  it('tells apart different strings with the same hash', () => {
    // found by hashing `id-` and five base-36 digits until two agreed in all 32 bits
    const [a, b] = ['id-01rnw', 'id-0ipba'];
    expect(hashString(a)).toBe(hashString(b));
    const table = new StringTable();
    expect(table.intern(copy(a))).toBeUndefined();
    expect(table.intern(copy(b))).toBeUndefined();
    expect(table.intern(copy(a))).toBe(a);
    expect(table.intern(copy(b))).toBe(b);
    expect(table.count).toBe(2);
  });

  it('does not hold a string that finds no free slot within maxProbes, and never confuses it with another', () => {
    // two strings for the same table (top 8 bits) and the same first slot of a 16-slot index (low 4 bits)
    const first = 'key-0';
    const want = hashString(first);
    let second = '';
    for (let i = 1; !second; i++) {
      const h = hashString(`key-${i}`);
      if (h >>> 24 === want >>> 24 && (h & 15) === (want & 15)) second = `key-${i}`;
    }
    const strict = new StringTable(1);
    expect(strict.intern(first)).toBeUndefined();
    expect(strict.intern(second)).toBeUndefined();
    expect(strict.intern(copy(second))).toBeUndefined();
    expect(strict.intern(copy(first))).toBe(first);

    const usual = new StringTable();
    usual.intern(first);
    usual.intern(second);
    expect(usual.intern(copy(second))).toBe(second);
  });
});
