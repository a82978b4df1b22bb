import type { Gap } from '../model/envelope.js';
import type { FieldRead } from './condition-fields.js';

/**
 * Unknown is not false. A condition's outcome is unknown when it depends on a gapped field:
 *  1. statically, the gaps that overlap a field the condition reads (equal, above or below the read path) are candidates;
 *  2. a candidate read only through has() makes the outcome unknown (presence of a gapped field is itself unknown);
 *  3. otherwise the condition runs with the candidate fields removed: reading one raises a CEL error, and CEL's
 *     commutative && / || absorb errors only when the other side decides (false && x, true || x). So a value comes back
 *     exactly when the outcome does not depend on the gapped fields; an error means unknown.
 */
export function normalizeGapPath(path: string): string {
  return path.replace(/\[\d*\]/g, '').replace(/^\.+|\.+$/g, '').replace(/\.\.+/g, '.');
}

export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

export function gapsRead(gaps: readonly Gap[], reads: readonly FieldRead[]): { gaps: Gap[]; presenceUnknown: boolean } {
  const hit: Gap[] = [];
  let presenceUnknown = false;
  for (const gap of gaps) {
    const path = normalizeGapPath(gap.path);
    const matching = reads.filter((r) => overlaps(path, r.path));
    if (matching.length === 0) continue;
    hit.push(gap);
    if (matching.some((r) => r.viaHas)) presenceUnknown = true;
  }
  return { gaps: hit, presenceUnknown };
}

/** A copy of a (CEL) value with the fields at the given paths removed; arrays on the way apply to every element. */
export function withoutPaths(value: unknown, paths: readonly string[]): unknown {
  let out = value;
  for (const p of paths) out = removeAt(out, normalizeGapPath(p).split('.'));
  return out;
}

function removeAt(value: unknown, keys: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => removeAt(v, keys));
  if (value === null || typeof value !== 'object' || keys.length === 0) return value;
  const [head, ...rest] = keys;
  if (!Object.hasOwn(value, head)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  // a gap below a null or scalar placeholder makes the placeholder itself unknown
  if (rest.length === 0 || copy[head] === null || typeof copy[head] !== 'object') delete copy[head];
  else copy[head] = removeAt(copy[head], rest);
  return copy;
}
