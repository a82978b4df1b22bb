import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Coverage } from '../coverage.js';
import type { Edge } from '../edge.js';
import type { InventoryInput } from '../inventory.js';

type Many<T> = Iterable<T> | AsyncIterable<T>;

/** An inventory whose resources and edges may be produced lazily (generators), so it never has to be in memory whole. */
export interface InventoryParts {
  schemaVersion: InventoryInput['schemaVersion'];
  generatedAt: string;
  targets?: InventoryInput['targets'];
  resources: Many<InventoryInput['resources'][number]>;
  edges: Many<Edge>;
  coverage: Coverage;
}

const FLUSH_BYTES = 1 << 20;

/** Buffers small strings into large writes and waits for the file to drain, so memory stays flat. */
class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly out: WriteStream) {}
  async write(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= FLUSH_BYTES) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.parts.length) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}

/**
 * Writes an inventory as JSON one resource and one edge at a time (one per line). The output is the same document
 * `serializeInventory` describes, readable by `readInventory` and `readInventoryStream`.
 */
export async function writeInventoryStream(path: string, inventory: InventoryParts): Promise<{ resources: number; edges: number; bytes: number }> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const w = new BufferedWriter(out);
  const counts = { resources: 0, edges: 0 };
  const body = async () => {
    await w.write(`{\n  "schemaVersion": ${JSON.stringify(inventory.schemaVersion)},\n  "generatedAt": ${JSON.stringify(inventory.generatedAt)},\n  "targets": ${JSON.stringify(inventory.targets ?? [])},\n`);
    for (const key of ['resources', 'edges'] as const) {
      await w.write(`  "${key}": [`);
      let first = true;
      for await (const item of inventory[key] as Many<unknown>) {
        await w.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(item)}`);
        first = false;
        counts[key]++;
      }
      await w.write(first ? '],\n' : '\n  ],\n');
    }
    await w.write(`  "coverage": ${JSON.stringify(inventory.coverage)}\n}\n`);
    await w.flush();
    out.end();
    await once(out, 'finish');
  };
  try {
    await Promise.race([body(), failed]);
  } catch (e) {
    out.destroy();
    throw e;
  }
  return { ...counts, bytes: out.bytesWritten };
}
