// A valid PyTorch-style zip (torch.save's format) of an exact size, generated on demand: small members are built once,
// tensor storages are zero runs (CRC computed in O(log n)), and the central directory sits at the end as in real files.
import type { ObjectBody } from './body.js';
import { crc32, crc32OfZeros } from './crc32.js';

const GiB = 2 ** 30;
const U32_MAX = 0xffffffff;

interface Member {
  name: string;
  size: number;
  crc: number;
  /** materialised content; undefined = `size` zero bytes */
  data?: Buffer;
}

/** Pickle protocol 2 of an OrderedDict of FloatStorage-backed tensors, as torch.save writes it (no code execution). */
export function torchStateDictPickle(numels: number[]): Buffer {
  const parts: Buffer[] = [];
  const op = (...bytes: number[]) => parts.push(Buffer.from(bytes));
  const ascii = (s: string) => parts.push(Buffer.from(s, 'latin1'));
  const global = (module: string, name: string) => ascii(`c${module}\n${name}\n`);
  const unicode = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    parts.push(Buffer.from('X'), len, b);
  };
  const binint = (n: number) => {
    const b = Buffer.alloc(5);
    b[0] = 0x4a; // J
    b.writeInt32LE(n, 1);
    parts.push(b);
  };
  op(0x80, 0x02); // PROTO 2
  global('collections', 'OrderedDict');
  op(0x29, 0x52); // EMPTY_TUPLE REDUCE
  op(0x28); // MARK
  numels.forEach((numel, i) => {
    unicode(`layers.${i}.weight`);
    global('torch._utils', '_rebuild_tensor_v2');
    op(0x28, 0x28); // MARK MARK
    unicode('storage');
    global('torch', 'FloatStorage');
    unicode(String(i));
    unicode('cpu');
    binint(numel);
    op(0x74, 0x51); // TUPLE BINPERSID
    op(0x4b, 0x00); // BININT1 0 (storage offset)
    binint(numel);
    op(0x85); // TUPLE1 (size)
    op(0x4b, 0x01, 0x85); // (1,) stride
    op(0x89); // NEWFALSE requires_grad
    global('collections', 'OrderedDict');
    op(0x29, 0x52); // backward hooks
    op(0x74, 0x52); // TUPLE REDUCE
  });
  op(0x75, 0x2e); // SETITEMS STOP
  return Buffer.concat(parts);
}

function localHeader(m: Member, zip64: boolean): Buffer {
  const name = Buffer.from(m.name);
  const extraLen = zip64 ? 20 : 0;
  const h = Buffer.alloc(30 + name.length + extraLen);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(zip64 ? 45 : 20, 4); // version needed
  h.writeUInt16LE(0, 6); // flags
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt16LE(0, 10); // time
  h.writeUInt16LE(0x5a21, 12); // date 2025-01-01
  h.writeUInt32LE(m.crc, 14);
  h.writeUInt32LE(zip64 ? U32_MAX : m.size, 18);
  h.writeUInt32LE(zip64 ? U32_MAX : m.size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(extraLen, 28);
  name.copy(h, 30);
  if (zip64) {
    const e = 30 + name.length;
    h.writeUInt16LE(0x0001, e);
    h.writeUInt16LE(16, e + 2);
    h.writeBigUInt64LE(BigInt(m.size), e + 4);
    h.writeBigUInt64LE(BigInt(m.size), e + 12);
  }
  return h;
}

function centralHeader(m: Member, offset: number, zip64: boolean): Buffer {
  const name = Buffer.from(m.name);
  const extraLen = zip64 ? 28 : 0;
  const h = Buffer.alloc(46 + name.length + extraLen);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(zip64 ? 45 : 20, 4); // made by
  h.writeUInt16LE(zip64 ? 45 : 20, 6); // needed
  h.writeUInt16LE(0, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(0x5a21, 14);
  h.writeUInt32LE(m.crc, 16);
  h.writeUInt32LE(zip64 ? U32_MAX : m.size, 20);
  h.writeUInt32LE(zip64 ? U32_MAX : m.size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt16LE(extraLen, 30);
  // comment len, disk, internal attrs, external attrs = 0
  h.writeUInt32LE(zip64 ? U32_MAX : offset, 42);
  name.copy(h, 46);
  if (zip64) {
    const e = 46 + name.length;
    h.writeUInt16LE(0x0001, e);
    h.writeUInt16LE(24, e + 2);
    h.writeBigUInt64LE(BigInt(m.size), e + 4);
    h.writeBigUInt64LE(BigInt(m.size), e + 12);
    h.writeBigUInt64LE(BigInt(offset), e + 20);
  }
  return h;
}

function endRecords(count: number, cdOffset: number, cdSize: number, zip64: boolean, commentLen: number): Buffer {
  const parts: Buffer[] = [];
  if (zip64) {
    const r = Buffer.alloc(56);
    r.writeUInt32LE(0x06064b50, 0);
    r.writeBigUInt64LE(44n, 4);
    r.writeUInt16LE(45, 12);
    r.writeUInt16LE(45, 14);
    r.writeBigUInt64LE(BigInt(count), 24);
    r.writeBigUInt64LE(BigInt(count), 32);
    r.writeBigUInt64LE(BigInt(cdSize), 40);
    r.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
    loc.writeUInt32LE(1, 16);
    parts.push(r, loc);
  }
  const e = Buffer.alloc(22 + commentLen, 0x20);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt32LE(0, 4);
  e.writeUInt16LE(zip64 ? 0xffff : count, 8);
  e.writeUInt16LE(zip64 ? 0xffff : count, 10);
  e.writeUInt32LE(zip64 ? U32_MAX : cdSize, 12);
  e.writeUInt32LE(zip64 ? U32_MAX : cdOffset, 16);
  e.writeUInt16LE(commentLen, 20);
  parts.push(e);
  return Buffer.concat(parts);
}

interface Segment {
  start: number;
  length: number;
  data?: Buffer;
}

function build(members: Member[], zip64: boolean, commentLen: number): { segments: Segment[]; size: number } {
  const segments: Segment[] = [];
  const central: Buffer[] = [];
  let pos = 0;
  const push = (length: number, data?: Buffer) => {
    segments.push({ start: pos, length, data });
    pos += length;
  };
  for (const m of members) {
    const offset = pos;
    const lh = localHeader(m, zip64);
    push(lh.length, lh);
    push(m.size, m.data);
    central.push(centralHeader(m, offset, zip64));
  }
  const cd = Buffer.concat(central);
  const cdOffset = pos;
  push(cd.length, cd);
  const end = endRecords(members.length, cdOffset, cd.length, zip64, commentLen);
  push(end.length, end);
  return { segments, size: pos };
}

/** Exactly `size` bytes of a loadable torch.save() zip with ceil(size / 1 GiB) (at least 4) zero-filled float tensors. */
export function pytorchZipBody(size: number, archiveName = 'archive'): ObjectBody {
  const k = Math.max(4, Math.ceil(size / GiB));
  const zip64 = size > U32_MAX - 65_536;
  const small = (name: string, text: string): Member => {
    const data = Buffer.from(text);
    return { name: `${archiveName}/${name}`, size: data.length, crc: crc32(data), data };
  };
  const makeMembers = (storageBytes: number[]): Member[] => {
    const pkl = torchStateDictPickle(storageBytes.map((b) => b / 4));
    return [
      { name: `${archiveName}/data.pkl`, size: pkl.length, crc: crc32(pkl), data: pkl },
      small('byteorder', 'little'),
      ...storageBytes.map((b, i) => ({ name: `${archiveName}/data/${i}`, size: b, crc: crc32OfZeros(b) })),
      small('version', '3\n'),
    ];
  };
  // overhead does not depend on storage sizes (int32 fields, fixed-width pickle), so measure it with empty storages
  const overhead = build(makeMembers(new Array(k).fill(0)), zip64, 0).size;
  const payload = size - overhead;
  if (payload < 4 * k) throw new Error(`pytorch-zip needs Size >= ${overhead + 4 * k} bytes, got ${size}`);
  const per = Math.floor(payload / 4 / k) * 4;
  const storages = new Array(k).fill(per);
  const rest = payload - per * k;
  storages[k - 1] += Math.floor(rest / 4) * 4;
  const { segments, size: total } = build(makeMembers(storages), zip64, rest % 4);
  if (total !== size) throw new Error(`pytorch-zip layout error: built ${total} bytes, wanted ${size}`);
  return {
    size,
    read(offset, length) {
      const end = Math.min(size, offset + length);
      const out = Buffer.alloc(Math.max(0, end - offset));
      for (const s of segments) {
        const from = Math.max(offset, s.start);
        const to = Math.min(end, s.start + s.length);
        if (from >= to || !s.data) continue;
        s.data.copy(out, from - offset, from - s.start, to - s.start);
      }
      return out;
    },
  };
}
