import { PassThrough, type Readable } from 'node:stream';
import type { Storage } from '@google-cloud/storage';
import { countBytes } from './counting.js';
import { SourceError, type ByteSource } from './types.js';

function describeError(e: unknown): string {
  const err = e as { code?: number | string; message?: string };
  return `${err.code !== undefined ? `${err.code}: ` : ''}${err.message ?? String(e)}`;
}

/** A Cloud Storage object read through the caller's Storage client: getMetadata for the size, ranged createReadStream. */
export class GcsObjectSource implements ByteSource {
  bytesFetched = 0;
  private cachedSize: number | undefined;
  readonly uri: string;
  constructor(
    private readonly storage: Storage,
    readonly bucket: string,
    readonly object: string,
  ) {
    this.uri = `gs://${bucket}/${object}`;
  }

  private file() {
    return this.storage.bucket(this.bucket).file(this.object);
  }

  async size(): Promise<number> {
    if (this.cachedSize === undefined) {
      try {
        const [meta] = await this.file().getMetadata();
        this.cachedSize = Number(meta.size ?? 0);
      } catch (e) {
        throw new SourceError(`getMetadata ${this.uri}: ${describeError(e)}`);
      }
    }
    return this.cachedSize;
  }

  async read(start: number, end: number): Promise<Buffer> {
    if (end <= start) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    try {
      for await (const c of this.file().createReadStream({ start, end: end - 1, validation: false, decompress: false })) chunks.push(c as Buffer);
    } catch (e) {
      throw new SourceError(`read ${this.uri} bytes ${start}-${end - 1}: ${describeError(e)}`);
    }
    const out = Buffer.concat(chunks);
    this.bytesFetched += out.length;
    return out;
  }

  stream(start = 0, end?: number): Readable {
    const out = new PassThrough();
    (async () => {
      const stop = end ?? (await this.size());
      if (stop <= start) return out.end();
      const s = this.file().createReadStream({ start, end: stop - 1, validation: false, decompress: false });
      countBytes(s, (n) => (this.bytesFetched += n)).on('error', (e) => out.destroy(new SourceError(`read ${this.uri}: ${describeError(e)}`))).pipe(out);
    })().catch((e) => out.destroy(e));
    return out;
  }
}
