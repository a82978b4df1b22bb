import { resolve } from 'node:path';
import { InputError } from '../model/errors.js';
import { writeInventory } from '../model/inventory-file.js';
import type { Inventory } from '../model/inventory.js';
import type { Progress } from '../connectors/progress.js';
import { progressRenderer } from './progress-bar.js';
import type { CliIO } from './io.js';

/** Runs a collection with a progress display on a TTY, then prints what could not be read (the summary) on stderr. */
export async function collectWithProgress(io: CliIO, collect: (progress: Progress) => Promise<Inventory>, summary: (inventory: Inventory) => string): Promise<Inventory> {
  const progress = progressRenderer(io.stderr);
  let inventory: Inventory;
  try {
    inventory = await collect(progress);
  } finally {
    progress.stop();
  }
  const text = summary(inventory);
  if (text) io.stderr.write(`${text}\n`);
  return inventory;
}

/** `--inventory-out FILE`: saves the collected inventory for later offline scans. */
export async function writeInventoryOut(io: CliIO, file: string | undefined, inventory: Inventory): Promise<void> {
  if (!file) return;
  await writeInventory(resolve(io.cwd, file), inventory).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`--inventory-out ${file}: cannot write: ${e.code ?? e.message}`);
  });
  io.stderr.write(`aispm: inventory written to ${file}\n`);
}
