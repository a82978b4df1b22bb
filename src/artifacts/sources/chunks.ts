import { Readable } from 'node:stream';
import type { ByteSource } from './types.js';

/** An artifact held in memory as the chunks it arrived in (a buffered archive member): ranges are read without joining them all. */
export class ChunkListSource implements ByteSource {
  bytesFetched = 0;
  /** starts[i] = offset of chunks[i]; starts[chunks.length] = total size */
  private readonly starts: number[] = [0];
  constructor(
    readonly uri: string,
    private readonly chunks: readonly Buffer[],
  ) {
    for (const c of chunks) this.starts.push(this.starts[this.starts.length - 1] + c.length);
  }

  private get length(): number {
    return this.starts[this.chunks.length];
  }

  async size(): Promise<number> {
    return this.length;
  }

  /** Index of the chunk holding byte `at` (at < length). */
  private chunkAt(at: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The pieces of chunks covering [start, end), as views. */
  private *pieces(start: number, end: number): Generator<Buffer> {
    const stop = Math.min(end, this.length);
    if (start >= stop) return;
    for (let i = this.chunkAt(start); i < this.chunks.length && this.starts[i] < stop; i++) {
      const s = this.starts[i];
      yield this.chunks[i].subarray(Math.max(0, start - s), Math.min(this.chunks[i].length, stop - s));
    }
  }

  async read(start: number, end: number): Promise<Buffer> {
    const parts = [...this.pieces(Math.max(0, start), end)];
    const out = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    this.bytesFetched += out.length;
    return out;
  }

  stream(start = 0, end = this.length): Readable {
    const pieces = this.pieces(Math.max(0, start), end);
    const fetched = (n: number) => (this.bytesFetched += n);
    return Readable.from(
      (function* () {
        for (const p of pieces) {
          fetched(p.length);
          yield p;
        }
      })(),
      { objectMode: false },
    );
  }
}
