import type { AccessEvidence, BucketAccess, Gap } from '../model/index.js';
import type { UnknownInput } from './bounds.js';
import { isEffective } from './flags.js';
import type { Grant } from './types.js';

export interface BucketAnalysis {
  access: BucketAccess;
  gaps: Gap[];
  /** grants in effect as displayed (for edges) */
  grants: Grant[];
}

const grantKey = (g: Grant) => `${g.principal}|${g.reach}|${g.prefix ?? ''}|${g.access.join(',')}|${g.evidence[0]?.detail ?? ''}`;

/** Marks grants that hold only if an unknown setting (Block Public Access, Object Ownership, ...) does not switch them off. */
export function markNeutralizerDependent(shown: Grant[], strict: Grant[], unknowns: UnknownInput<unknown>[], source: AccessEvidence['source'] = 'block-public-access'): Grant[] {
  // the same list: every grant in effect as shown is in effect in the strict input, so none is marked
  if (shown === strict || !unknowns.some((u) => u.kind === 'neutralizer')) return shown;
  let strictEffective: Set<Grant> | undefined;
  let survives: Set<string> | undefined;
  // one evidence entry for every grant marked (entries are compared by content, and the analysis is frozen whole)
  let dependence: AccessEvidence | undefined;
  let out: Grant[] | undefined;
  for (let i = 0; i < shown.length; i++) {
    const g = shown[i];
    if (!isEffective(g) || (strictEffective ??= new Set(strict.filter(isEffective))).has(g)) continue;
    if ((survives ??= new Set([...strictEffective].map(grantKey))).has(grantKey(g))) continue;
    dependence ??= { source, detail: `applies only if the unknown setting does not switch it off (${neutralizerReasons(unknowns)})` };
    (out ??= shown.slice())[i] = { ...g, conditional: true, evidence: [...g.evidence, dependence] };
  }
  return out ?? shown;
}

function neutralizerReasons(unknowns: readonly UnknownInput<unknown>[]): string {
  return unknowns
    .filter((u) => u.kind === 'neutralizer')
    .map((u) => u.reason)
    .join('; ');
}
