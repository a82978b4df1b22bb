import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { InputError } from '../errors.js';

/** Small chunks are joined into writes of about this many characters. */
const WRITE_CHARS = 1 << 20;

/**
 * Text in pieces, in order. A generator rather than any Iterable<string>, which a string also is (by characters), so
 * passing one whole string by mistake does not type-check.
 */
export type TextChunks = Generator<string, void, undefined>;

/** The error writeChunks throws when the stream was closed under it (a reader that went away, `aispm ... | head`). */
export const STREAM_CLOSED = 'ERR_STREAM_DESTROYED';

/**
 * Writes chunks to a stream in order, waiting for 'drain' whenever the stream's buffer is full, so memory holds about
 * one write at a time however long the output. Rejects with the stream's error (or an error with code STREAM_CLOSED
 * when it was closed without one); the chunks are not read further. Does not end the stream.
 */
export async function writeChunks(out: Writable, chunks: TextChunks): Promise<void> {
  let failure: Error | undefined;
  const onError = (e: Error) => (failure ??= e);
  out.on('error', onError);
  try {
    let parts: string[] = [];
    let size = 0;
    const stopIfFailed = () => {
      if (failure) throw failure;
      if (out.destroyed) throw Object.assign(new Error('the output stream was closed'), { code: STREAM_CLOSED });
    };
    const flush = async () => {
      const text = parts.length === 1 ? parts[0] : parts.join('');
      parts = [];
      size = 0;
      if (!out.write(text)) await drained(out);
      stopIfFailed();
    };
    for (const chunk of chunks) {
      stopIfFailed();
      parts.push(chunk);
      size += chunk.length;
      if (size >= WRITE_CHARS) await flush();
    }
    if (parts.length) await flush();
  } finally {
    out.off('error', onError);
  }
}

/** Resolves on 'drain', or when the stream errs or closes (the caller checks which). */
function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

/**
 * Writes chunks to `path` through a temporary file beside it (`path.tmp-<pid>`) renamed over `path` once everything
 * is written, so a failed write (disk full, permission denied, the directory removed, an error while producing the
 * chunks) never leaves a file that looks complete: the temporary file is removed and `path` is untouched.
 * A file-system failure is an InputError naming `source` (how the user wrote the path); an error thrown while producing
 * the chunks is rethrown as it is.
 */
export async function writeFileChunks(path: string, chunks: TextChunks, source = path): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(temporary);
  try {
    await writeChunks(out, producerErrorsMarked(chunks));
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(resolve);
    });
    await rename(temporary, path);
  } catch (e) {
    out.destroy();
    await unlink(temporary).catch(() => undefined);
    if (e instanceof ProducerError) throw e.cause;
    throw new InputError(`cannot write ${source}: ${describeFileError(e)}; nothing was written to it`);
  }
}

class ProducerError extends Error {
  constructor(override readonly cause: unknown) {
    super('the chunks could not be produced');
  }
}

/** Marks errors thrown by the producer of the chunks, so they are not mistaken for write failures. */
function* producerErrorsMarked(chunks: TextChunks): TextChunks {
  for (;;) {
    let step: IteratorResult<string>;
    try {
      step = chunks.next();
    } catch (e) {
      throw new ProducerError(e);
    }
    if (step.done) return;
    yield step.value;
  }
}

const FILE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'the directory does not exist (any more)',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
};

function describeFileError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && FILE_ERRORS[code]) return `${code} (${FILE_ERRORS[code]})`;
  return code ?? (e as Error).message;
}
