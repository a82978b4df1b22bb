import { Transform, type Readable } from 'node:stream';

/** Pipes a stream through a counter that reports each chunk's length. */
export function countBytes(stream: Readable, onBytes: (n: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
  stream.on('error', (e) => counter.destroy(e));
  counter.on('close', () => {
    if (!stream.destroyed) stream.destroy();
  });
  return stream.pipe(counter);
}
