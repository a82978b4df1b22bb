import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { countBytes } from './counting.js';
import { SourceError, type ByteSource } from './types.js';

/** A file on the local disk. */
export class LocalFileSource implements ByteSource {
  bytesFetched = 0;
  private cachedSize: number | undefined;
  constructor(
    readonly path: string,
    readonly uri: string = path,
  ) {}

  async size(): Promise<number> {
    if (this.cachedSize === undefined) {
      try {
        const s = await stat(this.path);
        if (!s.isFile()) throw new SourceError(`${this.path}: not a regular file`);
        this.cachedSize = s.size;
      } catch (e) {
        if (e instanceof SourceError) throw e;
        throw new SourceError(`cannot read ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    return this.cachedSize;
  }

  async read(start: number, end: number): Promise<Buffer> {
    const fh = await open(this.path, 'r');
    try {
      const buf = Buffer.alloc(Math.max(0, end - start));
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      this.bytesFetched += bytesRead;
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  stream(start = 0, end?: number): Readable {
    const s = createReadStream(this.path, { start, end: end === undefined ? undefined : end - 1, highWaterMark: 1 << 20 });
    return countBytes(s, (n) => (this.bytesFetched += n));
  }
}
