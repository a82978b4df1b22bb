// Reads a zip through ranged reads of a ByteSource: small reads (central directory, local headers) go through a
// block cache, large ones (member data) stream the exact range.
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { ByteSource } from '../sources/types.js';

const BLOCK = 64 * 1024;
const DIRECT_THRESHOLD = 256 * 1024;
const MAX_BLOCKS = 64;

const CENTRAL_HEADER = 46;
const ENCRYPTED = 0x1;
const STRONG_ENCRYPTION = 0x40;

class SourceReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Promise<Buffer>>();
  constructor(
    private readonly source: ByteSource,
    private readonly size: number,
  ) {
    super();
  }

  private block(index: number): Promise<Buffer> {
    let b = this.blocks.get(index);
    if (!b) {
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
      b = this.source.read(index * BLOCK, Math.min(this.size, (index + 1) * BLOCK));
      this.blocks.set(index, b);
      b.catch(() => this.blocks.delete(index));
    }
    return b;
  }

  private async cached(start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let i = Math.floor(start / BLOCK); i * BLOCK < end; i++) {
      const b = await this.block(i);
      const s = Math.max(start, i * BLOCK) - i * BLOCK;
      const e = Math.min(end, (i + 1) * BLOCK) - i * BLOCK;
      parts.push(b.subarray(s, e));
    }
    return Buffer.concat(parts);
  }

  /** local header offsets of members whose encryption flags were hidden from yauzl (see unflag) */
  readonly flagged = new Set<number>();

  /**
   * yauzl rejects a whole archive for one member flagged with strong encryption, or flagged encrypted but stored
   * without the 12-byte encryption header. Loaders that ignore the flags (PyTorch's miniz) read such members as plain
   * data, so the flags are hidden from yauzl here and remembered: the scanner decides by the member's content.
   */
  private unflag(header: Buffer): Buffer {
    // a truncated source gives fewer bytes than asked for: yauzl reports that as a malformed archive
    if (header.length < CENTRAL_HEADER || header.readUInt32LE(0) !== 0x02014b50) return header;
    const flags = header.readUInt16LE(8);
    const storedPlain = header.readUInt16LE(10) === 0 && header.readUInt32LE(20) === header.readUInt32LE(24);
    const hide = (flags & STRONG_ENCRYPTION) | (storedPlain ? flags & ENCRYPTED : 0);
    if (hide === 0) return header;
    const copy = Buffer.from(header);
    copy.writeUInt16LE(flags & ~hide, 8);
    this.flagged.add(copy.readUInt32LE(42));
    return copy;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (end - start > DIRECT_THRESHOLD) return this.source.stream(start, end);
    const out = new Readable({ read() {} });
    this.cached(start, end)
      .then((b) => {
        out.push(end - start === CENTRAL_HEADER ? this.unflag(b) : b);
        out.push(null);
      })
      .catch((e: Error) => out.destroy(e));
    return out;
  }
}

export interface OpenZip {
  zip: yauzl.ZipFile;
  entries: yauzl.Entry[];
  /** whether the member carries an encryption flag (including ones hidden from yauzl) */
  flaggedEncrypted(entry: yauzl.Entry): boolean;
}

/** Opens the zip and lists every central-directory entry (bounded). */
export async function openZip(source: ByteSource, size: number, maxEntries = 100_000): Promise<OpenZip> {
  const reader = new SourceReader(source, size);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  if (zip.entryCount > maxEntries) throw new Error(`zip has ${zip.entryCount} entries, more than ${maxEntries}`);
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return { zip, entries, flaggedEncrypted: (e) => e.isEncrypted() || reader.flagged.has(e.relativeOffsetOfLocalHeader) };
}

export function openEntryStream(zip: yauzl.ZipFile, entry: yauzl.Entry, options: yauzl.ZipFileOptions | Record<string, unknown> = {}): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, options as yauzl.ZipFileOptions, (err, s) => (err ? reject(err) : resolve(s))));
}

/** Absolute offset of an entry's data in the archive. */
export function entryDataStart(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<number> {
  return new Promise((resolve, reject) =>
    (zip as any).readLocalFileHeader(entry, { minimal: true }, (err: Error | null, h: { fileDataStart: number }) => (err ? reject(err) : resolve(h.fileDataStart))),
  );
}
