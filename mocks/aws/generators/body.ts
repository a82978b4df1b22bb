import { Readable } from 'node:stream';

/** An object's content, readable at any offset without materialising it. */
export interface ObjectBody {
  size: number;
  read(offset: number, length: number): Buffer;
}

export function bufferBody(buf: Buffer): ObjectBody {
  return { size: buf.length, read: (offset, length) => buf.subarray(offset, offset + length) };
}

/** Streams bytes [start, endInclusive] in chunks, honouring backpressure. */
export function bodyStream(body: ObjectBody, start: number, endInclusive: number, chunk = 1 << 20): Readable {
  let pos = start;
  return new Readable({
    read() {
      if (pos > endInclusive) {
        this.push(null);
        return;
      }
      const n = Math.min(chunk, endInclusive - pos + 1);
      const buf = body.read(pos, n);
      pos += n;
      this.push(buf);
    },
  });
}
