import type { ScanResult } from '../model/scan-result.js';
import type { SuppressionEntry } from '../config/schema.js';
import { applySuppressions } from './suppressions.js';
import { applyBaseline, type FindingState } from './diff.js';
import type { Finding } from '../model/finding.js';

export interface PostProcessInput {
  suppressions: SuppressionEntry[];
  /**
   * the previous complete scan of the same targets, if any: its findings' states, and a reader of the full findings
   * for the states given (called with those that disappeared; default: the states are full findings)
   */
  previous?: { scanId: string; findings: readonly FindingState[]; load?: (states: FindingState[]) => Finding[] };
  firstSeen: Map<string, string>;
  now: Date;
}

/**
 * Applies suppressions, then baseline states and first/last-seen times against the previous scan. The baseline fields
 * are set on the result's findings in place (applyBaseline); the result object itself is not changed.
 */
export function postProcessResult(result: ScanResult, input: PostProcessInput): ScanResult {
  let tags: Map<string, Record<string, string>> | undefined;
  const tagsOf = (id: string) => (tags ??= new Map(result.inventory.resources.map((r) => [r.id, r.tags]))).get(id);
  const sup = applySuppressions(result.findings, input.suppressions, input.now, tagsOf);
  const now = input.now.toISOString();
  const base = applyBaseline(sup.findings, input.previous?.findings, now, (fp) => input.firstSeen.get(fp), input.previous?.load);
  return {
    ...result,
    findings: base.findings,
    fixed: base.absent,
    suppressions: { stale: sup.stale, expired: sup.expired },
    previousScanId: input.previous?.scanId,
  };
}
