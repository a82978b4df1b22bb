import { describe, expect, it } from 'vitest';
import { ObjectShapes } from '../../../src/model/stream/object-shapes.js';

describe('ObjectShapes', () => {
  it('copies an object with the same keys in the same order and the same values', () => {
    const shapes = new ObjectShapes();
    const nested = { deep: [1] };
    const source = { id: 'a', kind: 'k', tags: {}, list: [1, 2], nested, n: null, z: 0 };
    const copy = shapes.compact(source);
    expect(copy).not.toBe(source);
    expect(copy).toStrictEqual(source);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(source));
    expect(copy.nested).toBe(nested);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    // a second object of the same shape goes through the same compiled literal
    expect(shapes.compact({ ...source, id: 'b' })).toStrictEqual({ ...source, id: 'b' });
  });

  it('keys that are not identifiers cannot inject code, and integer-like keys keep JSON order', () => {
    const shapes = new ObjectShapes();
    const source = JSON.parse('{"a\\"b":1,"x\'); throw 1; (\'":2,"line\\u2028sep":3,"":4,"10":5,"2":6,"constructor":7}');
    const copy = shapes.compact(source);
    expect(copy).toStrictEqual(source);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(source));
  });

  it('returns the object itself for a __proto__ key, past the shape bound and past the key bound', () => {
    const withProto = JSON.parse('{"a":1,"__proto__":{"polluted":true}}');
    const shapes = new ObjectShapes(2, 3);
    expect(shapes.compact(withProto)).toBe(withProto);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const big = { a: 1, b: 2, c: 3, d: 4 };
    expect(shapes.compact(big)).toBe(big);
    expect(shapes.compact({ a: 1 })).toStrictEqual({ a: 1 });
    expect(shapes.compact({ b: 1 })).toStrictEqual({ b: 1 });
    const third = { c: 1 };
    expect(shapes.compact(third)).toBe(third);
    expect(shapes.compact({ a: 2 })).not.toBe(third);
  });
});
