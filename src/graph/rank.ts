import { SEVERITY_RANK, plainFinding, type Finding } from '../model/index.js';
import { TARGET_TIERS, type TargetTier } from './path-finding.js';

function tierRank(f: Finding): number {
  const target = f.evidence.find((e) => e.path === 'target')?.value as { tier?: TargetTier } | undefined;
  const k = target?.tier ? TARGET_TIERS.indexOf(target.tier) : -1;
  return k < 0 ? TARGET_TIERS.length : k;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The prioritized queue: attack paths first (severity, then what the target serves: serving endpoint > deployed
 * model > model > dataset/job, then routes from an outside principal before routes from a resource, then fewer hops), then the other findings (severity, those on a path first, rule,
 * resource). Deterministic, so reports and diffs stay stable.
 */
export function compareFindings(a: Finding, b: Finding): number {
  const pathA = a.type === 'path' ? 0 : 1;
  const pathB = b.type === 'path' ? 0 : 1;
  if (pathA !== pathB) return pathA - pathB;
  const sev = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (sev) return sev;
  if (a.type === 'path') {
    const tier = tierRank(a) - tierRank(b);
    if (tier) return tier;
    // a route an outside principal can walk today before a route that starts at a resource (e.g. a malicious artifact)
    const actor = (b.source?.startsWith('principal:') ? 1 : 0) - (a.source?.startsWith('principal:') ? 1 : 0);
    if (actor) return actor;
    const hops = (a.hops?.length ?? 0) - (b.hops?.length ?? 0);
    if (hops) return hops;
  } else {
    const onPath = (b.onPaths.length ? 1 : 0) - (a.onPaths.length ? 1 : 0);
    if (onPath) return onPath;
  }
  return cmp(a.ruleId, b.ruleId) || cmp(a.resource.id, b.resource.id) || cmp(a.fingerprint, b.fingerprint);
}

export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/**
 * Sets `onPaths` on every non-path finding whose resource is a node of an attack path (returns new objects). A finding
 * that lay on no path before gets its node's sorted list, one frozen list per node shared by that node's findings.
 */
export function linkFindingsToPaths(findings: readonly Finding[], paths: readonly Finding[]): Finding[] {
  const byNode = pathsByNode(paths);
  if (byNode.size === 0) return findings.slice();
  // most findings stay as they are: copy the list, then replace the few on a path
  const out = findings.slice();
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k];
    if (f.type === 'path') continue;
    const fps = byNode.get(f.resource.id);
    if (fps) out[k] = { ...plainFinding(f), onPaths: f.onPaths.length ? [...new Set([...f.onPaths, ...fps])].sort() : fps };
  }
  return out;
}

/**
 * Node id -> the sorted fingerprints of the paths through it (one frozen list per node). A stage that makes findings
 * can give each new finding `onPaths: byNode.get(resource.id) ?? []` as it makes it: the same list linkFindingsToPaths
 * would give it later, without a pass over every finding (at 10^6 resources that pass reads 2.9 million scattered
 * findings, their resource references and id strings only to find the few on a path).
 */
export function pathsByNode(paths: readonly Finding[]): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const p of paths) {
    const nodes = new Set<string>();
    for (const hop of p.hops ?? []) {
      nodes.add(hop.from);
      nodes.add(hop.to);
    }
    for (const id of nodes) {
      let list = byNode.get(id);
      if (!list) byNode.set(id, (list = []));
      list.push(p.fingerprint);
    }
  }
  for (const [id, list] of byNode) byNode.set(id, Object.freeze([...new Set(list)].sort()) as string[]);
  return byNode;
}
