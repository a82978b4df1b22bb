import { describe, expect, it } from 'vitest';
import { int32s, uint16s, uint8s } from '../src/typed-arrays.js';

describe('typed arrays of the large tables', () => {
  it('are zero-filled, of the asked length and type, on an ordinary ArrayBuffer (counted as external memory)', () => {
    for (const [make, type] of [
      [int32s, Int32Array],
      [uint16s, Uint16Array],
      [uint8s, Uint8Array],
    ] as const) {
      const a = make(5);
      expect(a).toBeInstanceOf(type);
      expect(a.length).toBe(5);
      expect([...a]).toEqual([0, 0, 0, 0, 0]);
      expect(a.buffer).toBeInstanceOf(ArrayBuffer);
      expect(a.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('hold values as their type does', () => {
    const a = int32s(2);
    a[0] = -7;
    a[1] = 2 ** 31;
    expect([...a]).toEqual([-7, -(2 ** 31)]);
    const b = uint16s(1);
    b[0] = -1;
    expect([...b]).toEqual([65535]);
  });
});
