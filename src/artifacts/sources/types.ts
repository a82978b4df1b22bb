import type { Readable } from 'node:stream';

/** Random-access bytes of one artifact, wherever it lives. Implementations count the bytes they fetch. */
export interface ByteSource {
  readonly uri: string;
  size(): Promise<number>;
  /** bytes [start, end) */
  read(start: number, end: number): Promise<Buffer>;
  /** a stream of bytes [start, end) (default: the whole object) */
  stream(start?: number, end?: number): Readable;
  /** bytes actually transferred so far (ranged reads + streamed bytes) */
  readonly bytesFetched: number;
}

/** Thrown for a source that cannot be read (missing object, denied, bad URI); the scan reports an `error` verdict. */
export class SourceError extends Error {
  override name = 'SourceError';
}
