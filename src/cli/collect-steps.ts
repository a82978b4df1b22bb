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
  await writeInventory(resolve(io.cwd, file), inventory, file).catch((e: unknown) => {
    throw e instanceof InputError ? new InputError(`--inventory-out: ${e.message}`) : e;
  });
  io.stderr.write(`aispm: inventory written to ${file}\n`);
}

type ServiceCoverage = Inventory['coverage']['services'][number];

/** The summary line for a service (in one region or location) that was not fully read, with its first failure codes. */
export function unreadServiceLine(inventory: Inventory, s: ServiceCoverage): string {
  const failures = inventory.coverage.failures.filter((f) => f.provider === s.provider && f.account === s.account && f.service === s.service && f.region === s.region);
  const codes = [...new Set(failures.map((f) => `${f.operation}: ${f.errorCode}`))].slice(0, 4).join('; ');
  return `aispm:   ${s.service} ${s.region}: ${s.status}${s.note ? ` [${s.note}]` : ''} (${failures.length} failed call${failures.length === 1 ? '' : 's'}${codes ? `: ${codes}` : ''}); affected fields are reported as unknown`;
}
