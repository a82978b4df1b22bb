import { describe, expect, it } from 'vitest';
import { StringPool } from '../../../src/model/stream/string-pool.js';

describe('StringPool', () => {
  it('interns in place and leaves every value equal (string identity is not observable from JS; bench:eval shows the heap)', () => {
    const pool = new StringPool();
    const a = pool.intern(JSON.parse('{"account":"111122223333","tags":{"team":"ml"},"list":["x",1,null,{"y":"111122223333"}]}'));
    const b = pool.intern(JSON.parse('{"account":"111122223333","tags":{"team":"ml"},"list":["x",2,true,{"y":"other"}]}'));
    expect(a).toEqual({ account: '111122223333', tags: { team: 'ml' }, list: ['x', 1, null, { y: '111122223333' }] });
    expect(b).toEqual({ account: '111122223333', tags: { team: 'ml' }, list: ['x', 2, true, { y: 'other' }] });
  });

  it('leaves strings above the length bound alone and handles scalars at the top', () => {
    const pool = new StringPool(4);
    expect(pool.intern('abcdef')).toBe('abcdef');
    expect(pool.intern(7)).toBe(7);
    expect(pool.intern(null)).toBe(null);
  });
});
