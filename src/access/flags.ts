import type { AccessEvidence, AccessFlag, AccessGrant, BucketAccess } from '../model/index.js';
import { noFlags, type Flags } from './bounds.js';
import { includesEvidence, pushUniqueEvidence } from './same-evidence.js';
import type { AccessKind, Grant, Reach } from './types.js';
import { sortedInPlace } from './sorted-in-place.js';

const PUBLIC_FLAG: Record<AccessKind, AccessFlag> = { read: 'publicRead', write: 'publicWrite', list: 'publicList' };
const AUTH_FLAG: Partial<Record<AccessKind, AccessFlag>> = { read: 'authenticatedRead', write: 'authenticatedWrite' };
const CROSS_FLAG: Partial<Record<AccessKind, AccessFlag>> = { read: 'crossAccountRead', write: 'crossAccountWrite' };
const ACCESS_KINDS: AccessKind[] = ['read', 'write', 'list'];
const REACHES: Reach[] = ['public', 'authenticated', 'external', 'internal'];

function flagsOfAccess(reach: Reach, a: AccessKind): readonly AccessFlag[] {
  const out: AccessFlag[] = [];
  if (reach === 'public' || reach === 'authenticated') out.push(PUBLIC_FLAG[a]);
  if (reach === 'authenticated' && AUTH_FLAG[a]) out.push(AUTH_FLAG[a]);
  if (reach === 'external' && CROSS_FLAG[a]) out.push(CROSS_FLAG[a]);
  return Object.freeze(out);
}

/** The flags one kind of access at one reach sets, computed once. */
const FLAGS_OF = Object.fromEntries(REACHES.map((r) => [r, Object.fromEntries(ACCESS_KINDS.map((a) => [a, flagsOfAccess(r, a)]))])) as Record<Reach, Record<AccessKind, readonly AccessFlag[]>>;

export const isEffective = (g: Grant) => !g.neutralizedBy && !g.deniedBy;

export function flagsOfGrants(grants: readonly Grant[]): Flags {
  const flags = noFlags();
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i];
    if (!isEffective(g)) continue;
    for (let j = 0; j < g.access.length; j++) {
      const set = FLAGS_OF[g.reach][g.access[j]];
      for (let k = 0; k < set.length; k++) flags[set[k]] = true;
    }
  }
  return flags;
}

/** Per flag: the grants that set it, or the Deny / setting that switched off a grant that would have set it. */
function evidenceOfGrants(grants: readonly Grant[]): Record<string, AccessEvidence[]> {
  const out: Record<string, AccessEvidence[]> = {};
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i];
    // the flags the grant would set if it were in effect
    for (let a = 0; a < g.access.length; a++) {
      const flags = FLAGS_OF[g.reach][g.access[a]];
      for (let j = 0; j < flags.length; j++) {
        const list = (out[flags[j]] ??= []);
        pushUniqueEvidence(list, g.evidence);
        if (g.neutralizedBy && !includesEvidence(list, g.neutralizedBy)) list.push(g.neutralizedBy);
        if (g.deniedBy && !includesEvidence(list, g.deniedBy)) list.push(g.deniedBy);
      }
    }
  }
  return out;
}

function grantKey(g: Grant): string {
  return `${g.principal}\u0000${g.reach}\u0000${g.prefix ?? ''}\u0000${g.conditional}`;
}

const sameKey = (a: Grant, b: Grant) => a.principal === b.principal && a.reach === b.reach && (a.prefix ?? '') === (b.prefix ?? '') && a.conditional === b.conditional;

/** Lists up to this long are searched for a grant's equal instead of indexed by key. */
const SEARCHED = 16;

/**
 * Merges grants to the same principal, prefix and conditionality, uniting access and evidence. A grant nothing merges
 * into is returned as it is (so its arrays stay shared); do not change the result.
 */
function mergeGrants(grants: readonly Grant[]): Grant[] {
  const merged: Grant[] = [];
  // which merged grants are copies (made at the first merge: most lists merge none)
  let copied: boolean[] | undefined;
  const byKey = grants.length > SEARCHED ? new Map<string, number>() : undefined;
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i];
    let at = -1;
    if (byKey) {
      const key = grantKey(g);
      at = byKey.get(key) ?? -1;
      if (at < 0) byKey.set(key, merged.length);
    } else {
      for (let j = 0; j < merged.length && at < 0; j++) if (sameKey(merged[j], g)) at = j;
    }
    if (at < 0) {
      merged.push(g);
      continue;
    }
    let prev = merged[at];
    if (!copied?.[at]) {
      prev = merged[at] = { ...prev, access: [...prev.access], evidence: [...prev.evidence] };
      (copied ??= [])[at] = true;
    }
    for (let j = 0; j < g.access.length; j++) if (!prev.access.includes(g.access[j])) prev.access.push(g.access[j]);
    pushUniqueEvidence(prev.evidence, g.evidence);
  }
  for (let i = 0; i < merged.length; i++) {
    const g = merged[i];
    if (!inAccessOrder(g.access)) merged[i] = { ...g, access: [...g.access].sort((a, b) => ACCESS_ORDER[a] - ACCESS_ORDER[b]) };
  }
  return sortedInPlace(merged, byPrincipalAndPrefix, SEARCHED);
}

const byPrincipalAndPrefix = (a: Grant, b: Grant) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : (a.prefix ?? '').localeCompare(b.prefix ?? ''));

const ACCESS_ORDER: Record<AccessKind, number> = { read: 0, write: 1, list: 2 };
function inAccessOrder(access: readonly AccessKind[]): boolean {
  for (let i = 1; i < access.length; i++) if (ACCESS_ORDER[access[i - 1]] > ACCESS_ORDER[access[i]]) return false;
  return true;
}

function toAccessGrant(g: Grant): AccessGrant {
  if (g.prefix !== undefined) {
    return { principal: g.principal, principalType: g.principalType, external: g.reach !== 'internal', access: g.access, prefix: g.prefix, conditional: g.conditional, evidence: g.evidence };
  }
  return {
    principal: g.principal,
    principalType: g.principalType,
    external: g.reach !== 'internal',
    access: g.access,
    conditional: g.conditional,
    evidence: g.evidence,
  };
}

/** The grants but hypothetical ones: the list itself when it has none. */
export function withoutHypothetical(grants: readonly Grant[]): readonly Grant[] {
  for (let i = 0; i < grants.length; i++) if (grants[i].hypothetical) return grants.filter((g) => !g.hypothetical);
  return grants;
}

/** Builds BucketAccess from the displayed grants and the bounded flags. */
export function bucketAccess(displayGrants: readonly Grant[], flags: Flags, conditionalPublic: boolean): BucketAccess {
  const effective = mergeGrants(displayGrants.filter((g) => isEffective(g) && !g.hypothetical));
  const neutralized: AccessEvidence[] = [];
  for (let i = 0; i < displayGrants.length; i++) {
    const g = displayGrants[i];
    if (!g.neutralizedBy || g.hypothetical || (g.reach !== 'public' && g.reach !== 'authenticated' && g.reach !== 'external')) continue;
    pushUniqueEvidence(neutralized, [{ ...g.neutralizedBy, detail: `${g.neutralizedBy.detail}: switches off ${g.evidence.map((e) => e.detail).join('; ')}` }]);
  }
  const shown = effective.map(toAccessGrant);
  // Object.assign, not a spread of `flags` followed by more keys: V8 makes that object about 3.5 times bigger
  return Object.assign({}, flags, {
    conditionalPublic,
    writers: shown.filter((g) => g.access.includes('write')),
    readers: shown.filter((g) => g.access.includes('read') || g.access.includes('list')),
    evidence: evidenceOfGrants(withoutHypothetical(displayGrants)),
    neutralized,
  });
}
