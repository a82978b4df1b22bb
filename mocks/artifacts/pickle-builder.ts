// Writes pickle opcodes directly (no Python needed), for test fixtures, the demo scenarios and the benchmarks.

export class PickleBuilder {
  private readonly parts: Buffer[] = [];
  private memoCount = 0;

  private op(code: number, ...args: Buffer[]): this {
    this.parts.push(Buffer.from([code]), ...args);
    return this;
  }

  raw(bytes: Buffer | number[] | string): this {
    this.parts.push(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
    return this;
  }

  proto(v: number): this {
    return this.op(0x80, Buffer.from([v]));
  }
  frame(length: number): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(length));
    return this.op(0x95, b);
  }
  stop(): this {
    return this.op(0x2e);
  }
  mark(): this {
    return this.op(0x28);
  }
  // ---- globals
  global(module: string, name: string): this {
    return this.op(0x63, Buffer.from(`${module}\n${name}\n`, 'utf8'));
  }
  inst(module: string, name: string): this {
    return this.op(0x69, Buffer.from(`${module}\n${name}\n`, 'utf8'));
  }
  stackGlobal(): this {
    return this.op(0x93);
  }
  ext1(code: number): this {
    return this.op(0x82, Buffer.from([code]));
  }
  ext2(code: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(code);
    return this.op(0x83, b);
  }
  ext4(code: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(code);
    return this.op(0x84, b);
  }
  // ---- calls
  reduce(): this {
    return this.op(0x52);
  }
  build(): this {
    return this.op(0x62);
  }
  obj(): this {
    return this.op(0x6f);
  }
  newobj(): this {
    return this.op(0x81);
  }
  newobjEx(): this {
    return this.op(0x92);
  }
  persid(id: string): this {
    return this.op(0x50, Buffer.from(`${id}\n`, 'latin1'));
  }
  binpersid(): this {
    return this.op(0x51);
  }
  // ---- strings
  string(s: string): this {
    return this.op(0x53, Buffer.from(`'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'\n`, 'latin1'));
  }
  binstring(s: string): this {
    const b = Buffer.from(s, 'latin1');
    const len = Buffer.alloc(4);
    len.writeInt32LE(b.length);
    return this.op(0x54, len, b);
  }
  shortBinstring(s: string): this {
    const b = Buffer.from(s, 'latin1');
    return this.op(0x55, Buffer.from([b.length]), b);
  }
  unicode(s: string): this {
    return this.op(0x56, Buffer.from(`${s}\n`, 'latin1'));
  }
  shortBinunicode(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.op(0x8c, Buffer.from([b.length]), b);
  }
  binunicode(s: string): this {
    const b = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    return this.op(0x58, len, b);
  }
  binunicode8(s: string): this {
    const b = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(b.length));
    return this.op(0x8d, len, b);
  }
  /** str in the most compact opcode of the protocol family */
  str(s: string): this {
    return Buffer.byteLength(s) < 256 ? this.shortBinunicode(s) : this.binunicode(s);
  }
  shortBinbytes(b: Buffer): this {
    return this.op(0x43, Buffer.from([b.length]), b);
  }
  binbytes(b: Buffer): this {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    return this.op(0x42, len, b);
  }
  binbytes8(b: Buffer): this {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(b.length));
    return this.op(0x8e, len, b);
  }
  bytearray8(b: Buffer): this {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(b.length));
    return this.op(0x96, len, b);
  }
  nextBuffer(): this {
    return this.op(0x97);
  }
  readonlyBuffer(): this {
    return this.op(0x98);
  }
  // ---- numbers and constants
  int(n: number): this {
    if (n >= 0 && n < 256) return this.op(0x4b, Buffer.from([n]));
    if (n >= 0 && n < 65536) {
      const b = Buffer.alloc(2);
      b.writeUInt16LE(n);
      return this.op(0x4d, b);
    }
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return this.op(0x4a, b);
  }
  intText(n: number): this {
    return this.op(0x49, Buffer.from(`${n}\n`));
  }
  longText(n: number | bigint): this {
    return this.op(0x4c, Buffer.from(`${n}L\n`));
  }
  long1(n: bigint): this {
    const bytes: number[] = [];
    let v = n;
    while (v !== 0n && v !== -1n) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
    if (bytes.length === 0 || (n > 0n && bytes[bytes.length - 1] & 0x80)) bytes.push(n < 0n ? 0xff : 0);
    return this.op(0x8a, Buffer.from([bytes.length]), Buffer.from(bytes));
  }
  long4(bytes: Buffer): this {
    const len = Buffer.alloc(4);
    len.writeInt32LE(bytes.length);
    return this.op(0x8b, len, bytes);
  }
  floatText(f: number): this {
    return this.op(0x46, Buffer.from(`${f}\n`));
  }
  binfloat(f: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(f);
    return this.op(0x47, b);
  }
  none(): this {
    return this.op(0x4e);
  }
  bool(v: boolean): this {
    return this.op(v ? 0x88 : 0x89);
  }
  // ---- containers
  emptyList(): this {
    return this.op(0x5d);
  }
  list(): this {
    return this.op(0x6c);
  }
  append(): this {
    return this.op(0x61);
  }
  appends(): this {
    return this.op(0x65);
  }
  emptyTuple(): this {
    return this.op(0x29);
  }
  tuple(): this {
    return this.op(0x74);
  }
  tuple1(): this {
    return this.op(0x85);
  }
  tuple2(): this {
    return this.op(0x86);
  }
  tuple3(): this {
    return this.op(0x87);
  }
  emptyDict(): this {
    return this.op(0x7d);
  }
  dict(): this {
    return this.op(0x64);
  }
  setitem(): this {
    return this.op(0x73);
  }
  setitems(): this {
    return this.op(0x75);
  }
  emptySet(): this {
    return this.op(0x8f);
  }
  additems(): this {
    return this.op(0x90);
  }
  frozenset(): this {
    return this.op(0x91);
  }
  pop(): this {
    return this.op(0x30);
  }
  dup(): this {
    return this.op(0x32);
  }
  popMark(): this {
    return this.op(0x31);
  }
  // ---- memo
  put(i: number): this {
    return this.op(0x70, Buffer.from(`${i}\n`));
  }
  get(i: number): this {
    return this.op(0x67, Buffer.from(`${i}\n`));
  }
  binput(i: number): this {
    return this.op(0x71, Buffer.from([i]));
  }
  binget(i: number): this {
    return this.op(0x68, Buffer.from([i]));
  }
  longBinput(i: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(i);
    return this.op(0x72, b);
  }
  longBinget(i: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(i);
    return this.op(0x6a, b);
  }
  memoize(): this {
    this.memoCount++;
    return this.op(0x94);
  }
  /** STACK_GLOBAL with both operands pushed as strings */
  stackGlobalOf(module: string, name: string): this {
    return this.str(module).str(name).stackGlobal();
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export const pickle = () => new PickleBuilder();

/** `module.name(arg)` as protocol-2 REDUCE, the classic payload shape. */
export function reduceCall(module: string, name: string, arg: string, proto = 2): Buffer {
  return pickle().proto(proto).global(module, name).str(arg).tuple1().reduce().stop().bytes();
}
