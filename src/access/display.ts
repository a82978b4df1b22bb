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
  if (shown === strict) return shown;
  const neutralizers = unknowns.filter((u) => u.kind === 'neutralizer');
  if (neutralizers.length === 0) return shown;
  const strictEffective = new Set(strict.filter(isEffective));
  let survives: Set<string> | undefined;
  return shown.map((g) =>
    isEffective(g) && !strictEffective.has(g) && !(survives ??= new Set([...strictEffective].map(grantKey))).has(grantKey(g))
      ? {
          ...g,
          conditional: true,
          evidence: [...g.evidence, { source, detail: `applies only if the unknown setting does not switch it off (${neutralizers.map((u) => u.reason).join('; ')})` }],
        }
      : g,
  );
}

