// Dispatches one artifact or archive member to the scanner for its format, detected from its bytes.
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { ChunkReader } from './chunk-reader.js';
import type { ScanContext } from './context.js';
import { DETECT_BYTES, detectFormat, type DetectedFormat } from './detect.js';
import { inflateChunks } from './inflate.js';
import { analyzeKerasConfig, findEmbeddedConfigs } from './formats/keras-config.js';
import { parseNpyHeader } from './formats/npy.js';
import { pickleFormat, scanPickleStream } from './formats/pickle.js';
import { checkSafetensorsHeader, safetensorsHeaderLength } from './formats/safetensors.js';
import { entryDataStart, openEntryStream, openZip } from './formats/zip-reader.js';
import { ChunkListSource } from './sources/chunks.js';
import { LocalFileSource } from './sources/local.js';
import { SubrangeSource } from './sources/subrange.js';
import type { ByteSource } from './sources/types.js';
import { memberPath, type ArtifactFormat } from './types.js';

/** File names that promise a model format: an unrecognized member with such a name is an error, not a skip. */
const MODEL_NAME = /\.(pkl|pickle|pt|pth|bin|ckpt|joblib|npy|npz|h5|hdf5|keras|safetensors|dill|sav|model)$/i;

function label(member: string): string {
  return member === '' ? 'artifact' : member;
}

/** Scans a member available through random access (the artifact itself, a stored zip member, a buffered member). */
export async function scanSourceMember(src: ByteSource, size: number, member: string, ctx: ScanContext, depth: number): Promise<ArtifactFormat> {
  const head = await src.read(0, Math.min(size, DETECT_BYTES));
  const format = detectFormat(head, size);
  switch (format) {
    case 'zip':
      ctx.budget.take(head.length);
      return scanZip(src, size, member, ctx, depth);
    case 'hdf5': {
      const window = await src.read(0, Math.min(size, ctx.limits.h5SearchWindow));
      ctx.budget.take(window.length);
      return scanH5Head(window, size, member, ctx);
    }
    case 'safetensors': {
      ctx.budget.take(head.length);
      const n = safetensorsHeaderLength(head) as number;
      const header = await src.read(8, 8 + n);
      ctx.budget.take(header.length);
      recordSafetensors(header, n, size, member, ctx);
      return 'safetensors';
    }
    case 'numpy': {
      ctx.budget.take(head.length);
      let parsed = parseNpyHeader(head);
      if ('need' in parsed) parsed = parseNpyHeader(await src.read(0, Math.min(size, parsed.need)));
      return finishNpy(parsed, size, member, ctx, (from) => new ChunkReader(src.stream(from, size), ctx.budget));
    }
    default: {
      // reuse the head already fetched, then stream the rest
      const rest = async function* () {
        yield head;
        if (head.length < size) yield* src.stream(head.length, size) as AsyncIterable<Buffer>;
      };
      return scanStreamMember(new ChunkReader(rest(), ctx.budget), size, member, ctx, depth);
    }
  }
}

function recordSafetensors(header: Buffer, n: number, size: number, member: string, ctx: ScanContext): void {
  const check = checkSafetensorsHeader(header, n, size);
  for (const f of check.findings) ctx.issue({ kind: f.kind, member, offset: f.offset, message: `safetensors: ${f.message}` });
  ctx.member({ path: label(member), format: 'safetensors', size, status: 'scanned', note: `${check.tensors} tensors, header ${n} bytes` });
}

async function finishNpy(
  parsed: ReturnType<typeof parseNpyHeader>,
  size: number | undefined,
  member: string,
  ctx: ScanContext,
  payload: (from: number) => ChunkReader,
): Promise<ArtifactFormat> {
  if ('need' in parsed) {
    ctx.issue({ kind: 'error', member, offset: 0, message: `.npy header truncated: needs ${parsed.need} bytes` });
    return 'numpy';
  }
  if ('error' in parsed) {
    ctx.issue({ kind: 'error', member, offset: 8, message: parsed.error });
    return 'numpy';
  }
  if (parsed.objectDtype) {
    const report = await scanPickleStream(payload(parsed.dataOffset), member, ctx, parsed.dataOffset);
    ctx.member({ path: label(member), format: 'numpy', size, status: 'scanned', note: `object dtype ${parsed.descr}: payload is a pickle (${report.pickles} pickles)` });
    return 'numpy';
  }
  if (size !== undefined && parsed.dataBytes !== undefined) {
    const expected = parsed.dataOffset + parsed.dataBytes;
    if (size > expected) ctx.issue({ kind: 'suspicious', member, offset: expected, message: `${size - expected} trailing bytes after the array data (numpy ignores them; they can hide a payload)` });
    if (size < expected) ctx.issue({ kind: 'error', member, offset: size, message: `.npy truncated: header promises ${parsed.dataBytes} data bytes, file has ${size - parsed.dataOffset}` });
  }
  ctx.member({ path: label(member), format: 'numpy', size, status: 'scanned', note: `dtype ${parsed.descr}, no pickle` });
  return 'numpy';
}

function scanH5Head(window: Buffer, size: number | undefined, member: string, ctx: ScanContext): ArtifactFormat {
  const configs = findEmbeddedConfigs(window);
  const hasAttr = window.includes('model_config');
  if (configs.length > 0) {
    for (const c of configs) {
      for (const f of analyzeKerasConfig(c.json)) ctx.issue({ kind: f.kind, member, offset: c.offset, subject: f.subject, message: `Keras HDF5 model config: ${f.message}` });
    }
    ctx.member({ path: label(member), format: 'keras-h5', size, status: 'scanned', note: `${configs.length} embedded JSON config(s) found${hasAttr ? ' (model_config attribute)' : ''}` });
    return 'keras-h5';
  }
  if (hasAttr) {
    ctx.issue({ kind: 'partial', member, message: 'HDF5 has a model_config attribute but its JSON value was not found in the search window (variable-length or dense attribute storage is not parsed)' });
  } else if (size !== undefined && size > window.length) {
    ctx.issue({ kind: 'partial', member, message: `HDF5: no model_config attribute in the first ${window.length} bytes; the rest of the file was not searched` });
  }
  ctx.member({ path: label(member), format: 'hdf5', size, status: 'scanned', note: hasAttr ? 'model_config attribute found' : 'no model config (weights only)' });
  return hasAttr ? 'keras-h5' : 'hdf5';
}

/** Scans a member that arrives as a stream (tar members, decompressed data, zip members read in order). */
async function scanStreamMember(reader: ChunkReader, size: number | undefined, member: string, ctx: ScanContext, depth: number): Promise<ArtifactFormat> {
  const head = await reader.peek(DETECT_BYTES);
  const format: DetectedFormat = detectFormat(head, size);
  if (depth > ctx.limits.maxDepth && format !== 'pickle' && format !== 'unknown') {
    ctx.issue({ kind: 'partial', member, message: `nested ${format} deeper than ${ctx.limits.maxDepth} levels was not scanned` });
    await reader.drain();
    return format as ArtifactFormat;
  }
  switch (format) {
    case 'pickle': {
      const report = await scanPickleStream(reader, member, ctx);
      const f = pickleFormat(report);
      ctx.member({ path: label(member), format: f, size, status: 'scanned', note: `${report.pickles} pickle(s), protocols ${report.protocols.join(',') || '0/1'}${report.notes.length ? `; ${report.notes.join('; ')}` : ''}` });
      return f;
    }
    case 'gzip':
    case 'zlib': {
      const inner = new ChunkReader(inflateChunks(reader.chunks(), format, ctx.limits.maxCompressionRatio, ctx.limits.maxBytesPerArtifact), ctx.budget, false);
      const innerFormat = await scanStreamMember(inner, undefined, member, ctx, depth + 1);
      if (format === 'zlib' && innerFormat === 'pickle') return 'joblib';
      return innerFormat === 'tar' ? 'tar' : innerFormat === 'unknown' ? format : innerFormat;
    }
    case 'tar':
      await scanTarStream(reader, member, ctx, depth);
      return 'tar';
    case 'numpy': {
      let parsed = parseNpyHeader(head);
      if ('need' in parsed) parsed = parseNpyHeader(await reader.peek(parsed.need));
      if (!('need' in parsed) && !('error' in parsed) && parsed.objectDtype) {
        const offset = parsed.dataOffset;
        return finishNpy(parsed, size, member, ctx, () => new ChunkReader(skipBytes(reader.chunks(), offset), ctx.budget, false));
      }
      const f = await finishNpy(parsed, size, member, ctx, () => reader);
      await reader.drain();
      return f;
    }
    case 'safetensors': {
      const n = safetensorsHeaderLength(head) as number;
      if (n + 8 > ctx.limits.maxBufferedMember) {
        ctx.issue({ kind: 'partial', member, message: `safetensors header of ${n} bytes exceeds the buffer limit` });
        await reader.drain();
        return 'safetensors';
      }
      const header = (await reader.peek(8 + n)).subarray(8);
      const total = size ?? (await reader.drain());
      recordSafetensors(header, n, total, member, ctx);
      if (size !== undefined) await reader.drain();
      return 'safetensors';
    }
    case 'hdf5': {
      const window = await reader.peek(ctx.limits.h5SearchWindow);
      const f = scanH5Head(window, size, member, ctx);
      await reader.drain();
      return f;
    }
    case 'zip':
      // a zip needs random access (its directory is at the end): small ones are buffered, large ones spooled to disk
      return scanStreamedZip(reader, size, member, ctx, depth);
    default: {
      await reader.cancel();
      if (member === '') {
        ctx.issue({ kind: 'error', member, offset: 0, message: 'unrecognized format: not a pickle, zip, tar, gzip, NumPy, safetensors or HDF5 file' });
      } else if (MODEL_NAME.test(member)) {
        ctx.issue({ kind: 'error', member, offset: 0, message: 'named like a model file but its content is not a recognized model format' });
      }
      ctx.member({ path: label(member), format: 'unknown', size, status: 'skipped', note: 'not a model format' });
      return 'unknown';
    }
  }
}

/**
 * A zip member of a stream: buffered in memory up to maxBufferedMember, otherwise written to a temporary file (up to
 * maxSpooledMember, deleted afterwards) and scanned in place like any zip on disk.
 */
async function scanStreamedZip(reader: ChunkReader, size: number | undefined, member: string, ctx: ScanContext, depth: number): Promise<ArtifactFormat> {
  const it = reader.chunks()[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let n = 0;
  if (size === undefined || size <= ctx.limits.maxBufferedMember) {
    for (;;) {
      const r = await it.next();
      if (r.done) return scanSourceMember(new ChunkListSource(member, head), n, member, ctx, depth);
      head.push(r.value);
      n += r.value.length;
      if (n > ctx.limits.maxBufferedMember) break;
    }
  }
  const max = ctx.limits.maxSpooledMember;
  const tooLarge = async () => {
    ctx.issue({ kind: 'partial', member, message: `zip member inside a stream exceeds the ${max}-byte spool limit; not scanned` });
    await reader.drain();
    return 'zip' as const;
  };
  if ((size ?? n) > max) return tooLarge();
  const dir = await mkdtemp(join(ctx.limits.spoolDir ?? os.tmpdir(), 'aispm-spool-'));
  try {
    const path = join(dir, 'member.zip');
    const fh = await open(path, 'wx', 0o600);
    try {
      for (const chunk of head) await fh.write(chunk);
      head.length = 0;
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        n += r.value.length;
        if (n > max) return await tooLarge();
        await fh.write(r.value);
      }
    } finally {
      await fh.close();
    }
    return await scanSourceMember(new LocalFileSource(path, member), n, member, ctx, depth);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* skipBytes(chunks: AsyncIterable<Buffer>, n: number): AsyncGenerator<Buffer> {
  let left = n;
  for await (const c of chunks) {
    if (left >= c.length) {
      left -= c.length;
      continue;
    }
    yield left > 0 ? c.subarray(left) : c;
    left = 0;
  }
}

/** One streaming pass over a tar: each member is detected and scanned as it goes by. */
async function scanTarStream(reader: ChunkReader, member: string, ctx: ScanContext, depth: number): Promise<void> {
  const extract = tar.extract();
  const input = Readable.from(reader.chunks());
  input.on('error', (e) => extract.destroy(e));
  input.pipe(extract);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const path = memberPath(member, h.name);
      if (h.type !== 'file' && h.type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      const entryReader = new ChunkReader(entry as unknown as AsyncIterable<Buffer>, ctx.budget, false);
      try {
        await scanStreamMember(entryReader, h.size, path, ctx, depth + 1);
      } finally {
        await entryReader.drain().catch(() => 0);
      }
    }
  } finally {
    input.destroy();
  }
}

async function scanZip(src: ByteSource, size: number, member: string, ctx: ScanContext, depth: number): Promise<ArtifactFormat> {
  const { zip, entries, flaggedEncrypted } = await openZip(src, size);
  try {
    const names = entries.map((e) => e.fileName);
    const torch = names.some((n) => /(^|\/)data\.pkl$/.test(n));
    const keras = names.includes('config.json') && (names.includes('metadata.json') || names.includes('model.weights.h5'));
    const files = entries.filter((e) => !e.fileName.endsWith('/'));
    const npz = files.length > 0 && files.every((e) => e.fileName.endsWith('.npy'));
    for (const entry of files) {
      ctx.budget.check();
      const path = memberPath(member, entry.fileName);
      if (torch && /(^|\/)data\/\d+$/.test(entry.fileName)) {
        ctx.member({ path, format: 'unknown', size: entry.uncompressedSize, status: 'skipped', note: 'tensor storage: raw bytes torch never unpickles' });
        continue;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        ctx.issue({ kind: 'partial', member: path, message: `zip compression method ${entry.compressionMethod} is not supported` });
        continue;
      }
      if (entry.uncompressedSize > Math.max(1, entry.compressedSize) * ctx.limits.maxCompressionRatio) {
        ctx.issue({ kind: 'partial', member: path, message: `compression ratio ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1 exceeds ${ctx.limits.maxCompressionRatio}:1 (possible zip bomb); not scanned` });
        continue;
      }
      if (keras && entry.fileName === 'config.json') {
        await scanKerasConfigEntry(zip, entry, path, ctx);
        continue;
      }
      const headRaw = await readAll(await openEntryStream(zip, entry, { decodeFileData: false, start: 0, end: Math.min(entry.compressedSize, DETECT_BYTES) }));
      ctx.budget.take(headRaw.length);
      const head = entry.compressionMethod === 8 ? inflateHead(headRaw, entry.isEncrypted()) : headRaw;
      const format = detectFormat(head, entry.uncompressedSize);
      // the encryption flag alone encrypts nothing: a loader that ignores it (PyTorch's miniz) reads the plain data
      if (flaggedEncrypted(entry) && format === 'unknown') {
        ctx.issue({ kind: 'partial', member: path, message: 'encrypted zip member cannot be scanned' });
        continue;
      }
      if (format === 'unknown') {
        if (MODEL_NAME.test(entry.fileName)) ctx.issue({ kind: 'error', member: path, offset: 0, message: 'named like a model file but its content is not a recognized model format' });
        ctx.member({ path, format: 'unknown', size: entry.uncompressedSize, status: 'skipped', note: 'not a model format' });
        continue;
      }
      if (entry.compressionMethod === 0 && (format === 'zip' || format === 'hdf5' || format === 'safetensors' || format === 'numpy')) {
        const start = await entryDataStart(zip, entry);
        if (depth + 1 > ctx.limits.maxDepth) {
          ctx.issue({ kind: 'partial', member: path, message: `nested ${format} deeper than ${ctx.limits.maxDepth} levels was not scanned` });
          continue;
        }
        await scanSourceMember(new SubrangeSource(src, start, entry.uncompressedSize, path), entry.uncompressedSize, path, ctx, depth + 1);
        continue;
      }
      const reader = new ChunkReader(entry.isEncrypted() ? await openFlaggedEntryStream(zip, entry) : await openEntryStream(zip, entry), ctx.budget);
      try {
        await scanStreamMember(reader, entry.uncompressedSize, path, ctx, depth + 1);
      } finally {
        await reader.cancel();
      }
    }
    if (files.length === 0) ctx.member({ path: label(member), format: 'zip', size, status: 'scanned', note: 'empty archive' });
    return torch ? 'pytorch-zip' : keras ? 'keras' : npz ? 'npz' : 'zip';
  } finally {
    zip.close();
  }
}

/** The head of a deflated member; empty when it does not inflate (data that is really encrypted). */
function inflateHead(raw: Buffer, encrypted: boolean): Buffer {
  try {
    return zlib.inflateRawSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (e) {
    if (encrypted) return Buffer.alloc(0);
    throw e;
  }
}

/** A member flagged encrypted whose data is plain: read raw, inflated here when deflated. */
async function openFlaggedEntryStream(zip: Parameters<typeof openEntryStream>[0], entry: Parameters<typeof openEntryStream>[1]): Promise<Readable> {
  const raw = await openEntryStream(zip, entry, { decodeFileData: false });
  if (entry.compressionMethod !== 8) return raw;
  const inflate = zlib.createInflateRaw();
  raw.on('error', (e) => inflate.destroy(e));
  return raw.pipe(inflate);
}

async function scanKerasConfigEntry(zip: Parameters<typeof openEntryStream>[0], entry: Parameters<typeof openEntryStream>[1], path: string, ctx: ScanContext): Promise<void> {
  if (entry.uncompressedSize > ctx.limits.maxBufferedMember) {
    ctx.issue({ kind: 'partial', member: path, message: 'Keras config.json is larger than the buffer limit; not scanned' });
    return;
  }
  const data = await readAll(await openEntryStream(zip, entry));
  ctx.budget.take(data.length);
  let config: unknown;
  try {
    config = JSON.parse(data.toString('utf8'));
  } catch (e) {
    ctx.issue({ kind: 'error', member: path, offset: 0, message: `Keras config.json is not valid JSON: ${(e as Error).message}` });
    return;
  }
  const findings = analyzeKerasConfig(config);
  for (const f of findings) ctx.issue({ kind: f.kind, member: path, subject: f.subject, message: `Keras config: ${f.message}` });
  ctx.member({ path, format: 'keras', size: entry.uncompressedSize, status: 'scanned', note: `${findings.length} finding(s) in the model config` });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
