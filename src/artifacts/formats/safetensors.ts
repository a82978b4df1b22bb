// safetensors: u64 header length, JSON header {name: {dtype, shape, data_offsets}, __metadata__?: {str: str}}, then tensor bytes.
const DTYPE_SIZES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, F8_E8M0: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8, C64: 8,
  F4: 0.5, F6_E2M3: 0.75, F6_E3M2: 0.75,
};

export interface SafetensorsFinding {
  kind: 'suspicious' | 'error';
  message: string;
  offset?: number;
}

export interface SafetensorsCheck {
  headerLength: number;
  tensors: number;
  findings: SafetensorsFinding[];
}

export function safetensorsHeaderLength(head: Buffer): number | undefined {
  if (head.length < 8) return undefined;
  const n = head.readBigUInt64LE(0);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(n);
}

/** Validates the header against the file size: known dtypes, shapes, contiguous in-bounds offsets, string metadata, no trailing data. */
export function checkSafetensorsHeader(headerBytes: Buffer, headerLength: number, fileSize: number): SafetensorsCheck {
  const findings: SafetensorsFinding[] = [];
  const out = { headerLength, tensors: 0, findings };
  let header: unknown;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch (e) {
    findings.push({ kind: 'error', offset: 8, message: `header is not valid JSON: ${(e as Error).message}` });
    return out;
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    findings.push({ kind: 'error', offset: 8, message: 'header is not a JSON object' });
    return out;
  }
  const dataLength = fileSize - 8 - headerLength;
  const spans: [number, number, string][] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) findings.push({ kind: 'suspicious', message: '__metadata__ is not an object of strings' });
      else for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') findings.push({ kind: 'suspicious', message: `__metadata__.${k} is a ${Array.isArray(v) ? 'array' : typeof v}, not a string (non-tensor content)` });
      continue;
    }
    const t = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const keys = value && typeof value === 'object' ? Object.keys(value) : [];
    if (!value || typeof value !== 'object' || Array.isArray(value) || keys.some((k) => !['dtype', 'shape', 'data_offsets'].includes(k))) {
      findings.push({ kind: 'suspicious', message: `entry ${JSON.stringify(name)} is not a tensor description (non-tensor content)` });
      continue;
    }
    const size = typeof t.dtype === 'string' ? DTYPE_SIZES[t.dtype] : undefined;
    if (size === undefined) {
      findings.push({ kind: 'suspicious', message: `tensor ${JSON.stringify(name)} has unknown dtype ${JSON.stringify(t.dtype)}` });
      continue;
    }
    if (!Array.isArray(t.shape) || t.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      findings.push({ kind: 'error', message: `tensor ${JSON.stringify(name)} has an invalid shape` });
      continue;
    }
    const off = t.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && d >= 0) || off[1] < off[0]) {
      findings.push({ kind: 'error', message: `tensor ${JSON.stringify(name)} has invalid data_offsets` });
      continue;
    }
    const expected = Math.ceil((t.shape as number[]).reduce((a, b) => a * b, 1) * size);
    if (off[1] - off[0] !== expected) findings.push({ kind: 'error', message: `tensor ${JSON.stringify(name)} spans ${off[1] - off[0]} bytes but its dtype and shape need ${expected}` });
    if (off[1] > dataLength) findings.push({ kind: 'error', message: `tensor ${JSON.stringify(name)} ends at ${off[1]}, beyond the ${dataLength} data bytes` });
    spans.push([off[0], off[1], name]);
    out.tensors++;
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cursor = 0;
  for (const [s, e, name] of spans) {
    if (s > cursor) findings.push({ kind: 'suspicious', offset: 8 + headerLength + cursor, message: `${s - cursor} unreferenced bytes before tensor ${JSON.stringify(name)} (non-tensor content)` });
    if (s < cursor) findings.push({ kind: 'error', offset: 8 + headerLength + s, message: `tensor ${JSON.stringify(name)} overlaps the previous tensor` });
    cursor = Math.max(cursor, e);
  }
  if (cursor < dataLength) findings.push({ kind: 'suspicious', offset: 8 + headerLength + cursor, message: `${dataLength - cursor} trailing bytes after the last tensor (non-tensor content)` });
  return out;
}
