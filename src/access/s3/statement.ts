import type { PolicyStatement } from '../../model/index.js';
import { actionMatches, coversEveryKeyWith, globMatches, literalPrefix, remaindersAfter } from '../glob.js';
import type { AccessKind } from '../types.js';

/** The S3 action that decides each kind of access, and whether it applies to objects or to the bucket. */
export const S3_ACCESS_ACTIONS: Record<AccessKind, { action: string; level: 'object' | 'bucket' }> = {
  read: { action: 's3:GetObject', level: 'object' },
  write: { action: 's3:PutObject', level: 'object' },
  list: { action: 's3:ListBucket', level: 'bucket' },
};
export const ACCESS_KINDS: AccessKind[] = ['read', 'write', 'list'];

const asArray = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Action / NotAction: does the statement apply to this action? (IAM matches actions case-insensitively.) */
export function statementCoversAction(st: PolicyStatement, action: string): boolean {
  const actions = asArray(st.Action);
  if (actions) return actions.some((p) => actionMatches(p, action));
  const notActions = asArray(st.NotAction);
  if (notActions) return !notActions.some((p) => actionMatches(p, action));
  return false;
}

/** undefined prefix = the whole bucket */
export interface Scope {
  prefix?: string;
}

export const WHOLE_BUCKET: readonly Scope[] = Object.freeze([Object.freeze({})]);
export const NOWHERE: readonly Scope[] = Object.freeze([]);

/** The key prefix a Resource pattern reaches in the bucket: undefined when none, '' for every key. */
function objectPrefix(pattern: string, objectsOf: string): string | undefined {
  let narrowest: string | undefined;
  for (const r of remaindersAfter(pattern, objectsOf)) {
    if (r === '') continue;
    const p = literalPrefix(r);
    if (p === '') return '';
    if (narrowest === undefined || p.length < narrowest.length) narrowest = p;
  }
  return narrowest;
}

function narrowest(prefixes: string[]): readonly Scope[] {
  if (prefixes.length === 0) return NOWHERE;
  if (prefixes.includes('')) return WHOLE_BUCKET;
  const sorted = [...new Set(prefixes)].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q))).map((prefix) => ({ prefix }));
}

/** What a Resource list of an Allow statement grants on the bucket's objects (shared result: do not change it). */
export function objectScopes(resources: readonly string[], bucketArn: string): readonly Scope[] {
  const objectsOf = `${bucketArn}/`;
  const prefixes: string[] = [];
  for (const p of resources) {
    const prefix = objectPrefix(p, objectsOf);
    if (prefix === '') return WHOLE_BUCKET;
    if (prefix !== undefined) prefixes.push(prefix);
  }
  return narrowest(prefixes);
}

/**
 * What an Allow statement grants in this bucket at this level: nothing, the whole bucket, or some key prefixes.
 * The result may be shared between calls: do not change it.
 */
export function allowScopes(st: PolicyStatement, bucketArn: string, level: 'object' | 'bucket'): readonly Scope[] {
  const resources = asArray(st.Resource);
  const notResources = asArray(st.NotResource);
  if (level === 'bucket') {
    if (resources) return resources.some((p) => globMatches(p, bucketArn)) ? WHOLE_BUCKET : NOWHERE;
    if (notResources) return notResources.some((p) => globMatches(p, bucketArn)) ? NOWHERE : WHOLE_BUCKET;
    return NOWHERE;
  }
  if (resources) return objectScopes(resources, bucketArn);
  const objectsOf = `${bucketArn}/`;
  if (notResources) {
    // everything but the listed resources: nothing when they cover every object, else (conservatively) the whole bucket
    const excludesAll = notResources.some((p) => remaindersAfter(p, objectsOf).some((r) => coversEveryKeyWith(r, '')));
    return excludesAll ? NOWHERE : WHOLE_BUCKET;
  }
  return NOWHERE;
}

/** Whether a Deny statement's resources cover EVERY object (or the bucket) the grant's scope reaches. */
export function denyCoversScope(st: PolicyStatement, bucketArn: string, level: 'object' | 'bucket', scope: Scope): boolean {
  const resources = asArray(st.Resource);
  const notResources = asArray(st.NotResource);
  if (level === 'bucket') {
    if (resources) return resources.some((p) => globMatches(p, bucketArn));
    if (notResources) return !notResources.some((p) => globMatches(p, bucketArn));
    return false;
  }
  const prefix = scope.prefix ?? '';
  if (resources) {
    return resources.some((p) => remaindersAfter(p, `${bucketArn}/`).some((r) => coversEveryKeyWith(r, prefix) || (scope.prefix !== undefined && r === scope.prefix)));
  }
  if (notResources) return notResources.every((p) => remaindersAfter(p, `${bucketArn}/`).filter((r) => r !== '').length === 0);
  return false;
}
