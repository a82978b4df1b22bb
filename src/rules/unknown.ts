import type { Gap } from '../model/envelope.js';
import type { FieldRead } from './condition-fields.js';

/**
 * Unknown is not false. A condition's outcome is unknown when it depends on a gapped field:
 *  1. statically, the gaps that overlap a field the condition reads are candidates. A value read (`resource.a.b`, or a
 *     whole object or list compared or passed to a function) overlaps gaps at, above or below its path; the list a
 *     macro iterates overlaps the same way, but its element fields are judged by the macro body's own reads; a presence
 *     test `has(resource.a.b)` only overlaps gaps at or above `a.b` (a gap below `a.b` says nothing about whether `a.b`
 *     is there), unless the gap sits below an absent, null or scalar placeholder at or above `a.b`;
 *  2. a candidate read through has() makes the outcome unknown (presence of a gapped field is itself unknown);
 *  3. otherwise the condition runs with the candidate fields removed (a whole value read with a gap below it is
 *     removed whole): reading one raises a CEL error, and CEL's commutative && / || absorb errors only when the other
 *     side decides (false && x, true || x). So a value comes back exactly when the outcome does not depend on the
 *     gapped fields; an error means unknown.
 */
export function normalizeGapPath(path: string): string {
  return normalGapPath(path).path;
}

/** A gap path normalized, and its keys. */
interface NormalGapPath {
  path: string;
  keys: readonly string[];
}

function normalGapPath(path: string): NormalGapPath {
  let normal = normalizedGapPaths.get(path);
  if (normal === undefined) {
    const normalPath = path.replace(/\[\d*\]/g, '').replace(/^\.+|\.+$/g, '').replace(/\.\.+/g, '.');
    normal = { path: normalPath, keys: normalPath.split('.') };
    // every rule of a resource's kind asks again for the same gap paths; bounded, since paths may name list indexes
    if (normalizedGapPaths.size >= 10_000) normalizedGapPaths.clear();
    normalizedGapPaths.set(path, normal);
  }
  return normal;
}
const normalizedGapPaths = new Map<string, NormalGapPath>();

export function overlaps(a: string, b: string): boolean {
  return a === b || below(a, b) || below(b, a);
}

const atOrAbove = (gap: string, path: string) => gap === path || below(path, gap);

/** `path` starts with `above` + '.' (without making that string: called per gap, read and rule) */
const below = (path: string, above: string) => path.length > above.length && path.charCodeAt(above.length) === 46 && path.startsWith(above);

export interface GapsRead {
  /** the gaps the outcome may depend on */
  gaps: Gap[];
  /** a has() test reads a gapped field: the outcome is unknown without evaluating */
  presenceUnknown: boolean;
  /** the paths to remove from the resource before evaluating */
  remove: string[];
}

/**
 * The gaps that the reads depend on. `resource` (the resource or its CEL value) is read only to find placeholders:
 * a gap below an absent, null or scalar field makes that field unknown, so has() on it is unknown too. The resource
 * and its CEL copy give the same answer: numbers are scalars in both, an undefined member is a non-object in one and
 * absent in the other (the same depth either way), and the copy keeps every top-level field a condition reads.
 */
const NO_GAPS: GapsRead = Object.freeze({ gaps: Object.freeze([]) as unknown as Gap[], presenceUnknown: false, remove: Object.freeze([]) as unknown as string[] });

export function gapsRead(gaps: readonly Gap[], reads: readonly FieldRead[], resource: unknown): GapsRead {
  if (gaps.length === 0) return NO_GAPS;
  // made on the first gap that bears on the reads: most gaps of a resource bear on none of a rule's reads
  let hit: Gap[] | undefined;
  let remove: Set<string> | undefined;
  const presence = presenceReads(reads);
  let presenceUnknown = false;
  for (let g = 0; g < gaps.length; g++) {
    const gap = gaps[g];
    const path = normalizeGapPath(gap.path);
    let removed: string[] | undefined;
    for (let r = 0; r < reads.length; r++) {
      const read = reads[r];
      if (read.use === 'presence' || !overlaps(path, read.path)) continue;
      (removed ??= []).push(read.use === 'value' && !atOrAbove(path, read.path) ? read.path : path);
    }
    if (removed === undefined && !overlapsAny(presence, path)) continue;
    const presenceHit = presenceUnknownBy(resource, presence, path, removed);
    if (removed === undefined && !presenceHit) continue;
    (hit ??= []).push(gap);
    presenceUnknown ||= presenceHit;
    for (const p of removed ?? []) (remove ??= new Set()).add(p);
  }
  return hit === undefined ? NO_GAPS : { gaps: hit, presenceUnknown, remove: remove ? [...remove] : [] };
}

/**
 * Whether a has() test reads a field the gap makes unknown: its own, or a placeholder above it (or above one of the
 * fields removed for it). Apart from gapsRead, whose calls would otherwise each allocate a context for the closures.
 */
function presenceUnknownBy(resource: unknown, presence: readonly FieldRead[], path: string, removed: readonly string[] | undefined): boolean {
  // without has() reads no placeholder matters: most rules (and gapped resources) end here, with nothing allocated
  if (presence.length === 0) return false;
  if (presenceReadsAt(presence, placeholderPath(resource, path))) return true;
  for (let i = 0; removed !== undefined && i < removed.length; i++) if (presenceReadsAt(presence, placeholderPath(resource, removed[i]))) return true;
  return false;
}

function presenceReadsAt(presence: readonly FieldRead[], unknownAt: string): boolean {
  for (let r = 0; r < presence.length; r++) if (atOrAbove(unknownAt, presence[r].path)) return true;
  return false;
}

function overlapsAny(reads: readonly FieldRead[], path: string): boolean {
  for (let r = 0; r < reads.length; r++) if (overlaps(path, reads[r].path)) return true;
  return false;
}

/** The has() reads among a rule's reads, found once per reads list. */
function presenceReads(reads: readonly FieldRead[]): readonly FieldRead[] {
  let presence = presenceByReads.get(reads);
  if (!presence) presenceByReads.set(reads, (presence = reads.filter((r) => r.use === 'presence')));
  return presence;
}
const presenceByReads = new WeakMap<readonly FieldRead[], readonly FieldRead[]>();

/**
 * Where a gap takes effect in a value: its own path, or the first field on the way that is absent, null or a scalar
 * (that field is then a placeholder whose real value is unknown). Through a list, the shallowest over its elements.
 */
export function placeholderPath(value: unknown, path: string): string {
  const normal = normalGapPath(path);
  const depth = placeholderDepth(value, normal.keys, 0);
  return depth === normal.keys.length ? normal.path : normal.keys.slice(0, depth).join('.');
}

function placeholderDepth(container: unknown, keys: readonly string[], depth: number): number {
  if (depth >= keys.length) return keys.length;
  if (Array.isArray(container)) {
    // a loop, not reduce: a closure over the parameters would cost a context on every call, lists or not
    let min = keys.length;
    for (let i = 0; i < container.length; i++) min = Math.min(min, placeholderDepth(container[i], keys, depth));
    return min;
  }
  if (container === null || typeof container !== 'object') return depth;
  const key = keys[depth];
  if (!Object.hasOwn(container, key)) return depth + 1;
  return placeholderDepth((container as Record<string, unknown>)[key], keys, depth + 1);
}

/** A copy of a (CEL) value with the fields at the given paths removed; arrays on the way apply to every element. */
export function withoutPaths(value: unknown, paths: readonly string[]): unknown {
  let out = value;
  for (const p of paths) out = removeAt(out, normalGapPath(p).keys, 0);
  return out;
}

/** `value` without the field at keys[from...]: a copy of each object on the way, the value itself when it has no such field. */
function removeAt(value: unknown, keys: readonly string[], from: number): unknown {
  if (Array.isArray(value)) return value.map((v) => removeAt(v, keys, from));
  if (value === null || typeof value !== 'object' || from === keys.length) return value;
  const head = keys[from];
  if (!Object.hasOwn(value, head)) return value;
  const record = value as Record<string, unknown>;
  const child = record[head];
  // a gap below a null or scalar placeholder makes the placeholder itself unknown
  const drop = from === keys.length - 1 || child === null || typeof child !== 'object';
  // the copy is built without the field instead of deleting it from a spread copy: a delete turns the copy into a
  // dictionary, and at 10^5 resources these copies were 4.4 MiB of the rules stage's 50.6 MiB sampled allocation
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (key !== head) setOwn(copy, key, record[key]);
    else if (!drop) setOwn(copy, key, removeAt(child, keys, from + 1));
  }
  return copy;
}

/** `record[key] = value` as a spread sets it: an own member even for the key `__proto__` (JSON can have one). */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}
