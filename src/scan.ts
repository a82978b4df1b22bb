import type { Inventory } from './model/inventory.js';
import type { Finding } from './model/finding.js';
import type { RuleDescriptor, ScanResult } from './model/scan-result.js';
import type { TrustSettings } from './model/trust.js';
import { noTrust } from './model/trust.js';
import { SEVERITY_RANK } from './model/severity.js';
import { analyzeAccess } from './access/index.js';
import { attachAccessEvidence } from './access/finding-evidence.js';
import { evaluateRules } from './rules/evaluate.js';
import type { LoadedRule } from './rules/load.js';
import { compareStrings } from './rules/suggest.js';
import { VERSION } from './version.js';

export interface AnalyzeOptions {
  rules: readonly LoadedRule[];
  trust?: TrustSettings;
  /** clock, injectable for reproducible results */
  now?: () => Date;
}

/** What flows between stages: every stage reads it and returns the next state. */
export interface ScanState {
  inventory: Inventory;
  findings: Finding[];
  rules: RuleDescriptor[];
}

export type ScanStage = (state: ScanState, options: Required<Pick<AnalyzeOptions, 'trust'>> & AnalyzeOptions) => ScanState;

/**
 * The pipeline, in order. Each stage is pure. To add one (access analysis, graph and path findings,
 * suppressions/baseline), insert it here at its place.
 */
export const SCAN_STAGES: readonly { name: string; run: ScanStage }[] = [
  { name: 'access', run: (s, o) => ({ ...s, inventory: analyzeAccess(s.inventory, o.trust) }) },
  // graph (src/graph) goes here: fills resource.related, appends path findings and their rule descriptors
  { name: 'resource-rules', run: runResourceRules },
  { name: 'access-evidence', run: (s) => ({ ...s, findings: attachAccessEvidence(s.findings, s.inventory) }) },
];

function runResourceRules(state: ScanState, options: AnalyzeOptions): ScanState {
  const { findings, rules } = evaluateRules(options.rules, state.inventory.resources);
  return { ...state, findings: [...state.findings, ...findings], rules: [...state.rules, ...rules] };
}

/** Inventory in, scan result out: no I/O. */
export function analyzeInventory(inventory: Inventory, options: AnalyzeOptions): ScanResult {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const resolved = { ...options, trust: options.trust ?? noTrust() };
  let state: ScanState = { inventory: canonicalOrder(inventory), findings: [], rules: [] };
  for (const stage of SCAN_STAGES) state = stage.run(state, resolved);
  return {
    tool: { name: 'aispm', version: VERSION },
    startedAt,
    finishedAt: now().toISOString(),
    inventory: state.inventory,
    rules: [...state.rules].sort((a, b) => compareStrings(a.id, b.id)),
    findings: sortFindings(state.findings),
    artifacts: [],
    suppressions: { stale: [], expired: [] },
    fixed: [],
  };
}

/** Resources by id and edges by (from, type, to, prefix): every stage sees the same order whatever the collection order. */
function canonicalOrder(inventory: Inventory): Inventory {
  const edgeKey = (e: Inventory['edges'][number]) => `${e.from}\u0000${e.type}\u0000${e.to}\u0000${e.prefix ?? ''}`;
  return {
    ...inventory,
    resources: [...inventory.resources].sort((a, b) => compareStrings(a.id, b.id)),
    edges: [...inventory.edges].sort((a, b) => compareStrings(edgeKey(a), edgeKey(b))),
  };
}

/** Attack paths first, then severity (worst first), rule id, resource id, then fingerprint as the last tie-breaker. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.type === 'path') - Number(a.type === 'path') ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.resource.id, b.resource.id) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
