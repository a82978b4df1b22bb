import type { Inventory } from '../model/inventory.js';
import type { ScanResult } from '../model/scan-result.js';
import { atLeast, type Severity } from '../model/severity.js';
import type { LoadedRule } from '../rules/load.js';
import { analyzeInventory } from '../scan.js';
import { pathRuleSet } from '../graph/path-rule-loader.js';
import { HistoryStore } from '../history/store.js';
import { ScanSession, targetsOf } from '../history/session.js';
import { postProcessResult } from '../history/baseline.js';
import { buildWebhookPayload, deliverWebhook } from '../notify/webhook.js';
import { writeScanOutputs } from './scan-output.js';
import type { ScanSettings } from './scan-settings.js';
import type { CommandContext } from './commands/types.js';
import { EXIT } from './io.js';

/** Findings that are new since the previous scan (all of them when there is none), failed, unsuppressed, at or above the threshold. */
export function newFailures(result: ScanResult, threshold: Severity) {
  return result.findings.filter((f) => f.status === 'fail' && !f.suppressed && f.baselineState !== 'unchanged' && f.baselineState !== 'updated' && atLeast(f.severity, threshold));
}

export interface RecordedScanOptions {
  /** extra work on the result before it is recorded (e.g. model artifact findings) */
  enrich?: (result: ScanResult) => Promise<ScanResult> | ScanResult;
  now?: () => Date;
  /** when collection began (default: now); the result's startedAt, so scan time includes collection */
  startedAt?: string;
  /** sleep between webhook retries, injectable for tests */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The back half of every scan: analyze, apply suppressions, compare with and record into the history,
 * notify, write the outputs, pick the exit code. The webhook runs after the scan is recorded and never fails it.
 */
export async function analyzeRecordAndReport(
  ctx: CommandContext,
  inventory: Inventory,
  settings: ScanSettings,
  rules: readonly LoadedRule[],
  options: RecordedScanOptions = {},
): Promise<ScanResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = options.startedAt ?? now().toISOString();
  const store = settings.history.path ? HistoryStore.open(settings.history.path) : undefined;
  let result: ScanResult;
  try {
    const session = store ? new ScanSession(store, targetsOf(inventory), startedAt) : undefined;
    try {
      const pathRules = pathRuleSet({ extraDirs: settings.flags.rules, onlyDirs: settings.flags.onlyRules, cwd: ctx.io.cwd });
      // the inventory was collected or read for this scan only, so the analysis annotates its resources instead of copies
      result = { ...analyzeInventory(inventory, { rules, pathRules, trust: settings.flags.trust, now, annotateInPlace: true }), startedAt };
      if (options.enrich) result = await options.enrich(result);
      result = session
        ? session.complete(result, settings.suppressions, now())
        : postProcessResult(result, { suppressions: settings.suppressions, firstSeen: new Map(), now: now() });
    } catch (e) {
      session?.fail(e, now());
      throw e;
    }
  } finally {
    store?.close();
  }
  for (const line of [...result.suppressions.expired, ...result.suppressions.stale]) ctx.io.stderr.write(`aispm: suppression: ${line}\n`);
  if (settings.history.path) ctx.io.stderr.write(`aispm: recorded scan ${result.scanId} in ${settings.history.path}${result.previousScanId ? ` (compared with ${result.previousScanId})` : ''}\n`);

  if (settings.notify.webhook) {
    const payload = buildWebhookPayload(result, settings.notify.minSeverity);
    const delivery = await deliverWebhook(settings.notify.webhook, payload, {
      retries: settings.notify.retries,
      timeoutMs: settings.notify.timeoutSeconds * 1000,
      sleep: options.sleep,
    });
    ctx.io.stderr.write(
      delivery.delivered
        ? `aispm: webhook notified (${payload.counts.newPaths} new paths, ${payload.counts.newFindings} new findings)\n`
        : `aispm: warning: webhook not delivered after ${delivery.attempts} attempts: ${delivery.lastError}\n`,
    );
  }

  await writeScanOutputs(ctx, result, settings.flags);
  if (settings.failOnNew) {
    const fresh = newFailures(result, settings.failOnNew);
    if (fresh.length) {
      ctx.io.stderr.write(`aispm: ${fresh.length} new finding${fresh.length === 1 ? '' : 's'} at or above ${settings.failOnNew}\n`);
      ctx.exitCode = EXIT.findings;
    } else if (!settings.flags.failOn) ctx.exitCode = EXIT.ok;
  }
  return result;
}
