import type { z } from 'zod';
import { KINDS, isKind, kindsOfCategory, type Category, type Kind } from '../model/kinds.js';
import { RESOURCE_SCHEMAS, type Resource } from '../model/resource.js';
import { minimalValue } from './zod-introspect.js';

/** A minimal valid resource of a kind, so rule examples only spell out the fields that matter. */
export function defaultResource(kind: Kind): Record<string, unknown> {
  const base = minimalValue(RESOURCE_SCHEMAS[kind]) as Record<string, unknown>;
  const { provider, category } = KINDS[kind];
  return {
    ...base,
    id: provider === 'aws' ? `arn:aws:example:us-east-1:123456789012:${kind}/example` : `projects/example-project/locations/us-central1/${kind}/example`,
    kind,
    category,
    provider,
    account: provider === 'aws' ? '123456789012' : 'example-project',
    region: provider === 'aws' ? 'us-east-1' : 'us-central1',
    name: 'example',
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays, scalars and null replace. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

export type ExampleBuild = { ok: true; resource: Resource } | { ok: false; path: PropertyKey[]; message: string; issues?: z.core.$ZodIssue[] };

/** Builds an example resource for a rule over `target` (a kind, or a category whose example names its kind). */
export function buildExample(target: Kind | Category, partial: Record<string, unknown>): ExampleBuild {
  let kind: Kind;
  if (isKind(target)) {
    if (partial.kind !== undefined && partial.kind !== target) return { ok: false, path: ['kind'], message: `example kind must be ${target}, the rule's kind` };
    kind = target;
  } else {
    const allowed = kindsOfCategory(target);
    const named = partial.kind;
    if (typeof named !== 'string' || !(allowed as string[]).includes(named)) {
      return { ok: false, path: ['kind'], message: `an example of a ${target} rule must name its kind: one of ${allowed.join(', ')}` };
    }
    kind = named as Kind;
  }
  const merged = deepMerge(defaultResource(kind), partial);
  const parsed = RESOURCE_SCHEMAS[kind].safeParse(merged);
  if (!parsed.success) return { ok: false, path: [], message: `example is not a valid ${kind}`, issues: parsed.error.issues };
  return { ok: true, resource: parsed.data as Resource };
}
