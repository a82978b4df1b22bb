import { describe, expect, it } from 'vitest';
import { ChunkListSource } from '../../../src/artifacts/sources/chunks.js';

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('ChunkListSource', () => {
  const whole = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
  const chunks = [whole.subarray(0, 7), whole.subarray(7, 7), whole.subarray(7, 50), whole.subarray(50, 51), whole.subarray(51)];

  it('reads any range as the joined bytes would give it', async () => {
    const src = new ChunkListSource('mem', chunks);
    expect(await src.size()).toBe(100);
    for (const [s, e] of [[0, 100], [0, 7], [3, 9], [7, 50], [49, 52], [50, 51], [99, 100], [60, 200], [100, 120], [10, 10]]) {
      expect(await src.read(s, e)).toEqual(whole.subarray(s, e));
    }
  });

  it('streams a range and counts the bytes handed out', async () => {
    const src = new ChunkListSource('mem', chunks);
    expect(await collect(src.stream(5, 60))).toEqual(whole.subarray(5, 60));
    expect(await collect(src.stream())).toEqual(whole);
    expect(src.bytesFetched).toBe(55 + 100);
  });

  it('handles no chunks', async () => {
    const src = new ChunkListSource('mem', []);
    expect(await src.size()).toBe(0);
    expect((await src.read(0, 10)).length).toBe(0);
    expect((await collect(src.stream())).length).toBe(0);
  });
});
