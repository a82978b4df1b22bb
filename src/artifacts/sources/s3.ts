import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { countBytes } from './counting.js';
import { SourceError, type ByteSource } from './types.js';

function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  return `${err.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${err.message ?? String(e)}`;
}

/** An S3 object read through the caller's S3Client: HeadObject for the size, ranged GetObject for the bytes. */
export class S3ObjectSource implements ByteSource {
  bytesFetched = 0;
  private cachedSize: number | undefined;
  readonly uri: string;
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    readonly key: string,
  ) {
    this.uri = `s3://${bucket}/${key}`;
  }

  async size(): Promise<number> {
    if (this.cachedSize === undefined) {
      try {
        const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key }));
        this.cachedSize = Number(head.ContentLength ?? 0);
      } catch (e) {
        throw new SourceError(`HeadObject ${this.uri}: ${describeError(e)}`);
      }
    }
    return this.cachedSize;
  }

  private async body(start: number, end: number): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key, Range: `bytes=${start}-${end - 1}` }));
      if (!out.Body) throw new Error('empty body');
      return out.Body as Readable;
    } catch (e) {
      throw new SourceError(`GetObject ${this.uri} bytes ${start}-${end - 1}: ${describeError(e)}`);
    }
  }

  async read(start: number, end: number): Promise<Buffer> {
    if (end <= start) return Buffer.alloc(0);
    const body = await this.body(start, end);
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c as Buffer);
    const out = Buffer.concat(chunks);
    this.bytesFetched += out.length;
    return out;
  }

  stream(start = 0, end?: number): Readable {
    const out = new PassThrough();
    (async () => {
      const stop = end ?? (await this.size());
      if (stop <= start) return out.end();
      const body = await this.body(start, stop);
      countBytes(body, (n) => (this.bytesFetched += n)).on('error', (e) => out.destroy(e)).pipe(out);
    })().catch((e) => out.destroy(e));
    return out;
  }
}
