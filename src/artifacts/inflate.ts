import zlib from 'node:zlib';
import { LimitReached } from './budget.js';

/** Output chunk of the decompressor: large enough that the per-chunk work downstream (tar parsing, scanners) is negligible. */
const OUTPUT_CHUNK = 256 * 1024;

/**
 * Decompresses gzip/zlib chunks lazily, refusing output beyond `ratio` times the input read so far (plus 1 MiB slack)
 * or beyond maxOutput: a decompression bomb stops with LimitReached instead of filling memory.
 */
export async function* inflateChunks(input: AsyncIterable<Buffer>, kind: 'gzip' | 'zlib' | 'raw', ratio: number, maxOutput: number): AsyncGenerator<Buffer> {
  const opts = { chunkSize: OUTPUT_CHUNK };
  const z = kind === 'gzip' ? zlib.createGunzip(opts) : kind === 'zlib' ? zlib.createInflate(opts) : zlib.createInflateRaw(opts);
  let inBytes = 0;
  let outBytes = 0;
  const queue: Buffer[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  z.on('data', (b: Buffer) => {
    queue.push(b);
    wake?.();
  });
  z.on('end', () => {
    ended = true;
    wake?.();
  });
  z.on('error', (e) => {
    failure = e;
    wake?.();
  });
  const it = input[Symbol.asyncIterator]();
  let inputDone = false;
  try {
    for (;;) {
      while (queue.length > 0) {
        const b = queue.shift() as Buffer;
        outBytes += b.length;
        if (outBytes > inBytes * ratio + (1 << 20)) throw new LimitReached(`decompression ratio above ${ratio}:1 (possible decompression bomb)`);
        if (outBytes > maxOutput) throw new LimitReached(`decompressed data exceeds ${maxOutput} bytes`);
        yield b;
      }
      if (failure) throw new Error(`${kind} data is corrupt: ${failure.message}`);
      if (ended) return;
      if (!inputDone && z.writableLength < 1 << 20) {
        const r = await it.next();
        if (r.done) {
          inputDone = true;
          z.end();
        } else {
          inBytes += r.value.length;
          z.write(r.value);
        }
        if (queue.length === 0 && !ended && !failure) await new Promise<void>((res) => setImmediate(res));
        continue;
      }
      await new Promise<void>((res) => (wake = res));
      wake = undefined;
    }
  } finally {
    z.destroy();
    if (!inputDone) await it.return?.();
  }
}
