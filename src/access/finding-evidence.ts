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

/** Adds that evidence to every finding whose evidence or unknown fields name such a field. Pure. */
export function attachAccessEvidence(findings: readonly Finding[], inventory: Inventory): Finding[] {
  let byId: Map<string, Resource> | undefined;
  return findings.map((f) => {
    if (f.type !== 'resource' || !(f.evidence.some((e) => isAccessPath(e.path)) || f.unknownFields.some((u) => isAccessPath(u.path)))) return f;
    byId ??= new Map(inventory.resources.map((r) => [r.id, r]));
    const resource = byId.get(f.resource.id);
    if (!resource) return f;
    const paths = [...f.evidence.map((e) => e.path), ...f.unknownFields.map((u) => u.path)];
    const extra = paths.map((p) => evidenceFor(resource, p)).filter((e): e is Evidence => !!e && !f.evidence.some((x) => x.path === e.path));
    const unique = extra.filter((e, i) => extra.findIndex((x) => x.path === e.path) === i);
    return unique.length ? { ...f, evidence: [...f.evidence, ...unique] } : f;
  });
}
