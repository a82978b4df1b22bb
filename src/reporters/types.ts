import type { ScanResult } from '../model/index.js';
import type { TextChunks } from '../model/stream/write-chunks.js';

export interface RenderOptions {
  /** Colour and layout for a terminal; reporters writing files ignore it. */
  color: boolean;
  /** Directory the output is written to, for reporters that want relative links. */
  outputDir?: string;
}

/**
 * A reporter's output as text chunks in order: written one after another they are the whole output. A generator, so
 * an output longer than a JavaScript string can hold (about 512 MiB) is produced a piece at a time while the CLI
 * writes each piece with backpressure (src/model/stream/write-chunks.ts). A chunk may be of any size.
 */
export type ReportChunks = TextChunks;

/**
 * One output format. Reporters are pure: they turn a result into text and never touch the file system.
 * Every reporter has `render` (the whole output as one string). A reporter whose output grows with the estate also has
 * `chunks` (make it with `streamingReporter`, which derives `render` from it); the CLI writes `reportChunks`, which
 * uses `chunks` when there is one.
 */
export interface Reporter {
  name: string;
  /** File name used when writing to --output DIR, e.g. "aispm.sarif". */
  fileName: string;
  /** The whole output; throws a RangeError when it is longer than a string can be (use `chunks` then). */
  render(result: ScanResult, options: RenderOptions): string;
  chunks?(result: ScanResult, options: RenderOptions): ReportChunks;
}

/** A reporter defined by its chunks; its `render` joins them (for small outputs and tests). */
export function streamingReporter(reporter: Omit<Reporter, 'render'> & Required<Pick<Reporter, 'chunks'>>): Required<Reporter> {
  return { ...reporter, render: (result, options) => [...reporter.chunks(result, options)].join('') };
}

/** The reporter's output as chunks: its own when it streams, else its rendered string as the one chunk. */
export function* reportChunks(reporter: Reporter, result: ScanResult, options: RenderOptions): ReportChunks {
  if (reporter.chunks) yield* reporter.chunks(result, options);
  else yield reporter.render(result, options);
}
