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

function objectPrefixes(pattern: string, bucketArn: string): Scope[] {
  const rems = remaindersAfter(pattern, `${bucketArn}/`).filter((r) => r !== '');
  if (rems.length === 0) return [];
  const prefixes = rems.map(literalPrefix);
  if (prefixes.some((p) => p === '')) return [{}];
  return [{ prefix: prefixes.reduce((a, b) => (b.length < a.length ? b : a)) }];
}

function narrowest(scopes: Scope[]): Scope[] {
  if (scopes.some((s) => s.prefix === undefined)) return [{}];
  const prefixes = [...new Set(scopes.map((s) => s.prefix as string))].sort();
  return prefixes.filter((p) => !prefixes.some((q) => q !== p && p.startsWith(q))).map((prefix) => ({ prefix }));
}

/** What an Allow statement grants in this bucket at this level: nothing, the whole bucket, or some key prefixes. */
export function allowScopes(st: PolicyStatement, bucketArn: string, level: 'object' | 'bucket'): Scope[] {
  const resources = asArray(st.Resource);
  const notResources = asArray(st.NotResource);
  if (level === 'bucket') {
    if (resources) return resources.some((p) => globMatches(p, bucketArn)) ? [{}] : [];
    if (notResources) return notResources.some((p) => globMatches(p, bucketArn)) ? [] : [{}];
    return [];
  }
  if (resources) return narrowest(resources.flatMap((p) => objectPrefixes(p, bucketArn)));
  if (notResources) {
    // everything but the listed resources: nothing when they cover every object, else (conservatively) the whole bucket
    const excludesAll = notResources.some((p) => remaindersAfter(p, `${bucketArn}/`).some((r) => coversEveryKeyWith(r, '')));
    return excludesAll ? [] : [{}];
  }
  return [];
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
