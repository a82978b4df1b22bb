import type { Evidence, Finding, Resource } from '../model/index.js';

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

/**
 * A finding's evidence followed by the access analysis's evidence for the access and reach fields its evidence and
 * unknown fields name (each path once, none already there); `evidence` itself when there is none to add. evaluateRules
 * calls it when it makes a finding of a rule that reads such a field (readsAccessField), where the resource is at hand.
 */
export function evidenceWithAccess(resource: Resource, evidence: readonly Evidence[], unknownFields: Finding['unknownFields']): Evidence[] {
  const paths = [...evidence.map((e) => e.path), ...unknownFields.map((u) => u.path)];
  const extra = paths.map((p) => evidenceFor(resource, p)).filter((e): e is Evidence => !!e && !evidence.some((x) => x.path === e.path));
  const unique = extra.filter((e, i) => extra.findIndex((x) => x.path === e.path) === i);
  return unique.length ? [...evidence, ...unique] : (evidence as Evidence[]);
}

/** Whether a rule's condition reads an access or reach field: only its findings can name one. */
export const readsAccessField = (rule: { reads: readonly { path: string }[] }) => rule.reads.some((r) => isAccessPath(r.path));
