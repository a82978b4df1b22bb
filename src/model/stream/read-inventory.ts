import { createReadStream } from 'node:fs';
import type { z } from 'zod';
import { Edge } from '../edge.js';
import { formatIssues, InputError } from '../errors.js';
import { Inventory } from '../inventory.js';
import { Resource } from '../resource.js';
import { JsonArraySplitter, JsonSyntaxError, type SplitElement } from './json-array-splitter.js';
import { TOO_MANY_PROBLEMS, ValidatedElements } from './validated-elements.js';

const STREAMED = new Set(['resources', 'edges']);
const SCHEMAS: Record<string, z.ZodType> = { resources: Resource, edges: Edge };

export interface StreamReadOptions {
  /** how the file is named in error messages (default: the path) */
  source?: string;
  /** stop after this many invalid elements (default 20) */
  maxProblems?: number;
  /**
   * bytes per read (default 256 KiB: each read is a Buffer outside the heap that stays until a collection frees it;
   * with 4 MiB reads, tens of MB of them were still held after a 10^6-resource read)
   */
  chunkBytes?: number;
}

/**
 * Reads an inventory file of any size: resources and edges are parsed and validated one at a time as the bytes
 * arrive, so a file larger than the biggest possible string still loads. Errors name the JSON path and line.
 */
export async function readInventoryStream(path: string, options: StreamReadOptions = {}): Promise<Inventory> {
  const source = options.source ?? path;
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 256 * 1024 });
  try {
    return await parseInventoryChunks(stream as AsyncIterable<Buffer>, { ...options, source });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && !(e instanceof InputError)) throw new InputError(`cannot read inventory ${source}: ${code}`);
    throw e;
  } finally {
    stream.destroy();
  }
}

/** The streaming parser over any sequence of byte chunks (a file, a socket, a test's array of buffers). */
export async function parseInventoryChunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: StreamReadOptions = {}): Promise<Inventory> {
  const source = options.source ?? 'inventory';
  const maxProblems = options.maxProblems ?? 20;
  const elements = new ValidatedElements(maxProblems);
  const onElement = (el: SplitElement) => elements.take(el, SCHEMAS[el.key], [el.key], el.line);

  const splitter = new JsonArraySplitter(STREAMED, onElement);
  let skeletonText: string;
  try {
    for await (const chunk of chunks) splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    skeletonText = splitter.end();
  } catch (e) {
    if (e === TOO_MANY_PROBLEMS) throw invalid(source, elements.problems, true);
    if (e instanceof JsonSyntaxError) throw new InputError(`${source}: not valid JSON at ${e.location.path} (line ${e.location.line}): ${e.message}`);
    throw e;
  }
  if (elements.problems.length) throw invalid(source, elements.problems, false);

  let skeleton: unknown;
  try {
    skeleton = JSON.parse(skeletonText);
  } catch (e) {
    throw new InputError(`${source}: not valid JSON outside the resources and edges arrays: ${(e as Error).message}`);
  }
  const top = Inventory.safeParse(skeleton);
  if (!top.success) throw new InputError(`${source}: not a valid aispm inventory:\n${formatIssues(top.error.issues, skeleton)}`);
  return { ...top.data, resources: elements.of<Inventory['resources'][number]>('resources'), edges: elements.of<Inventory['edges'][number]>('edges') };
}

function invalid(source: string, problems: string[], truncated: boolean): InputError {
  const more = truncated ? `\n  (stopped after ${problems.length} problems)` : '';
  return new InputError(`${source}: not a valid aispm inventory:\n${problems.join('\n')}${more}`);
}
