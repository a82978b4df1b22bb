import { describe, expect, it } from 'vitest';
import { memoByFields } from '../../src/access/bounds.js';

describe('memoByFields', () => {
  it('answers an input with the same field values from memory, and computes one that differs in any field', () => {
    const list = [1];
    const calls: object[] = [];
    const f = memoByFields((t: { a: number[]; b: boolean; c?: string }) => {
      calls.push(t);
      return { ...t };
    });
    const first = f({ a: list, b: true });
    expect(f({ a: list, b: true })).toBe(first);
    const other = f({ a: list, b: false });
    expect(other).not.toBe(first);
    // a field of equal contents in another array is another value; an extra field is another input
    expect(f({ a: [1], b: true })).not.toBe(first);
    expect(f({ a: list, b: true, c: 'x' })).not.toBe(first);
    expect(f({ a: list, b: false })).toBe(other);
    expect(calls).toHaveLength(4);
  });

  it('remembers what a computation asked of it along the way', () => {
    const calls: boolean[] = [];
    const f: (t: { on: boolean }) => string = memoByFields((t: { on: boolean }) => {
      calls.push(t.on);
      return t.on ? `${f({ on: false })}+on` : 'off';
    });
    expect(f({ on: true })).toBe('off+on');
    expect(f({ on: false })).toBe('off');
    expect(f({ on: true })).toBe('off+on');
    expect(calls).toEqual([true, false]);
  });
});
