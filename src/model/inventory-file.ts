import { readFile, stat } from 'node:fs/promises';
import { Inventory, type InventoryInput } from './inventory.js';
import { formatIssues, InputError } from './errors.js';
import { readInventoryStream } from './stream/read-inventory.js';
import { ValuePool } from './stream/value-pool.js';
import { jsonDocumentChunks } from './stream/json-chunks.js';
import { writeFileChunks } from './stream/write-chunks.js';

/** Files at least this large are parsed as a stream (one resource at a time) instead of as one string. */
export const STREAMING_READ_BYTES = 64 * 1024 * 1024;

/**
 * Parses and validates an inventory; throws InputError listing each problem's JSON path and expectation. Values below
 * each resource and edge are frozen and shared between equal ones, as in the streaming reader (ValuePool).
 */
export function parseInventory(text: string, source = 'inventory'): Inventory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${source}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = Inventory.safeParse(json);
  if (!parsed.success) throw new InputError(`${source}: not a valid aispm inventory:\n${formatIssues(parsed.error.issues, json)}`);
  const pool = new ValuePool();
  const { resources, edges } = parsed.data;
  for (let i = 0; i < resources.length; i++) resources[i] = pool.internElement(resources[i]);
  for (let i = 0; i < edges.length; i++) edges[i] = pool.internElement(edges[i]);
  return parsed.data;
}

/** Reads and validates an inventory file; large files stream. `source` is how errors name the file (default: path). */
export async function readInventory(path: string, source = path): Promise<Inventory> {
  let text: string;
  try {
    if ((await stat(path)).size >= STREAMING_READ_BYTES) return await readInventoryStream(path, { source });
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read inventory ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseInventory(text, source);
}

/**
 * Writes an inventory file of any size by streaming (indented JSON, one resource and edge at a time), through a
 * temporary file renamed when complete; a failure is an InputError naming `source` (default: path).
 */
export async function writeInventory(path: string, inventory: InventoryInput, source = path): Promise<void> {
  await writeFileChunks(path, jsonDocumentChunks(inventory), source);
}

/** The inventory file's text, for inventories small enough to be one string. */
export function serializeInventory(inventory: InventoryInput): string {
  return [...jsonDocumentChunks(inventory)].join('');
}
