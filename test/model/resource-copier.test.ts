import { describe, expect, test } from 'vitest';
import { ResourceCopier } from '../../src/model/resource-copier.js';
import { compileLiteral } from '../../src/model/object-literal.js';
import type { Resource } from '../../src/model/index.js';
import { gcsBucket, s3Bucket } from '../access/builders.js';

describe('resource copies with added fields', () => {
  const copier = new ResourceCopier(['access', 'gaps']);
  const access = { publicRead: true } as never;
  const same = (copy: object, original: object) => {
    expect(Object.keys(copy)).toEqual(Object.keys(original));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
  };

  test('the same keys in the same order and the same values as a spread, for every key list of a kind', () => {
    const gaps = [{ path: 'access.publicRead', reason: 'x' }];
    const plain = s3Bucket('a');
    const withAccess = { ...s3Bucket('b'), access };
    const reordered = Object.fromEntries(Object.entries(s3Bucket('c')).reverse()) as Resource;
    for (const r of [plain, withAccess, reordered, plain, gcsBucket('g')]) {
      const copy = copier.copy(r, { access, gaps });
      same(copy, { ...r, access, gaps });
      expect(copy).not.toBe(r);
    }
  });

  test('a __proto__ key is copied as a property, not as the prototype', () => {
    const r = JSON.parse(JSON.stringify({ ...s3Bucket('p') }).replace('{', '{"__proto__":{"polluted":true},')) as Resource;
    const copy = copier.copy(r, { access });
    same(copy, { ...r, access });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  test('a field the resource already has keeps its place; one it lacks comes last', () => {
    const related = new ResourceCopier(['related']);
    const slot = { related: { feeds: [] } } as never;
    const plain = s3Bucket('r');
    const annotated = { ...s3Bucket('s'), related: { old: true } } as unknown as Resource;
    const moved = Object.fromEntries([['related', { old: true }], ...Object.entries(s3Bucket('t'))]) as Resource;
    for (const r of [plain, annotated, moved, plain]) same(related.copy(r, slot), { ...r, ...(slot as object) });
  });
});

describe('compiled object literals', () => {
  test('copy the keys in order, each from the source or from the fields', () => {
    const build = compileLiteral(['a', 'b', 'c'], new Set(['b']))!;
    const out = build({ a: 1, b: 2, c: 3 }, { b: 'x' });
    expect(Object.entries(out)).toEqual([['a', 1], ['b', 'x'], ['c', 3]]);
  });

  test('keys that are not identifiers cannot inject code', () => {
    const key = '"]; globalThis.injected = 1; ["';
    const build = compileLiteral([key, 'x y', '0'])!;
    expect(build({ [key]: 1, 'x y': 2, 0: 3 })).toEqual({ [key]: 1, 'x y': 2, 0: 3 });
    expect((globalThis as Record<string, unknown>).injected).toBeUndefined();
  });

  test('a __proto__ key is left to the caller', () => expect(compileLiteral(['a', '__proto__'])).toBeUndefined());
});
