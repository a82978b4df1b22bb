import { readFile, writeFile } from 'node:fs/promises';
import { Inventory, type InventoryInput } from './inventory.js';
import { formatIssues, InputError } from './errors.js';

/** Parses and validates an inventory; throws InputError listing each problem's JSON path and expectation. */
export function parseInventory(text: string, source = 'inventory'): Inventory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${source}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = Inventory.safeParse(json);
  if (!parsed.success) throw new InputError(`${source}: not a valid aispm inventory:\n${formatIssues(parsed.error.issues, json)}`);
  return parsed.data;
}

export async function readInventory(path: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read inventory ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseInventory(text, path);
}

export async function writeInventory(path: string, inventory: InventoryInput): Promise<void> {
  await writeFile(path, serializeInventory(inventory));
}

export function serializeInventory(inventory: InventoryInput): string {
  return JSON.stringify(inventory, null, 2) + '\n';
}
