import type { z } from 'zod';

/** Read-only views of a zod schema's structure, used to check rule field paths and to build example defaults. */
type AnySchema = z.ZodType;

const def = (s: AnySchema): any => (s as any)._zod.def;

/** Strips optional, nullable, default, readonly and similar wrappers. */
export function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else if (d.type === 'lazy') s = d.getter();
    else return s;
  }
}

export function typeName(schema: AnySchema): string {
  return def(unwrap(schema)).type;
}

/** The object branches of a schema (one for an object, several for a union of objects). */
export function objectBranches(schema: AnySchema): AnySchema[] {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'object') return [s];
  if (d.type === 'union') return (d.options as AnySchema[]).flatMap(objectBranches);
  return [];
}

export function shapeOf(schema: AnySchema): Record<string, AnySchema> {
  return def(unwrap(schema)).shape ?? {};
}

/** An object with a catchall (`.loose()`) accepts keys the schema does not list. */
export function acceptsUnknownKeys(schema: AnySchema): boolean {
  const c = def(unwrap(schema)).catchall;
  return c !== undefined && def(c).type !== 'never';
}

/** For a field access `schema.key`: the field's schema(s), or 'dyn' when the schema does not constrain it. */
export function fieldType(schema: AnySchema, key: string): AnySchema[] | 'dyn' | 'missing' {
  const s = unwrap(schema);
  const d = def(s);
  switch (d.type) {
    case 'object': {
      if (Object.hasOwn(d.shape, key)) return [d.shape[key]];
      return acceptsUnknownKeys(s) ? 'dyn' : 'missing';
    }
    case 'record':
      return [d.valueType];
    case 'union': {
      const found = (d.options as AnySchema[]).map((o) => fieldType(o, key));
      if (found.some((f) => f === 'dyn')) return 'dyn';
      const hits = found.filter((f): f is AnySchema[] => Array.isArray(f)).flat();
      return hits.length ? hits : 'missing';
    }
    case 'unknown':
    case 'any':
      return 'dyn';
    default:
      return 'missing';
  }
}

/** Element schema for list iteration, key schema for map iteration, or 'dyn'. */
export function iterationType(schema: AnySchema): AnySchema[] | 'dyn' {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'array') return [d.element];
  if (d.type === 'record') return [d.keyType];
  if (d.type === 'union') {
    const parts = (d.options as AnySchema[]).map(iterationType);
    if (parts.some((p) => p === 'dyn')) return 'dyn';
    return parts.flat() as AnySchema[];
  }
  return 'dyn';
}

/** For `list[i]` or `map[key]`: the element or value schema. */
export function indexType(schema: AnySchema): AnySchema[] | 'dyn' {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'array') return [d.element];
  if (d.type === 'record') return [d.valueType];
  return 'dyn';
}

export function fieldNames(schemas: AnySchema[]): string[] {
  return [...new Set(schemas.flatMap((s) => objectBranches(s).flatMap((b) => Object.keys(shapeOf(b)))))].sort();
}

/**
 * A minimal valid value for a schema: required fields only, first enum member, false, 0, "", [] and {}.
 * Nullable fields get null, optional fields are left out, defaults are applied.
 */
export function minimalValue(schema: AnySchema): unknown {
  const d = def(schema);
  switch (d.type) {
    case 'optional':
      return undefined;
    case 'nullable':
      return null;
    case 'default':
    case 'prefault':
      return typeof d.defaultValue === 'function' ? d.defaultValue() : structuredClone(d.defaultValue);
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return minimalValue(d.innerType);
    case 'pipe':
      return minimalValue(d.in);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape as Record<string, AnySchema>)) {
        const value = minimalValue(v);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case 'string':
      return '';
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'record':
      return {};
    case 'enum':
      return Object.values(d.entries)[0];
    case 'literal':
      return d.values[0];
    case 'union':
      return minimalValue(d.options[0]);
    case 'null':
      return null;
    default:
      return undefined;
  }
}
