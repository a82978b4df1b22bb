import type { ScanResult } from '../model/scan-result.js';
import { atLeast, type Severity } from '../model/severity.js';
import type { Finding } from '../model/finding.js';

export interface WebhookPayload {
  tool: 'aispm';
  scanId: string | undefined;
  previousScanId: string | undefined;
  finishedAt: string;
  targets: ScanResult['inventory']['targets'];
  counts: { newFindings: number; newPaths: number; fixed: number; total: number };
  newPaths: NotifiedFinding[];
  newFindings: NotifiedFinding[];
}

interface NotifiedFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  resource: string;
  account: string;
  message: string;
  fingerprint: string;
  hops?: string[];
}

const brief = (f: Finding): NotifiedFinding => ({
  ruleId: f.ruleId,
  title: f.title,
  severity: f.severity,
  resource: f.resource.id,
  account: f.resource.account,
  message: f.message,
  fingerprint: f.fingerprint,
  hops: f.hops?.map((h) => `${h.from} -[${h.type}]-> ${h.to}`),
});

/** New (never seen in the previous scan), unsuppressed, failed findings at or above minSeverity. */
export function buildWebhookPayload(result: ScanResult, minSeverity: Severity): WebhookPayload {
  const fresh = result.findings.filter(
    (f) => f.status === 'fail' && !f.suppressed && (f.baselineState === 'new' || f.baselineState === undefined) && atLeast(f.severity, minSeverity),
  );
  const newPaths = fresh.filter((f) => f.type === 'path');
  const newFindings = fresh.filter((f) => f.type !== 'path');
  return {
    tool: 'aispm',
    scanId: result.scanId,
    previousScanId: result.previousScanId,
    finishedAt: result.finishedAt,
    targets: result.inventory.targets,
    counts: { newFindings: newFindings.length, newPaths: newPaths.length, fixed: result.fixed.length, total: result.findings.length },
    newPaths: newPaths.map(brief),
    newFindings: newFindings.map(brief),
  };
}

export interface DeliveryOptions {
  retries: number;
  timeoutMs: number;
  /** delay before retry n (1-based); exponential with full jitter by default */
  backoffMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  lastError?: string;
}

const defaultBackoff = (attempt: number) => Math.random() * Math.min(30_000, 500 * 2 ** attempt);

/** Posts the payload, retrying network errors, 429 and 5xx with backoff. Never throws. */
export async function deliverWebhook(url: string, payload: WebhookPayload, options: DeliveryOptions): Promise<DeliveryResult> {
  const backoff = options.backoffMs ?? defaultBackoff;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let lastError = '';
  const body = JSON.stringify(payload);
  for (let attempt = 1; attempt <= options.retries + 1; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'aispm-webhook' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { delivered: true, attempts: attempt };
      lastError = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429 && res.status !== 408) return { delivered: false, attempts: attempt, lastError };
    } catch (e) {
      lastError = (e as Error).message;
    }
    if (attempt <= options.retries) await sleep(backoff(attempt));
  }
  return { delivered: false, attempts: options.retries + 1, lastError };
}
