import type { Inventory } from './model/inventory.js';
import type { Finding } from './model/finding.js';
import type { RuleDescriptor, ScanResult } from './model/scan-result.js';
import type { TrustSettings } from './model/trust.js';
import { noTrust } from './model/trust.js';
import { annotateAccess, type AccessAnnotations } from './access/index.js';
import type { AccessAnnotation } from './model/index.js';
import { evaluateRules } from './rules/evaluate.js';
import { builtinPathRules, compareFindings as rankFindingsOrder, pathsByNode, rankFindings, runGraphStage, type PathRule } from './graph/index.js';
import type { LoadedRule } from './rules/load.js';
import { compareStrings } from './rules/suggest.js';
import { VERSION } from './version.js';
import { rankBySegments, segmentsOf, type RuleSegment } from './rank-findings.js';
import { canonicalOrder } from './canonical-order.js';

export interface AnalyzeOptions {
  rules: readonly LoadedRule[];
  /** attack path rules; the shipped rules/paths when left out */
  pathRules?: readonly PathRule[];
  trust?: TrustSettings;
  /** clock, injectable for reproducible results */
  now?: () => Date;
  /** called after each stage with its wall and CPU time (process-wide CPU: user + system, GC threads included) */
  onStage?: (timing: StageTiming) => void;
  /**
   * The caller hands the inventory over: `access` or `reach`, `gaps` and `related` are set on its resources instead of
   * on copies (the result's resources are then the input's objects, changed; its arrays are not). Same result, one
   * copy of every resource less (at 10^6 resources about 180 MiB and 0.4 s). Off by default: analyzeInventory leaves
   * its input as it was.
   */
  annotateInPlace?: boolean;
}

export interface StageTiming {
  stage: string;
  wallMs: number;
  cpuMs: number;
}

/** What flows between stages: every stage reads it and returns the next state. */
export interface ScanState {
  inventory: Inventory;
  findings: Finding[];
  rules: RuleDescriptor[];
  /** where the resource rules' findings lie in `findings` (later stages replace findings in place, never move them) */
  ruleSegments?: RuleSegment[];
  /**
   * the findings list when it is in the final order already (the resource rules stage ranks its list as it makes it):
   * a stage that adds findings makes a new list, which is then ranked
   */
  rankedFindings?: Finding[];
  /**
   * the access analysis's `access` / `reach` and `gaps` by resource position, not yet set on the resources: the graph
   * stage sets them in the copy it makes of each resource anyway, and drops this
   */
  accessAnnotations?: (AccessAnnotation | undefined)[];
  /** where the resources at the ends of the access edges are (annotateAccess), for the graph build; dropped with them */
  accessEdgeEnds?: AccessAnnotations['edgeEnds'];
}

export type ScanStage = (state: ScanState, options: Required<Pick<AnalyzeOptions, 'trust'>> & AnalyzeOptions) => ScanState;

/**
 * The pipeline, in order. Each stage is pure. To add one (access analysis, graph and path findings,
 * suppressions/baseline), insert it here at its place.
 */
export const SCAN_STAGES: readonly { name: string; run: ScanStage }[] = [
  { name: 'access', run: runAccess },
  { name: 'graph', run: runGraphAndPaths },
  { name: 'resource-rules', run: runResourceRules },
];

/** Adds the access edges; the resources' access and reach are left to the graph stage's copy (accessAnnotations). */
function runAccess(state: ScanState, options: Required<Pick<AnalyzeOptions, 'trust'>>): ScanState {
  const { edges, byPosition, edgeEnds } = annotateAccess(state.inventory, options.trust);
  return { ...state, inventory: { ...state.inventory, edges }, accessAnnotations: byPosition, accessEdgeEnds: edgeEnds };
}

/**
 * Fills resource.related (read by resource rules) and the access annotations, and appends attack path findings with
 * their rule descriptors.
 */
function runGraphAndPaths(state: ScanState, options: AnalyzeOptions): ScanState {
  const pathRules = options.pathRules ?? builtinPathRules();
  const { inventory, findings, descriptors } = runGraphStage(state.inventory, pathRules, options.trust, undefined, {
    pending: state.accessAnnotations,
    edgeEnds: state.accessEdgeEnds,
    inPlace: options.annotateInPlace,
  });
  return { inventory, findings: [...state.findings, ...findings], rules: [...state.rules, ...descriptors] };
}

/**
 * Evaluates the resource rules. Their findings are made complete: with the access analysis's evidence for the access
 * and reach fields they name, and `onPaths` from the attack paths found so far (the graph stage's), so that no later
 * stage copies millions of findings to add either. They and the attack paths come out ranked, in one list placed in
 * its final order (no list to rank afterwards: at 10^6 resources a 22 MiB array less at the memory peak).
 */
function runResourceRules(state: ScanState, options: AnalyzeOptions): ScanState {
  const paths = pathsByNode(state.findings.filter((f) => f.type === 'path'));
  // the findings so far (attack paths, a few) go after the resource findings, which are then not copied once more
  const { findings, rules, ranked } = evaluateRules(options.rules, state.inventory.resources, { pathsByNode: paths, findingsAfter: state.findings, ranked: true });
  if (ranked) return { ...state, findings, rules: [...state.rules, ...rules], rankedFindings: findings };
  const ruleSegments = segmentsOf(options.rules, rules, 0, findings, state.findings.length);
  return { ...state, findings, rules: [...state.rules, ...rules], ruleSegments };
}

/** Inventory in, scan result out: no I/O. */
export function analyzeInventory(inventory: Inventory, options: AnalyzeOptions): ScanResult {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const resolved = { ...options, trust: options.trust ?? noTrust() };
  let state: ScanState = { inventory: canonicalOrder(inventory), findings: [], rules: [] };
  for (const stage of SCAN_STAGES) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    state = stage.run(state, resolved);
    if (options.onStage) {
      const used = process.cpuUsage(cpu);
      options.onStage({ stage: stage.name, wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 });
    }
  }
  return {
    tool: { name: 'aispm', version: VERSION },
    startedAt,
    finishedAt: now().toISOString(),
    inventory: state.inventory,
    rules: [...state.rules].sort((a, b) => compareStrings(a.id, b.id)),
    findings: state.rankedFindings === state.findings ? state.findings : rankBySegments(state.findings, state.ruleSegments),
    artifacts: [],
    suppressions: { stale: [], expired: [] },
    fixed: [],
  };
}

/**
 * The prioritized queue (src/graph/rank.ts): attack paths first, by severity, then what the target serves
 * (serving endpoint > deployed model > model > dataset/job), then fewer hops; then the other findings by severity,
 * those lying on a path first; then rule id, resource id, and fingerprint as the last tie-breaker.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return rankFindingsOrder(a, b);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return rankFindings(findings);
}
