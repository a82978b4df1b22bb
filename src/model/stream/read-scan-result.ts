import { createReadStream } from 'node:fs';
import { constants } from 'node:buffer';
import type { z } from 'zod';
import { formatIssues, InputError } from '../errors.js';
import { Edge } from '../edge.js';
import { Finding } from '../finding.js';
import { Resource } from '../resource.js';
import { RuleDescriptor, ScanResult } from '../scan-result.js';
import { JsonArraySplitter, JsonSyntaxError, type SplitElement } from './json-array-splitter.js';
import { MemberRouter } from './member-router.js';
import { TOO_MANY_PROBLEMS, ValidatedElements } from './validated-elements.js';

const SCHEMAS: Record<string, z.ZodType> = { findings: Finding, fixed: Finding, rules: RuleDescriptor };
const INVENTORY_SCHEMAS: Record<string, z.ZodType> = { resources: Resource, edges: Edge };
const MIB = 1024 * 1024;

export interface ResultReadOptions {
  /** how errors name the file, e.g. "--from out/aispm.json" */
  source: string;
  /** stop after this many invalid elements (default 20) */
  maxProblems?: number;
  /** the most characters of JSON left once the findings, fixed findings and rules are taken out (default: the longest string) */
  maxRestChars?: number;
}

/**
 * Reads a JSON result (`--format json`) of any size: findings, fixed findings, rules, and the inventory's resources
 * and edges are parsed and validated one at a time as the bytes arrive; the rest of the document is parsed as one
 * string, so it must fit in one (about 512 MiB; a few KiB in a result aispm wrote). Above that the read stops with an
 * InputError saying so, before the rest is held.
 */
export async function readScanResultStream(path: string, options: ResultReadOptions): Promise<ScanResult> {
  const stream = createReadStream(path, { highWaterMark: 4 * MIB });
  try {
    return await parseScanResultChunks(stream as AsyncIterable<Buffer>, options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && !(e instanceof InputError)) throw new InputError(`${options.source}: cannot read: ${code}`);
    throw e;
  } finally {
    stream.destroy();
  }
}

/** The streaming parser over any sequence of byte chunks. */
export async function parseScanResultChunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ResultReadOptions): Promise<ScanResult> {
  const { source } = options;
  const maxProblems = options.maxProblems ?? 20;
  const maxRestChars = options.maxRestChars ?? constants.MAX_STRING_LENGTH;
  const elements = new ValidatedElements(maxProblems);
  let elementChars = 0;
  /** Parses and validates one element; `at` is its JSON path (without the index) and `line` where it starts. */
  const take = (el: SplitElement, schema: z.ZodType, at: string[], line: number) => {
    elementChars += el.text.length;
    elements.take(el, schema, at, line);
  };

  const outer = new JsonArraySplitter(new Set(Object.keys(SCHEMAS)), (el) => take(el, SCHEMAS[el.key], [el.key], el.line));
  const inventory = new JsonArraySplitter(new Set(Object.keys(INVENTORY_SCHEMAS)), (el) =>
    take(el, INVENTORY_SCHEMAS[el.key], ['inventory', el.key], el.line + router.innerStartLine - 1),
  );
  const router = new MemberRouter('inventory', (b) => outer.push(b), (b) => inInventory(router, () => inventory.push(b)));
  let bytes = 0;
  let restText: string;
  let inventoryText: string;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      router.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      // the rest is at most the bytes read minus the elements taken out (characters, a byte or more each)
      if (bytes - elementChars > maxRestChars) throw tooLarge(source, bytes, maxRestChars);
    }
    restText = outer.end();
    inventoryText = router.innerStartLine ? inInventory(router, () => inventory.end()) : '';
  } catch (e) {
    if (e === TOO_MANY_PROBLEMS) throw invalid(source, elements.problems, true);
    if (e instanceof JsonSyntaxError) throw new InputError(`${source}: not valid JSON at ${e.location.path} (line ${e.location.line}): ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') throw tooLarge(source, bytes, maxRestChars);
    throw e;
  }
  if (elements.problems.length) throw invalid(source, elements.problems, false);

  let rest: Record<string, unknown>;
  try {
    rest = JSON.parse(restText) as Record<string, unknown>;
    if (inventoryText && rest !== null && typeof rest === 'object') rest.inventory = JSON.parse(inventoryText);
  } catch (e) {
    throw new InputError(`${source}: not valid JSON outside the findings, rules, resources and edges: ${(e as Error).message}`);
  }
  const top = ScanResult.safeParse(rest);
  if (!top.success) throw invalid(source, [formatIssues(top.error.issues.slice(0, maxProblems), rest)], false);
  const inv = { ...top.data.inventory, resources: elements.of<Resource>('resources'), edges: elements.of<Edge>('edges') };
  return { ...top.data, inventory: inv, findings: elements.of<Finding>('findings'), fixed: elements.of<Finding>('fixed'), rules: elements.of<RuleDescriptor>('rules') };
}

/** Runs a step of the inventory's splitter, whose syntax errors are located from the start of the inventory. */
function inInventory<T>(router: MemberRouter, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new JsonSyntaxError(e.message, { path: e.location.path.replace(/^\$/, '$.inventory'), line: e.location.line + router.innerStartLine - 1 });
  }
}

function invalid(source: string, problems: string[], truncated: boolean): InputError {
  const more = truncated ? `\n  (stopped after ${problems.length} problems)` : '';
  return new InputError(`${source}: not an aispm JSON result (write one with --format json):\n${problems.join('\n')}${more}`);
}

function tooLarge(source: string, bytesRead: number, maxRestChars: number): InputError {
  return new InputError(
    `${source}: too large to re-render: its parts besides the findings, rules, resources and edges exceed ` +
      `${Math.floor(maxRestChars / MIB)} MiB (the longest text aispm can parse at once; stopped after reading ${Math.round(bytesRead / MIB)} MiB). ` +
      'Run the scan again with the formats you need (aispm scan --inventory FILE --format ...).',
  );
}
