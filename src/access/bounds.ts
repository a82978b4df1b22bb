import { ACCESS_FLAGS, type AccessFlag, type Gap } from '../model/index.js';

/**
 * An input the analysis needs but the connector could not read (a gap), or a condition aispm does not evaluate.
 * Every flag is monotone in every input, so the flag's possible values are bounded by evaluating once with every
 * unknown at its least-access value and once with every unknown at its most-access value(s).
 */
export interface UnknownInput<T> {
  /** what is unknown and why, e.g. "bucket policy unknown: AccessDenied: s3:GetBucketPolicy" */
  reason: string;
  least: (input: T) => T;
  /** more than one when no single value maximizes every flag (e.g. a public policy vs a cross-account one under RestrictPublicBuckets) */
  most: ((input: T) => T)[];
  /** `data`: an unread document (shown as absent); `neutralizer`: a setting that can only remove access (shown as off);
   *  `condition`: a condition aispm does not evaluate (shown as written) */
  kind: 'data' | 'neutralizer' | 'condition';
}

export type Flags = Record<AccessFlag, boolean>;

const NO_FLAGS: Readonly<Flags> = Object.freeze(Object.fromEntries(ACCESS_FLAGS.map((f) => [f, false])) as Flags);

export const noFlags = (): Flags => ({ ...NO_FLAGS });

function combos<T>(unknowns: UnknownInput<T>[], base: T): T[] {
  let inputs = [base];
  for (let i = 0; i < unknowns.length; i++) {
    const most = unknowns[i].most;
    const next: T[] = [];
    for (let j = 0; j < inputs.length; j++) for (let k = 0; k < most.length; k++) next.push(most[k](inputs[j]));
    inputs = next;
  }
  return inputs;
}

function orFlags(list: Flags[]): Flags {
  const out = noFlags();
  for (let i = 0; i < list.length; i++) for (let j = 0; j < ACCESS_FLAGS.length; j++) out[ACCESS_FLAGS[j]] ||= list[i][ACCESS_FLAGS[j]];
  return out;
}

export interface Bounded {
  flags: Flags;
  gaps: Gap[];
}

/** The input with every unknown but `skip` at its least-access value. */
function leastInput<T>(actual: T, unknowns: readonly UnknownInput<T>[], skip?: UnknownInput<T>): T {
  let t = actual;
  for (let i = 0; i < unknowns.length; i++) if (unknowns[i] !== skip) t = unknowns[i].least(t);
  return t;
}

/** Flag values that hold whatever the unknown inputs are, and gaps (path `access.<flag>`) for those that depend on them. */
export function boundFlags<T>(actual: T, unknowns: UnknownInput<T>[], evaluate: (input: T) => Flags, gapPrefix = 'access'): Bounded {
  if (unknowns.length === 0) return { flags: evaluate(actual), gaps: [] };
  const min = evaluate(leastInput(actual, unknowns));
  const most = combos(unknowns, actual);
  const max = most.length === 1 ? evaluate(most[0]) : orFlags(most.map(evaluate));
  const gaps: Gap[] = [];
  const flags = noFlags();
  for (let i = 0; i < ACCESS_FLAGS.length; i++) {
    const f = ACCESS_FLAGS[i];
    if (min[f] === max[f]) {
      flags[f] = min[f];
      continue;
    }
    // one unknown: it alone moves the flag between its least and its most value, so it is the reason (and the
    // search below would find just that; skipping it saves about 1 KB of short-lived objects per flag)
    const reason = unknowns.length === 1 ? unknowns[0].reason : reasonsFor(f, actual, unknowns, evaluate, min, max);
    gaps.push({ path: `${gapPrefix}.${f}`, reason });
  }
  return { flags, gaps };
}

/** The reasons of the unknowns a flag's value depends on (all of them if none does on its own), joined. */
export function reasonsFor<T>(f: AccessFlag, actual: T, unknowns: UnknownInput<T>[], evaluate: (input: T) => Flags, min: Flags, max: Flags): string {
  const relevant = unknowns.filter((u) => {
    const others = unknowns.filter((o) => o !== u);
    const raisesFromLeast = u.most.some((m) => evaluate(m(leastInput(actual, unknowns, u)))[f] !== min[f]);
    const lowersFromMost = combos(others, u.least(actual)).every((t) => evaluate(t)[f] !== max[f]);
    return raisesFromLeast || lowersFromMost;
  });
  const reasons = (relevant.length ? relevant : unknowns).map((u) => u.reason);
  return [...new Set(reasons)].join('; ');
}

/** The input as shown in writers/readers and edges: unread documents absent, neutralizers off, conditions as written. */
export function displayInput<T>(actual: T, unknowns: UnknownInput<T>[], neutralizersAtLeast = false): T {
  let t = actual;
  for (let i = 0; i < unknowns.length; i++) {
    const u = unknowns[i];
    if (u.kind === 'data') t = u.least(t);
    else if (u.kind === 'neutralizer') t = neutralizersAtLeast ? u.least(t) : u.most[0](t);
  }
  return t;
}

/** Whether a resource field (or a parent or child of it) is gapped; returns the first matching gap. */
export function gapFor(gaps: readonly Gap[], path: string): Gap | undefined {
  // most resources have no gaps: answered without making the search's closure
  if (gaps.length === 0) return undefined;
  return gaps.find((g) => g.path === path || g.path.startsWith(`${path}.`) || g.path.startsWith(`${path}[`) || path.startsWith(`${g.path}.`));
}

/**
 * Caches a pure function of an input object by the identity of its fields: the bound, displayed and strict inputs are
 * often the same values in different objects (no unknowns, or unknowns that leave them as they are).
 */
export function memoByFields<T extends object, R>(fn: (input: T) => R): (input: T) => R {
  // inputs and results alternate in one list searched by index: a for-of destructuring [input, result] pairs ran the
  // iterator protocol twice per pair (about 0.2 s at 10^6 resources, for about 30,000 bucket analyses), and two lists
  // grew two backing stores per analysis
  const entries: (T | R)[] = [];
  return (input) => {
    for (let i = 0; i < entries.length; i += 2) if (sameFields(entries[i] as T, input)) return entries[i + 1] as R;
    const result = fn(input);
    entries.push(input, result);
    return result;
  };
}

function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    count++;
    if (!Object.hasOwn(y, k) || x[k] !== y[k]) return false;
  }
  for (const k in y) if (Object.hasOwn(y, k)) count--;
  return count === 0;
}

