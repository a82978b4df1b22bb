import type { ScanResult, Finding } from '../../model/index.js';
import { describePrincipal, isPrincipalId } from '../../model/principals.js';

/**
 * The dashboard's data, made compact so 100,000 findings fit in a few MB: strings are interned in one table
 * and rows are arrays of indices. The browser code (client.js) reads exactly this shape.
 */
export interface DashboardData {
  meta: {
    version: string;
    scanId: string | null;
    previousScanId: string | null;
    startedAt: string;
    finishedAt: string;
    targets: { provider: string; account: string; regions: string[] }[];
    stale: string[];
    expired: string[];
  };
  strings: string[];
  /** [id, title, severity, type, description, remediation, references[], atlas[], owaspMl[], owaspLlm[], counts {pass, fail, unknown}] */
  rules: [string, string, string, string, string, string, string[], string[], string[], string[], { pass: number; fail: number; unknown: number }][];
  /** [id, kind, provider, account, region, name, category] as string indices */
  resources: number[][];
  /** [rule, resource, status(0 fail, 1 unknown), severity(0..4 critical..info), message, baseline(-1 none, 0 new, 1 unchanged, 2 updated, 3 absent), suppressed reason (-1), evidence JSON (-1), path index (-1), firstSeen (-1)] */
  findings: number[][];
  /** per path: hops [from node, to node, edge type, prefix (-1), evidence text (-1)], node labels resolved by node index */
  paths: { hops: number[][]; source: number }[];
  /** lineage edges between resources: [from resource, to resource, edge type string] */
  lineage: number[][];
  coverage: ScanResult['inventory']['coverage'];
  /** present only when the report leaves findings, fixed findings or resources out (see DashboardLimits) */
  capped?: DashboardCap;
}

/** What a capped report shows against what the scan has, and the summary's counts over everything. */
export interface DashboardCap {
  findings: { shown: number; total: number };
  fixed: { shown: number; total: number };
  resources: { shown: number; total: number };
  /** per severity (critical..info) failed and unknown findings, not suppressed; as the summary counts them */
  counts: { fail: number; unknown: number }[];
  suppressed: number;
  paths: number;
}

/**
 * How much a report embeds (docs/outputs.md, "HTML dashboard: large estates"): past a bound the report keeps the most
 * important findings (the scan's ranking: attack paths, then severity), then fixed ones while the bounds allow, and
 * the resources they are on first.
 */
export interface DashboardLimits {
  maxFindings: number;
  /** characters of message and evidence the embedded findings may hold together: most of a report's size */
  maxFindingText: number;
  maxResources: number;
}

export const DASHBOARD_LIMITS: DashboardLimits = { maxFindings: 50_000, maxFindingText: 30_000_000, maxResources: 50_000 };

const SEVERITY_CODE = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;
const BASELINE_CODE = { new: 0, unchanged: 1, updated: 2, absent: 3 } as const;
const LINEAGE = new Set(['reads-from', 'writes-to', 'produces', 'stored-in', 'serves', 'uses', 'imports-from', 'sources-data-from', 'uses-role']);

export function buildDashboardData(result: ScanResult, bounds: Partial<DashboardLimits> = {}): DashboardData {
  const limits = { ...DASHBOARD_LIMITS, ...bounds };
  const strings: string[] = [];
  const index = new Map<string, number>();
  const s = (value: string | undefined | null): number => {
    if (value === undefined || value === null) return -1;
    let i = index.get(value);
    if (i === undefined) {
      i = strings.length;
      strings.push(value);
      index.set(value, i);
    }
    return i;
  };

  const rules = result.rules.map(
    (r) =>
      [r.id, r.title, r.severity, r.type, r.description, r.remediation, r.references, r.frameworks.mitreAtlas, r.frameworks.owaspMl, r.frameworks.owaspLlm, r.counts] as DashboardData['rules'][number],
  );
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));

  const resources: number[][] = [];
  const resourceIndex = new Map<string, number>();
  const addResource = (r: { id: string; kind: string; provider: string; account: string; region: string; name: string; category?: string }) => {
    let i = resourceIndex.get(r.id);
    if (i === undefined) {
      i = resources.length;
      resources.push([s(r.id), s(r.kind), s(r.provider), s(r.account), s(r.region), s(r.name), s(r.category ?? '')]);
      resourceIndex.set(r.id, i);
    }
    return i;
  };
  const { findings: shownFindings, fixed: shownFixed } = findingsToShow(result, limits);
  for (const r of resourcesToShow(result.inventory.resources, [...shownFindings, ...shownFixed].map((x) => x.f), limits.maxResources)) addResource(r);

  const nodeLabel = (id: string) => (isPrincipalId(id) ? describePrincipal(id) : id);
  const paths: DashboardData['paths'] = [];
  const encode = ({ f, evidence }: ShownFinding): number[] => {
    let pathIdx = -1;
    if (f.hops?.length) {
      pathIdx = paths.length;
      paths.push({
        source: s(nodeLabel(f.source ?? f.hops[0].from)),
        hops: f.hops.map((h) => [
          s(nodeLabel(h.from)),
          s(nodeLabel(h.to)),
          s(h.type),
          s(h.prefix),
          h.evidence.length ? s(h.evidence.map((e) => e.detail).join('; ')) : -1,
        ]),
      });
    }
    let ruleIdx = ruleIndex.get(f.ruleId);
    if (ruleIdx === undefined) {
      ruleIdx = rules.length;
      ruleIndex.set(f.ruleId, ruleIdx);
      rules.push([f.ruleId, f.title, f.severity, f.type, '', f.remediation, f.references, f.frameworks.mitreAtlas, f.frameworks.owaspMl, f.frameworks.owaspLlm, { pass: 0, fail: 0, unknown: 0 }]);
    }
    return [
      ruleIdx,
      addResource(f.resource),
      f.status === 'fail' ? 0 : 1,
      SEVERITY_CODE[f.severity],
      s(f.message),
      f.baselineState ? BASELINE_CODE[f.baselineState] : -1,
      s(f.suppressed?.reason),
      s(evidence),
      pathIdx,
      s(f.firstSeen),
    ];
  };
  const findings = [...shownFindings.map(encode), ...shownFixed.map(encode)];

  const lineage = result.inventory.edges
    .filter((e) => LINEAGE.has(e.type) && resourceIndex.has(e.from) && resourceIndex.has(e.to))
    .map((e) => [resourceIndex.get(e.from)!, resourceIndex.get(e.to)!, s(e.type)]);

  return {
    meta: {
      version: result.tool.version,
      scanId: result.scanId ?? null,
      previousScanId: result.previousScanId ?? null,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      targets: result.inventory.targets,
      stale: result.suppressions.stale,
      expired: result.suppressions.expired,
    },
    strings,
    rules,
    resources,
    findings,
    paths,
    lineage,
    coverage: result.inventory.coverage,
    ...(shownFindings.length < result.findings.length || shownFixed.length < result.fixed.length || resourceIndex.size < result.inventory.resources.length
      ? { capped: dashboardCap(result, shownFindings.length, shownFixed.length, resourceIndex.size) }
      : {}),
  };
}

interface ShownFinding {
  f: Finding;
  evidence: string | undefined;
}

const evidenceText = (f: Finding) => (f.evidence.length || f.unknownFields.length ? JSON.stringify({ e: f.evidence, u: f.unknownFields }) : undefined);

/** The first findings, then fixed findings, while both the count and the text of messages and evidence stay in bounds. */
function findingsToShow(result: ScanResult, limits: DashboardLimits): { findings: ShownFinding[]; fixed: ShownFinding[] } {
  let count = 0;
  let text = 0;
  const take = (list: readonly Finding[]): ShownFinding[] => {
    const out: ShownFinding[] = [];
    for (const f of list) {
      if (count >= limits.maxFindings) break;
      const evidence = evidenceText(f);
      text += f.message.length + (evidence?.length ?? 0);
      if (text > limits.maxFindingText) {
        count = limits.maxFindings;
        break;
      }
      count++;
      out.push({ f, evidence });
    }
    return out;
  };
  const findings = take(result.findings);
  return { findings, fixed: take(result.fixed) };
}

/**
 * Every resource when there are at most `max`; otherwise, in inventory order, those the shown findings are on and as
 * many others as the bound leaves room for.
 */
function resourcesToShow<R extends { id: string }>(resources: readonly R[], shown: readonly Finding[], max: number): readonly R[] {
  if (resources.length <= max) return resources;
  const needed = new Set(shown.map((f) => f.resource.id));
  let room = Math.max(0, max - resources.filter((r) => needed.has(r.id)).length);
  return resources.filter((r) => needed.has(r.id) || room-- > 0);
}

function dashboardCap(result: ScanResult, findings: number, fixed: number, resources: number): DashboardCap {
  const counts = Object.keys(SEVERITY_CODE).map(() => ({ fail: 0, unknown: 0 }));
  let suppressed = 0;
  let paths = 0;
  for (const f of result.findings) {
    if (f.baselineState === 'absent') continue;
    if (f.suppressed) {
      suppressed++;
      continue;
    }
    counts[SEVERITY_CODE[f.severity]][f.status]++;
    if (f.hops?.length) paths++;
  }
  return {
    findings: { shown: findings, total: result.findings.length },
    fixed: { shown: fixed, total: result.fixed.length },
    resources: { shown: resources, total: result.inventory.resources.length },
    counts,
    suppressed,
    paths,
  };
}
