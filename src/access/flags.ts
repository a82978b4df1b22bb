import type { AccessEvidence, AccessFlag, AccessGrant, BucketAccess } from '../model/index.js';
import { noFlags, type Flags } from './bounds.js';
import type { AccessKind, Grant } from './types.js';

const PUBLIC_FLAG: Record<AccessKind, AccessFlag> = { read: 'publicRead', write: 'publicWrite', list: 'publicList' };
const AUTH_FLAG: Partial<Record<AccessKind, AccessFlag>> = { read: 'authenticatedRead', write: 'authenticatedWrite' };
const CROSS_FLAG: Partial<Record<AccessKind, AccessFlag>> = { read: 'crossAccountRead', write: 'crossAccountWrite' };

/** The flags a grant would set if it were in effect. */
export function flagsSetBy(g: Grant): AccessFlag[] {
  const out: AccessFlag[] = [];
  for (const a of g.access) {
    if (g.reach === 'public' || g.reach === 'authenticated') out.push(PUBLIC_FLAG[a]);
    if (g.reach === 'authenticated' && AUTH_FLAG[a]) out.push(AUTH_FLAG[a]);
    if (g.reach === 'external' && CROSS_FLAG[a]) out.push(CROSS_FLAG[a]);
  }
  return out;
}

export const isEffective = (g: Grant) => !g.neutralizedBy && !g.deniedBy;

export function flagsOfGrants(grants: readonly Grant[]): Flags {
  const flags = noFlags();
  for (const g of grants) if (isEffective(g)) for (const f of flagsSetBy(g)) flags[f] = true;
  return flags;
}

function pushUnique(list: AccessEvidence[], items: AccessEvidence[]) {
  for (const e of items) if (!list.some((x) => JSON.stringify(x) === JSON.stringify(e))) list.push(e);
}

/** Per flag: the grants that set it, or the Deny / setting that switched off a grant that would have set it. */
export function evidenceOfGrants(grants: readonly Grant[]): Record<string, AccessEvidence[]> {
  const out: Record<string, AccessEvidence[]> = {};
  for (const g of grants) {
    const extra = [g.neutralizedBy, g.deniedBy].filter((e): e is AccessEvidence => !!e);
    for (const f of flagsSetBy(g)) pushUnique((out[f] ??= []), [...g.evidence, ...extra]);
  }
  return out;
}

function grantKey(g: Grant): string {
  return `${g.principal}\u0000${g.reach}\u0000${g.prefix ?? ''}\u0000${g.conditional}`;
}

/** Merges grants to the same principal, prefix and conditionality, uniting access and evidence. */
export function mergeGrants(grants: readonly Grant[]): Grant[] {
  const map = new Map<string, Grant>();
  for (const g of grants) {
    const key = grantKey(g);
    const prev = map.get(key);
    if (!prev) {
      map.set(key, { ...g, access: [...g.access], evidence: [...g.evidence] });
      continue;
    }
    for (const a of g.access) if (!prev.access.includes(a)) prev.access.push(a);
    pushUnique(prev.evidence, g.evidence);
  }
  const order: Record<AccessKind, number> = { read: 0, write: 1, list: 2 };
  return [...map.values()]
    .map((g) => ({ ...g, access: [...g.access].sort((a, b) => order[a] - order[b]) }))
    .sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : (a.prefix ?? '').localeCompare(b.prefix ?? '')));
}

export function toAccessGrant(g: Grant): AccessGrant {
  return {
    principal: g.principal,
    principalType: g.principalType,
    external: g.reach !== 'internal',
    access: g.access,
    ...(g.prefix !== undefined ? { prefix: g.prefix } : {}),
    conditional: g.conditional,
    evidence: g.evidence,
  };
}

/** Builds BucketAccess from the displayed grants and the bounded flags. */
export function bucketAccess(displayGrants: readonly Grant[], flags: Flags, conditionalPublic: boolean): BucketAccess {
  const effective = mergeGrants(displayGrants.filter((g) => isEffective(g) && !g.hypothetical));
  const neutralized: AccessEvidence[] = [];
  for (const g of displayGrants) {
    if (!g.neutralizedBy || g.hypothetical || (g.reach !== 'public' && g.reach !== 'authenticated' && g.reach !== 'external')) continue;
    pushUnique(neutralized, [{ ...g.neutralizedBy, detail: `${g.neutralizedBy.detail}: switches off ${g.evidence.map((e) => e.detail).join('; ')}` }]);
  }
  return {
    ...flags,
    conditionalPublic,
    writers: effective.filter((g) => g.access.includes('write')).map(toAccessGrant),
    readers: effective.filter((g) => g.access.includes('read') || g.access.includes('list')).map(toAccessGrant),
    evidence: evidenceOfGrants(displayGrants.filter((g) => !g.hypothetical)),
    neutralized,
  };
}
