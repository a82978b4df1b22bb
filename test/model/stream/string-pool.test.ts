import { describe, expect, it } from 'vitest';
import { StringPool } from '../../../src/model/stream/string-pool.js';

describe('StringPool', () => {
  it('gives equal strings from different parses one shared copy, leaving values equal', () => {
    const pool = new StringPool();
    const a = pool.intern(JSON.parse('{"account":"111122223333","tags":{"team":"ml"},"list":["x",1,null,{"y":"111122223333"}]}'));
    const b = pool.intern(JSON.parse('{"account":"111122223333","tags":{"team":"ml"},"list":["x",2,true,{"y":"other"}]}'));
    expect(a).toEqual({ account: '111122223333', tags: { team: 'ml' }, list: ['x', 1, null, { y: '111122223333' }] });
    expect(b).toEqual({ account: '111122223333', tags: { team: 'ml' }, list: ['x', 2, true, { y: 'other' }] });
    // identity is only observable through the pool: a string seen before comes back as the first instance
    const first = pool.intern(['111122223333'])[0];
    expect(first).toBe(a.account);
  });

  it('leaves strings above the length bound alone and handles scalars at the top', () => {
    const pool = new StringPool(4);
    expect(pool.intern('abcdef')).toBe('abcdef');
    expect(pool.intern(7)).toBe(7);
    expect(pool.intern(null)).toBe(null);
  });
});
