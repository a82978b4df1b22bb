import type { Evidence, Finding, Inventory, Resource } from '../model/index.js';

/**
 * The access analysis's own evidence for the access and reach fields a finding is about: `access.<flag>` gets
 * `access.evidence.<flag>` (the statements, grants and settings that decided it), `reach.wildcardS3Write` gets the
 * writable buckets, `reach.externallyAssumable` the principals outside the account that can assume the role.
 */
function evidenceFor(resource: Resource, path: string): Evidence | undefined {
  const flag = /^access\.(\w+)$/.exec(path)?.[1];
  if (flag && 'access' in resource && resource.access) {
    const value = resource.access.evidence[flag];
    return value?.length ? { path: `access.evidence.${flag}`, value } : undefined;
  }
  if (!('reach' in resource) || !resource.reach) return undefined;
  if (path === 'reach.wildcardS3Write' && resource.reach.writableBuckets.length) return { path: 'reach.writableBuckets', value: resource.reach.writableBuckets };
  if (path === 'reach.externallyAssumable') {
    const value = resource.reach.assumableBy.filter((g) => g.external);
    return value.length ? { path: 'reach.assumableBy', value } : undefined;
  }
  return undefined;
}

const isAccessPath = (path: string) => path.startsWith('access.') || path.startsWith('reach.');

function namesAccessField(f: Finding): boolean {
  for (const e of f.evidence) if (isAccessPath(e.path)) return true;
  for (const u of f.unknownFields) if (isAccessPath(u.path)) return true;
  return false;
}

function withAccessEvidence(f: Finding, resource: Resource): Finding {
  const evidence = evidenceWithAccess(resource, f.evidence, f.unknownFields);
  return evidence === f.evidence ? f : { ...f, evidence };
}

/**
 * A finding's evidence followed by the access analysis's evidence for the access and reach fields its evidence and
 * unknown fields name (each path once, none already there); `evidence` itself when there is none to add.
 */
export function evidenceWithAccess(resource: Resource, evidence: readonly Evidence[], unknownFields: Finding['unknownFields']): Evidence[] {
  const paths = [...evidence.map((e) => e.path), ...unknownFields.map((u) => u.path)];
  const extra = paths.map((p) => evidenceFor(resource, p)).filter((e): e is Evidence => !!e && !evidence.some((x) => x.path === e.path));
  const unique = extra.filter((e, i) => extra.findIndex((x) => x.path === e.path) === i);
  return unique.length ? [...evidence, ...unique] : (evidence as Evidence[]);
}

export const readsAccessField = (rule: { reads: readonly { path: string }[] }) => rule.reads.some((r) => isAccessPath(r.path));

/** The ids of the rules whose conditions read an access or reach field: only their findings can name one. */
export function rulesReadingAccess(rules: readonly { id: string; reads: readonly { path: string }[] }[]): Set<string> {
  return new Set(rules.filter(readsAccessField).map((rule) => rule.id));
}

/**
 * Adds that evidence to every finding whose evidence or unknown fields name such a field. Pure. Few findings do, so
 * they are found first (among the findings of `ruleIds` when given, see rulesReadingAccess), and only their
 * resources are looked up.
 */
export function attachAccessEvidence(findings: readonly Finding[], inventory: Inventory, ruleIds?: ReadonlySet<string>): Finding[] {
  const out = findings.slice();
  const naming: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const f = out[i];
    if (f.type === 'resource' && (!ruleIds || ruleIds.has(f.ruleId)) && namesAccessField(f)) naming.push(i);
  }
  if (naming.length === 0) return out;
  const ids = new Set(naming.map((i) => out[i].resource.id));
  const byId = new Map<string, Resource>();
  for (const r of inventory.resources) if (ids.has(r.id)) byId.set(r.id, r);
  for (const i of naming) {
    const resource = byId.get(out[i].resource.id);
    if (resource) out[i] = withAccessEvidence(out[i], resource);
  }
  return out;
}
