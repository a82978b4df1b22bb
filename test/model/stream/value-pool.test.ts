import { describe, expect, it } from 'vitest';
import { ValuePool } from '../../../src/model/stream/value-pool.js';

/** Interns a fresh parse of each JSON text, as the streaming reader does with each element. */
function internAll(pool: ValuePool, texts: string[]): Record<string, any>[] {
  return texts.map((t) => pool.internElement(JSON.parse(t)));
}

describe('ValuePool', () => {
  it('leaves every element equal to what JSON.parse made, key order included', () => {
    const texts = [
      '{"id":"a","tags":{},"gaps":[],"pab":{"x":true,"y":false},"list":["s",1,null,{"y":"111122223333"}],"n":-0}',
      '{"id":"b","tags":{"team":"ml"},"gaps":[],"pab":{"y":false,"x":true},"list":["s",1.5,true,{"y":"other"}],"n":0}',
    ];
    const pool = new ValuePool();
    for (let round = 0; round < 4; round++) {
      const elements = internAll(pool, texts);
      elements.forEach((e, i) => {
        expect(e).toStrictEqual(JSON.parse(texts[i]));
        expect(JSON.stringify(e)).toBe(JSON.stringify(JSON.parse(texts[i])));
      });
      expect(Object.is(elements[0].n, -0)).toBe(true);
    }
  });

  it('shares equal objects and arrays below the element from their third occurrence on, frozen', () => {
    const pool = new ValuePool();
    const text = '{"id":"r","tags":{},"gaps":[],"acl":{"owner":"o","grants":[{"id":"o","permission":"FULL_CONTROL"}]}}';
    const [first, second, third, fourth] = internAll(pool, [text, text, text, text]);
    expect(third.acl).toBe(second.acl);
    expect(fourth.acl).toBe(second.acl);
    expect(fourth.tags).toBe(first.tags);
    expect(fourth.gaps).toBe(first.gaps);
    expect(fourth.acl.grants[0]).toBe(second.acl.grants[0]);
    expect(fourth).not.toBe(third);
    expect(Object.isFrozen(fourth.acl)).toBe(true);
    expect(Object.isFrozen(first.acl.grants)).toBe(true);
    expect(Object.isFrozen(fourth)).toBe(false);
    expect(() => {
      'use strict';
      fourth.acl.grants.push({});
    }).toThrow(TypeError);
  });

  it('never shares values that differ in type, key order or sign of zero, or that only hash alike', () => {
    const pool = new ValuePool();
    const texts = ['{"v":{"a":1}}', '{"v":{"a":536870913}}', '{"v":[0.5]}', '{"v":[0.5000000001]}', '{"v":{"a":"1"}}', '{"v":[1,2]}', '{"v":{"0":1,"1":2}}', '{"v":{"a":1,"b":2}}', '{"v":{"b":2,"a":1}}', '{"v":[0]}', '{"v":[-0]}', '{"v":[true]}', '{"v":[null]}', '{"v":[]}', '{"v":{}}'];
    for (let round = 0; round < 3; round++) {
      internAll(pool, texts).forEach((e, i) => {
        expect(e).toStrictEqual(JSON.parse(texts[i]));
        expect(JSON.stringify(e)).toBe(JSON.stringify(JSON.parse(texts[i])));
      });
    }
  });

  it('stays correct when many values hash alike (at most a few are remembered per hash)', () => {
    const pool = new ValuePool();
    // integers 2^29 apart hash alike
    const texts = Array.from({ length: 40 }, (_, i) => `{"v":{"a":${1 + i * 536870912}}}`);
    for (let round = 0; round < 3; round++) internAll(pool, texts).forEach((e, i) => expect(JSON.stringify(e)).toBe(JSON.stringify(JSON.parse(texts[i]))));
    const [a, b] = internAll(pool, [texts[0], texts[0]]);
    expect(a.v).toBe(b.v);
  });

  it('shares objects that differ only in strings seen before (a string hashes by its characters)', () => {
    const pool = new ValuePool();
    const texts = Array.from({ length: 40 }, (_, i) => `{"id":"r${i}","loc":{"region":"region-${i}","zone":"z"}}`);
    const rounds = [0, 1, 2, 3].map(() => internAll(pool, texts));
    rounds[3].forEach((e, i) => expect(e.loc).toBe(rounds[2][i].loc));
  });

  it('stays correct with many distinct values, a tiny memory bound, long strings and a __proto__ key', () => {
    const pool = new ValuePool(8, 16);
    const texts: string[] = [];
    for (let i = 0; i < 2000; i++) texts.push(JSON.stringify({ id: `r${i % 300}`, v: { n: i % 97, s: `value-${i % 89}`, f: (i % 7) / 3, long: 'x'.repeat(i % 3) + 'a-long-string' } }));
    texts.push('{"id":"p","v":{"__proto__":{"polluted":true},"a":1}}');
    for (let round = 0; round < 2; round++) {
      internAll(pool, texts).forEach((e, i) => expect(JSON.stringify(e)).toBe(JSON.stringify(JSON.parse(texts[i]))));
    }
    const withProto = pool.internElement(JSON.parse(texts[texts.length - 1]));
    expect(Object.getPrototypeOf(withProto.v)).toBe(Object.prototype);
    expect(Object.keys(withProto.v)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
