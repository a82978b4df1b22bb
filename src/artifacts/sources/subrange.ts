import type { Readable } from 'node:stream';
import type { ByteSource } from './types.js';

/** A byte range of another source (a stored zip member), read in place without copying. */
export class SubrangeSource implements ByteSource {
  constructor(
    private readonly parent: ByteSource,
    private readonly offset: number,
    private readonly length: number,
    readonly uri: string,
  ) {}
  get bytesFetched(): number {
    return this.parent.bytesFetched;
  }
  async size(): Promise<number> {
    return this.length;
  }
  read(start: number, end: number): Promise<Buffer> {
    return this.parent.read(this.offset + Math.max(0, start), this.offset + Math.min(end, this.length));
  }
  stream(start = 0, end = this.length): Readable {
    return this.parent.stream(this.offset + start, this.offset + Math.min(end, this.length));
  }
}
