/** Builds an object literal: each key read from `source`, or from `fields` for the keys named as fields. */
export type LiteralBuilder = (source: Readonly<Record<string, unknown>>, fields?: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/**
 * Compiles a function that returns `{ k1: source.k1, k2: fields.k2, ... }` for these keys, in this order. V8 stores
 * every property of such a literal inside the object, exact-size, while an object filled key by key from `{}` (as
 * zod does) or spread from a large object plus an added key gets a separate, over-allocated property store, several
 * times larger. Returns undefined when a literal cannot copy the keys (a `__proto__` key would set the prototype) or
 * when code generation from strings is switched off (--disallow-code-generation-from-strings); callers then copy
 * as they would without it.
 */
export function compileLiteral(keys: readonly string[], fromFields: ReadonlySet<string> = new Set()): LiteralBuilder | undefined {
  if (keys.includes('__proto__')) return undefined;
  // JSON.stringify quotes any key as a valid JavaScript string literal, so no key can inject code
  const members = keys.map((k) => `${JSON.stringify(k)}: ${fromFields.has(k) ? 'fields' : 'source'}[${JSON.stringify(k)}]`);
  try {
    return new Function('source', 'fields', `return { ${members.join(', ')} };`) as LiteralBuilder;
  } catch {
    return undefined;
  }
}
