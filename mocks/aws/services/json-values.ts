// Helpers for serving scenario entries as JSON API responses.

const TIME_KEY = /(Time|Date|Timestamp|At)$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Deep copy with ISO timestamps under *Time/*Date/*Timestamp keys turned into epoch seconds (JSON 1.1 timestamps). */
export function epochTimestamps(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => epochTimestamps(v, key));
  if (value instanceof Date) return value.getTime() / 1000;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, epochTimestamps(v, k)]));
  }
  if (typeof value === 'string' && TIME_KEY.test(key) && ISO.test(value)) return new Date(value).getTime() / 1000;
  return value;
}

/** Deep copy with Date objects (from a YAML loader) as ISO strings (REST-JSON timestamps). */
export function isoTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(isoTimestamps);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isoTimestamps(v)]));
  return value;
}

export function pick(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

export function omit(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}

export function parseJsonBody(body: Buffer): Record<string, any> {
  if (!body.length) return {};
  try {
    const v = JSON.parse(body.toString('utf8'));
    return v !== null && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}
