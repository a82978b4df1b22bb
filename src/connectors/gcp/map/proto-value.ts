/**
 * google.protobuf.Value / Struct as decoded by google-gax over gRPC ({structValue:{fields:…}}, {kind:'stringValue', …})
 * to plain JSON. Values that are already plain (REST transport, or a test fixture) pass through unchanged.
 */
export function plainValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plainValue);
  const o = v as Record<string, unknown>;
  const kind = typeof o.kind === 'string' && o.kind in o ? o.kind : VALUE_KEYS.find((k) => k in o && Object.keys(o).every((x) => x === k || x === 'kind'));
  if (kind) {
    const inner = o[kind];
    switch (kind) {
      case 'structValue':
        return structToPlain(inner);
      case 'listValue':
        return ((inner as { values?: unknown[] })?.values ?? []).map(plainValue);
      case 'nullValue':
        return null;
      default:
        return inner;
    }
  }
  if ('fields' in o && Object.keys(o).length === 1 && typeof o.fields === 'object') return structToPlain(o);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) out[k] = plainValue(val);
  return out;
}

const VALUE_KEYS = ['structValue', 'listValue', 'stringValue', 'numberValue', 'boolValue', 'nullValue'] as const;

function structToPlain(s: unknown): Record<string, unknown> {
  const fields = (s as { fields?: Record<string, unknown> } | undefined)?.fields ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(fields)) out[k] = plainValue(val);
  return out;
}

export const asString = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
export const asObject = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
export const labelsOf = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(asObject(v)).filter(([, x]) => typeof x === 'string')) as Record<string, string>;

/** gs:// URIs mentioned in strings (worker args, env values, package URIs); /gcs/BUCKET/… Cloud Storage FUSE paths become gs://BUCKET/…. */
export function gcsUrisIn(values: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string') continue;
    for (const m of v.matchAll(/gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](?:\/[^\s"',;]*)?/g)) out.add(m[0]);
    for (const m of v.matchAll(/(?:^|[=\s"'])\/gcs\/([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])(\/[^\s"',;]*)?/g)) out.add(`gs://${m[1]}${m[2] ?? '/'}`);
  }
  return [...out].sort();
}
