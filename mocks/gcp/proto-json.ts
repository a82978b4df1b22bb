// Converts proto3 JSON (what a scenario holds) into the plain-object form protobufjs serialises
// (Timestamps as {seconds, nanos}, google.protobuf.Value as {structValue:{fields}}, ...), checking every field
// against the message type so a misspelt field in a scenario is an error rather than silently dropped.
import protobuf from 'protobufjs';

export class ProtoJsonError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const FLOAT = new Set(['double', 'float']);
const WRAPPERS = new Set(['DoubleValue', 'FloatValue', 'Int64Value', 'UInt64Value', 'Int32Value', 'UInt32Value', 'BoolValue', 'StringValue', 'BytesValue']);

/** Loads a protobufjs JSON bundle (e.g. build/protos/protos.json of a Google client) as a resolvable Root. */
export function loadRoot(json: protobuf.INamespace): protobuf.Root {
  const root = protobuf.Root.fromJSON(json);
  root.resolveAll();
  return root;
}

export function protoJsonToObject(root: protobuf.Root, typeName: string, value: unknown, path = '$'): Record<string, unknown> {
  return convertMessage(root.lookupType(typeName), value, path) as Record<string, unknown>;
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function convertMessage(type: protobuf.Type, value: unknown, path: string): unknown {
  const wellKnown = convertWellKnown(type, value, path);
  if (wellKnown !== undefined) return wellKnown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtoJsonError(path, `expected an object (${type.fullName.slice(1)}), found ${describe(value)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? Object.values(type.fields).find((f) => f.name === key || jsonName(f) === key);
    if (!field) {
      const known = Object.keys(type.fields).slice(0, 12).join(', ');
      throw new ProtoJsonError(`${path}.${key}`, `${type.fullName.slice(1)} has no field ${key} (fields: ${known}${Object.keys(type.fields).length > 12 ? ', ...' : ''})`);
    }
    if (v === null || v === undefined) continue;
    out[field.name] = convertField(field, v, `${path}.${key}`);
  }
  return out;
}

function jsonName(f: protobuf.Field): string {
  return f.name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function convertField(field: protobuf.Field, v: unknown, path: string): unknown {
  field.resolve();
  if (field.map) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtoJsonError(path, `expected a map object, found ${describe(v)}`);
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[k] = convertSingle(field, item, `${path}.${k}`);
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(v)) throw new ProtoJsonError(path, `expected a list, found ${describe(v)}`);
    return v.map((item, i) => convertSingle(field, item, `${path}[${i}]`));
  }
  return convertSingle(field, v, path);
}

function convertSingle(field: protobuf.Field, v: unknown, path: string): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) return convertMessage(rt, v, path);
  if (rt instanceof protobuf.Enum) {
    if (typeof v === 'string' && v in rt.values) return v;
    if (typeof v === 'number' && Object.values(rt.values).includes(v)) return v;
    throw new ProtoJsonError(path, `expected one of ${Object.keys(rt.values).slice(0, 10).join(', ')}${Object.keys(rt.values).length > 10 ? ', ...' : ''} (${rt.fullName.slice(1)}), found ${describe(v)}`);
  }
  const t = field.type;
  if (t === 'string') {
    if (typeof v !== 'string') throw new ProtoJsonError(path, `expected a string, found ${describe(v)}`);
    return v;
  }
  if (t === 'bool') {
    if (typeof v !== 'boolean') throw new ProtoJsonError(path, `expected true or false, found ${describe(v)}`);
    return v;
  }
  if (INT64.has(t)) {
    if ((typeof v === 'string' && /^-?\d+$/.test(v)) || (typeof v === 'number' && Number.isInteger(v))) return String(v);
    throw new ProtoJsonError(path, `expected an integer (int64, as a string or number), found ${describe(v)}`);
  }
  if (INT32.has(t)) {
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
    throw new ProtoJsonError(path, `expected an integer, found ${describe(v)}`);
  }
  if (FLOAT.has(t)) {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && (v === 'NaN' || v === 'Infinity' || v === '-Infinity' || !Number.isNaN(Number(v)))) return Number(v);
    throw new ProtoJsonError(path, `expected a number, found ${describe(v)}`);
  }
  if (t === 'bytes') {
    if (typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) return v;
    throw new ProtoJsonError(path, `expected base64 bytes, found ${describe(v)}`);
  }
  throw new ProtoJsonError(path, `unsupported field type ${t}`);
}

/** Returns the converted value for well-known types, or undefined when `type` is an ordinary message. */
function convertWellKnown(type: protobuf.Type, v: unknown, path: string): unknown {
  const name = type.fullName;
  if (!name.startsWith('.google.protobuf.')) return undefined;
  const short = name.slice('.google.protobuf.'.length);
  if (short === 'Timestamp') return timestamp(v, path);
  if (short === 'Duration') return duration(v, path);
  if (short === 'Struct') {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtoJsonError(path, `expected an object (google.protobuf.Struct), found ${describe(v)}`);
    return structOf(v as Record<string, unknown>);
  }
  if (short === 'Value') return valueOf(v);
  if (short === 'ListValue') {
    if (!Array.isArray(v)) throw new ProtoJsonError(path, `expected a list (google.protobuf.ListValue), found ${describe(v)}`);
    return { values: v.map(valueOf) };
  }
  if (short === 'FieldMask') {
    if (typeof v !== 'string') throw new ProtoJsonError(path, `expected a comma-separated field mask, found ${describe(v)}`);
    return { paths: v.split(',').filter(Boolean) };
  }
  if (short === 'Empty') return {};
  if (WRAPPERS.has(short)) return { value: convertSingle(type.fields.value, v, path) };
  if (short === 'Any') throw new ProtoJsonError(path, 'google.protobuf.Any fields are not supported in scenarios');
  return undefined;
}

function timestamp(v: unknown, path: string): { seconds: string; nanos: number } {
  const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(v) : null;
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(ms)) throw new ProtoJsonError(path, `expected an RFC 3339 timestamp like 2024-05-01T10:00:00Z, found ${describe(v)}`);
  const nanos = m[2] ? Number(m[2].slice(1).padEnd(9, '0')) : 0;
  return { seconds: String(Math.floor(ms / 1000)), nanos };
}

function duration(v: unknown, path: string): { seconds: string; nanos: number } {
  const m = typeof v === 'string' ? /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(v) : null;
  if (!m) throw new ProtoJsonError(path, `expected a duration like "3.5s", found ${describe(v)}`);
  const sign = m[1] === '-' ? -1 : 1;
  return { seconds: `${m[1]}${m[2]}`, nanos: sign * Number((m[3] ?? '').padEnd(9, '0')) };
}

function structOf(o: Record<string, unknown>): { fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) fields[k] = valueOf(v);
  return { fields };
}

function valueOf(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(valueOf) } };
  return { structValue: structOf(v as Record<string, unknown>) };
}
