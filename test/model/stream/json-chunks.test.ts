import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../../src/model/stream/json-chunks.js';

const cases: [string, unknown][] = [
  ['primitives', [1, 'a', null, true, 1.5e-7]],
  ['empty containers at every depth', { a: [], b: {}, c: [[], {}, [[]]], d: { e: { f: [] } } }],
  ['undefined, functions and symbols (left out of objects, null in arrays)', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')] }],
  ['toJSON (dates) at the top and inside', { when: new Date(0), list: [new Date(1)], deep: { x: { y: new Date(2) } } }],
  ['boxed primitives', { n: new Number(3), s: new String('x'), b: new Boolean(false) }],
  ['unicode and escapes, in keys too', { 'clé\u2028"': 'données \u{1F600} \u2029 "q" \\ \n\t </script>' }],
  ['nesting deeper than the streamed depths', { x: { y: { z: [1, { q: [1, 2, { r: [] }] }] } }, l: [1, [2, [3, [4, { a: { b: 1 } }]]]] }],
];

describe('jsonChunks', () => {
  it.each(cases)('%s: the chunks joined are JSON.stringify(value, null, 2)', (_name, value) => {
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('writes a large array a member at a time', () => {
    const value = { inventory: { resources: Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, tags: { a: 'b' } })) } };
    const chunks = [...jsonChunks(value)];
    expect(chunks.length).toBeGreaterThan(200);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(80);
  });
});
