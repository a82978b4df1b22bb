import { describe, expect, test } from 'vitest';
import { ResourceCopier } from '../../src/access/resource-copier.js';
import type { Resource } from '../../src/model/index.js';
import { gcsBucket, s3Bucket } from './builders.js';

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
});
