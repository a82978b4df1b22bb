import { Readable } from 'node:stream';
import type { ByteSource } from './types.js';

/** An artifact already in memory (a nested archive member, a test fixture). */
export class BufferSource implements ByteSource {
  bytesFetched = 0;
  constructor(
    readonly uri: string,
    private readonly data: Buffer,
  ) {}
  async size(): Promise<number> {
    return this.data.length;
  }
  async read(start: number, end: number): Promise<Buffer> {
    const out = this.data.subarray(Math.max(0, start), Math.min(end, this.data.length));
    this.bytesFetched += out.length;
    return out;
  }
  stream(start = 0, end = this.data.length): Readable {
    const data = this.data.subarray(start, Math.min(end, this.data.length));
    this.bytesFetched += data.length;
    const chunk = 1 << 20;
    return Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
      })(),
      { objectMode: false },
    );
  }
}
