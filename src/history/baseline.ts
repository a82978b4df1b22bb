import type { ScanResult } from '../model/scan-result.js';
import type { SuppressionEntry } from '../config/schema.js';
import { applySuppressions } from './suppressions.js';
import { applyBaseline } from './diff.js';
import type { Finding } from '../model/finding.js';

export interface PostProcessInput {
  suppressions: SuppressionEntry[];
  /** findings of the previous complete scan of the same targets, if any */
  previous?: { scanId: string; findings: Finding[] };
  firstSeen: Map<string, string>;
  now: Date;
}

/** Applies suppressions, then baseline states and first/last-seen times against the previous scan. Pure. */
export function postProcessResult(result: ScanResult, input: PostProcessInput): ScanResult {
  const tags = new Map(result.inventory.resources.map((r) => [r.id, r.tags]));
  const sup = applySuppressions(result.findings, input.suppressions, input.now, (id) => tags.get(id));
  const now = input.now.toISOString();
  const base = applyBaseline(sup.findings, input.previous?.findings, now, (fp) => input.firstSeen.get(fp));
  return {
    ...result,
    findings: base.findings,
    fixed: base.absent,
    suppressions: { stale: sup.stale, expired: sup.expired },
    previousScanId: input.previous?.scanId,
  };
}
