/** Two object prefixes can name the same objects when one is a prefix of the other; no prefix means the whole bucket. */
export function prefixesOverlap(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return a.startsWith(b) || b.startsWith(a);
}

/** The narrower of two overlapping prefixes (the objects both name). */
export function narrowerPrefix(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b || undefined;
  if (!b) return a;
  return a.length >= b.length ? a : b;
}
