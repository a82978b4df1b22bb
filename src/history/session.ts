import type { ScanResult } from '../model/scan-result.js';
import type { Inventory } from '../model/inventory.js';
import type { SuppressionEntry } from '../config/schema.js';
import { HistoryStore, targetsKey, type InventorySummary, type ScanTargets } from './store.js';
import { postProcessResult } from './baseline.js';

export function summarizeInventory(inventory: Inventory): InventorySummary {
  const resources: Record<string, number> = {};
  let gaps = 0;
  for (const r of inventory.resources) {
    resources[r.kind] = (resources[r.kind] ?? 0) + 1;
    gaps += r.gaps.length;
  }
  return { resources, edges: inventory.edges.length, gaps };
}

export function targetsOf(inventory: Inventory): ScanTargets[] {
  return inventory.targets.map((t) => ({ provider: t.provider, account: t.account, regions: t.regions }));
}

/**
 * One scan's life in the history: opened as running before collection, then completed in one transaction
 * with suppressions and baseline applied against the previous complete scan of the same targets.
 */
export class ScanSession {
  readonly id: string;

  constructor(
    private readonly store: HistoryStore,
    requested: ScanTargets[],
    startedAt: string,
  ) {
    this.id = store.beginScan(requested, startedAt);
  }

  complete(result: ScanResult, suppressions: SuppressionEntry[], now: Date): ScanResult {
    const targets = targetsOf(result.inventory);
    const [previous] = this.store.latestComplete(targetsKey(targets), 1);
    const firstSeen = this.store.firstSeen(targets);
    const processed = postProcessResult(
      { ...result, scanId: this.id },
      {
        suppressions,
        previous: previous
          ? { scanId: previous.id, findings: this.store.findingStates(previous.id), load: (states) => this.store.findingsWithFingerprints(previous.id, states.map((s) => s.fingerprint)) }
          : undefined,
        firstSeen,
        now,
      },
    );
    this.store.completeScan(this.id, {
      finishedAt: processed.finishedAt,
      findings: processed.findings,
      coverage: processed.inventory.coverage,
      summary: summarizeInventory(processed.inventory),
      targets,
      firstSeen,
    });
    return processed;
  }

  fail(error: unknown, now: Date): void {
    this.store.failScan(this.id, now.toISOString(), (error as Error)?.message ?? String(error));
  }
}
