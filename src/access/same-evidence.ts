import type { AccessEvidence } from '../model/index.js';

/**
 * Whether two evidence entries would serialize to the same JSON (the equality the access output is deduplicated by),
 * without serializing them: the same object, or the same keys in the same order with equal primitive values.
 * Anything else (nested values, undefined or non-finite numbers) falls back to comparing the JSON text.
 */
export function sameEvidence(a: AccessEvidence, b: AccessEvidence): boolean {
  if (a === b) return true;
  // different details: different JSON (the common case, decided without listing keys)
  if (typeof a.detail === 'string' && typeof b.detail === 'string' && a.detail !== b.detail) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length === ky.length) {
    let plain = true;
    for (let i = 0; i < kx.length && plain; i++) {
      const u = x[kx[i]];
      const v = y[ky[i]];
      plain = isPlainValue(u) && isPlainValue(v);
      if (plain && (kx[i] !== ky[i] || u !== v)) return false;
    }
    if (plain) return true;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

const isPlainValue = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Whether the list holds an entry the same as `e` (by `sameEvidence`). */
export function includesEvidence(list: readonly AccessEvidence[], e: AccessEvidence): boolean {
  for (let i = 0; i < list.length; i++) if (sameEvidence(list[i], e)) return true;
  return false;
}

/** Appends each item not already in the list (by `sameEvidence`). */
export function pushUniqueEvidence(list: AccessEvidence[], items: readonly AccessEvidence[]): void {
  for (let i = 0; i < items.length; i++) if (!includesEvidence(list, items[i])) list.push(items[i]);
}
