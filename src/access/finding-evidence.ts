import type { Evidence, Finding, Resource } from '../model/index.js';

/**
 * The access analysis's own evidence for the access and reach fields a finding is about: `access.<flag>` gets
 * `access.evidence.<flag>` (the statements, grants and settings that decided it), `reach.wildcardS3Write` gets the
 * writable buckets, `reach.externallyAssumable` the principals outside the account that can assume the role.
 */
function evidenceFor(resource: Resource, path: string): Evidence | undefined {
  const flag = accessFlag(path);
  if (flag && 'access' in resource && resource.access) {
    const value = resource.access.evidence[flag.name];
    return value?.length ? { path: flag.evidencePath, value } : undefined;
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
  // loops, and a list only once there is something to add: called per finding (2.87 M at 10^6 resources)
  let extra: Evidence[] | undefined;
  for (let i = 0; i < evidence.length; i++) extra = withEvidenceFor(resource, evidence[i].path, evidence, extra);
  for (let i = 0; i < unknownFields.length; i++) extra = withEvidenceFor(resource, unknownFields[i].path, evidence, extra);
  return extra ? [...evidence, ...extra] : (evidence as Evidence[]);
}

/** `extra` with the access analysis's evidence for `path` added, unless there is none or its path is there already. */
function withEvidenceFor(resource: Resource, path: string, evidence: readonly Evidence[], extra: Evidence[] | undefined): Evidence[] | undefined {
  const entry = evidenceFor(resource, path);
  if (!entry || hasPath(evidence, entry.path) || (extra && hasPath(extra, entry.path))) return extra;
  (extra ??= []).push(entry);
  return extra;
}

function hasPath(evidence: readonly Evidence[], path: string): boolean {
  for (let i = 0; i < evidence.length; i++) if (evidence[i].path === path) return true;
  return false;
}

/** `access.<flag>` (flag a word): the flag and its evidence path; undefined for any other path. */
function accessFlag(path: string): { name: string; evidencePath: string } | undefined {
  let flag = accessFlags.get(path);
  if (flag === undefined) {
    const name = /^access\.(\w+)$/.exec(path)?.[1];
    flag = name ? { name, evidencePath: `access.evidence.${name}` } : null;
    // the paths are those rules read and gaps name; bounded all the same, since gap paths may name list indexes
    if (accessFlags.size >= 10_000) accessFlags.clear();
    accessFlags.set(path, flag);
  }
  return flag ?? undefined;
}
const accessFlags = new Map<string, { name: string; evidencePath: string } | null>();

/** Whether a rule's condition reads an access or reach field: only its findings can name one. */
export const readsAccessField = (rule: { reads: readonly { path: string }[] }) => rule.reads.some((r) => isAccessPath(r.path));
