// Static pickle analysis: walks opcodes and simulates the stack and memo just enough to resolve the globals a pickle
// imports and calls. It never unpickles, never imports, and never copies large payloads (they are skipped by length).
// Input can be fed in chunks; every pickle in the stream is scanned until the end of the data.
import { HIGHEST_PROTOCOL, OPCODE_BY_CODE } from './opcodes.js';
import { BlobV, CallV, DictV, GlobalV, ListV, OpaqueV, TupleV, describeValue, dictGet, rootGlobal, type PickleGlobal, type Value } from './values.js';
import { joblibArrayLayout, LEGACY_TORCH_MAGIC, storageElementSize } from './layouts.js';

export interface PickleLimits {
  maxStack: number;
  maxMarks: number;
  maxMemo: number;
  maxLine: number;
  maxGlobals: number;
  maxPickles: number;
  maxNested: number;
  /** strings longer than this are skipped, not decoded (module and attribute names are far shorter) */
  maxDecodedString: number;
  /** Date.now() value after which the walk stops with an error; checked every few thousand opcodes */
  deadline?: number;
}

export const DEFAULT_PICKLE_LIMITS: PickleLimits = {
  maxStack: 1_000_000,
  maxMarks: 100_000,
  maxMemo: 2_000_000,
  maxLine: 65_536,
  maxGlobals: 10_000,
  maxPickles: 100_000,
  maxNested: 4,
  maxDecodedString: 1024,
};

export interface PickleError {
  reason: string;
  offset: number;
}

export interface PickleReport {
  globals: PickleGlobal[];
  /** complete pickles seen (a pickle ends at STOP) */
  pickles: number;
  protocols: number[];
  bytesScanned: number;
  error?: PickleError;
  /** legacy (pre-1.6) torch.save file: magic number pickle first, storages after the fifth pickle */
  legacyTorch: boolean;
  /** raw array payloads skipped after joblib NumpyArrayWrapper objects */
  joblibArrays: number;
  notes: string[];
}

class WalkError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

const NEED_MORE = -1;
const FLOAT = new OpaqueV('float');
const DENSE_MEMO = 1 << 20;

interface SavedFrame {
  stack: Value[];
  marks: number[];
  memo: Map<number, Value>;
  memoDense: (Value | undefined)[];
  memoSize: number;
}

type PendingAction =
  | { kind: 'skip'; bytes: number; what: string }
  | { kind: 'joblib-pad'; thenSkip: number }
  | { kind: 'nested-pickle' }
  | { kind: 'legacy-storage'; key: string; elementSize: number };

export class PickleWalker {
  private readonly limits: PickleLimits;
  private stack: Value[] = [];
  private marks: number[] = [];
  private memo = new Map<number, Value>();
  /** memo entries with index < DENSE_MEMO live here (much faster than the Map); memoSize counts both */
  private memoDense: (Value | undefined)[] = [];
  private memoSize = 0;
  private frames: SavedFrame[] = [];
  private readonly globals = new Map<string, PickleGlobal>();
  private readonly globalList: PickleGlobal[] = [];
  private readonly protocols = new Set<number>();
  private readonly notes: string[] = [];
  private readonly legacyStorages = new Map<string, number>();
  private pending: PendingAction[] = [];
  private skipRemaining = 0;
  private skipWhat = '';
  private tail: Buffer | null = null;
  /** absolute offset of the first byte of the next chunk */
  private consumed = 0;
  private inPickle = false;
  private pickleIndex = 0;
  private legacyTorch = false;
  private joblibArrays = 0;
  private opsSinceClock = 0;
  private error: PickleError | undefined;

  constructor(
    private readonly baseOffset = 0,
    limits: Partial<PickleLimits> = {},
  ) {
    this.limits = { ...DEFAULT_PICKLE_LIMITS, ...limits };
  }

  get failed(): boolean {
    return this.error !== undefined;
  }

  /** Feeds the next chunk of the stream. After an error further input is ignored. */
  feed(chunk: Uint8Array): void {
    if (this.error) return;
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.tail) {
      buf = Buffer.concat([this.tail, buf]);
      this.tail = null;
    }
    const start = this.consumed - (buf.length - chunk.byteLength);
    const used = this.walk(buf, start, false);
    if (used < buf.length && !this.error) this.tail = Buffer.from(buf.subarray(used));
    this.consumed += chunk.byteLength;
  }

  /** Ends the stream and returns the report. */
  end(): PickleReport {
    if (!this.error && this.tail) {
      const buf = this.tail;
      this.tail = null;
      this.walk(buf, this.consumed - buf.length, true);
    }
    if (!this.error) {
      if (this.skipRemaining > 0) this.fail(`data ends ${this.skipRemaining} bytes before the end of ${this.skipWhat}`, this.consumed);
      else if (this.pending.length > 0) this.fail(`data ends before ${this.pending[0].kind === 'legacy-storage' ? 'the legacy torch storage records' : 'the joblib array payload'}`, this.consumed);
      else if (this.inPickle) this.fail('pickle truncated: data ends before the STOP opcode', this.consumed);
      else if (this.pickleIndex === 0) this.fail('no pickle data', this.consumed);
    }
    return {
      globals: this.globalList,
      pickles: this.pickleIndex,
      protocols: [...this.protocols].sort(),
      bytesScanned: this.consumed,
      error: this.error,
      legacyTorch: this.legacyTorch,
      joblibArrays: this.joblibArrays,
      notes: this.notes,
    };
  }

  private fail(reason: string, relOffset: number): void {
    this.error ??= { reason, offset: this.baseOffset + relOffset };
  }

  /** Walks buf (whose first byte is at stream offset `start`); returns how many bytes were used. */
  private walk(buf: Buffer, start: number, final: boolean): number {
    let pos = 0;
    try {
      for (;;) {
        if (this.skipRemaining > 0) {
          const n = Math.min(this.skipRemaining, buf.length - pos);
          pos += n;
          this.skipRemaining -= n;
          if (this.skipRemaining > 0) return pos;
        }
        if (this.pending.length > 0) {
          const r = this.runPending(buf, pos, start, final);
          if (r === NEED_MORE) return pos;
          pos = r;
          continue;
        }
        if (pos >= buf.length) return pos;
        const r = this.step(buf, pos, start, final);
        if (r === NEED_MORE) {
          if (final) throw new WalkError(`truncated ${OPCODE_BY_CODE[buf[pos]]?.name ?? 'opcode'} argument: data ends early`, start + pos);
          return pos;
        }
        pos = r;
      }
    } catch (e) {
      if (e instanceof WalkError) this.fail(e.reason, e.offset);
      else this.fail(`internal walker error: ${(e as Error).message}`, start + pos);
      return buf.length;
    }
  }

  private runPending(buf: Buffer, pos: number, start: number, _final: boolean): number {
    const action = this.pending[0];
    if (action.kind === 'skip') {
      this.pending.shift();
      this.skipRemaining = action.bytes;
      this.skipWhat = action.what;
      return pos;
    }
    if (action.kind === 'joblib-pad') {
      if (pos >= buf.length) return NEED_MORE;
      this.pending.shift();
      const pad = buf[pos];
      this.pending.unshift({ kind: 'skip', bytes: pad + action.thenSkip, what: 'a joblib array payload' });
      return pos + 1;
    }
    if (action.kind === 'nested-pickle') {
      this.pending.shift();
      if (this.frames.length >= this.limits.maxNested) throw new WalkError(`more than ${this.limits.maxNested} nested pickles`, start + pos);
      this.frames.push({ stack: this.stack, marks: this.marks, memo: this.memo, memoDense: this.memoDense, memoSize: this.memoSize });
      this.stack = [];
      this.marks = [];
      this.resetMemo();
      return pos;
    }
    // legacy torch storage record: int64 element count, then count * element size bytes
    if (buf.length - pos < 8) return NEED_MORE;
    this.pending.shift();
    const lo = buf.readUInt32LE(pos);
    const hi = buf.readInt32LE(pos + 4);
    if (hi < 0 || hi > 0x1fffff) throw new WalkError(`legacy torch storage ${action.key}: invalid element count`, start + pos);
    const numel = hi * 0x100000000 + lo;
    this.pending.unshift({ kind: 'skip', bytes: numel * action.elementSize, what: `legacy torch storage ${action.key}` });
    return pos + 8;
  }

  private push(v: Value, offset: number): void {
    if (this.stack.length >= this.limits.maxStack) throw new WalkError(`stack exceeds ${this.limits.maxStack} entries`, offset);
    this.stack.push(v);
  }

  private pop(opName: string, offset: number): Value {
    if (this.stack.length === 0 || (this.marks.length > 0 && this.stack.length <= this.marks[this.marks.length - 1])) {
      throw new WalkError(`${opName}: stack underflow`, offset);
    }
    return this.stack.pop() as Value;
  }

  private top(opName: string, offset: number): Value {
    if (this.stack.length === 0 || (this.marks.length > 0 && this.stack.length <= this.marks[this.marks.length - 1])) {
      throw new WalkError(`${opName}: stack underflow`, offset);
    }
    return this.stack[this.stack.length - 1];
  }

  private popMark(opName: string, offset: number): Value[] {
    const m = this.marks.pop();
    if (m === undefined) throw new WalkError(`${opName}: no MARK on the stack`, offset);
    return this.stack.splice(m);
  }

  private recordGlobal(module: string, name: string, opcode: PickleGlobal['opcode'], offset: number, unresolved?: string): PickleGlobal {
    const key = unresolved ? `\u0000${offset}` : `${module}\u0000${name}`;
    let g = this.globals.get(key);
    if (g) {
      g.occurrences++;
      return g;
    }
    if (this.globalList.length >= this.limits.maxGlobals) throw new WalkError(`more than ${this.limits.maxGlobals} distinct globals`, offset);
    g = { module, name, offset, opcode, pickleIndex: this.pickleIndex, occurrences: 1, calls: [], callCount: 0, ...(unresolved ? { unresolved } : {}) };
    this.globals.set(key, g);
    this.globalList.push(g);
    return g;
  }

  private markCalled(v: Value, opcode: string, offset: number): void {
    const g = rootGlobal(v);
    if (!g) return;
    g.callCount++;
    if (g.calls.length < 8) g.calls.push(v instanceof GlobalV ? { opcode, offset } : { opcode, offset, note: 'applied to the result of a call' });
  }

  private memoPut(idx: number, offset: number, opName: string): void {
    if (!Number.isFinite(idx) || idx < 0) throw new WalkError(`${opName}: invalid memo index`, offset);
    const v = this.top(opName, offset);
    if (idx < DENSE_MEMO) {
      if (this.memoDense[idx] === undefined) {
        if (this.memoSize >= this.limits.maxMemo) throw new WalkError(`memo exceeds ${this.limits.maxMemo} entries`, offset);
        this.memoSize++;
      }
      this.memoDense[idx] = v;
      return;
    }
    if (!this.memo.has(idx)) {
      if (this.memoSize >= this.limits.maxMemo) throw new WalkError(`memo exceeds ${this.limits.maxMemo} entries`, offset);
      this.memoSize++;
    }
    this.memo.set(idx, v);
  }

  private memoGet(idx: number, offset: number, opName: string): void {
    const v = idx < DENSE_MEMO ? this.memoDense[idx] : this.memo.get(idx);
    if (v === undefined) throw new WalkError(`${opName}: memo key ${idx} was never stored`, offset);
    this.push(v, offset);
  }

  private readLine(buf: Buffer, from: number, offset: number, final: boolean): number {
    const limit = Math.min(buf.length, from + this.limits.maxLine);
    const nl = buf.indexOf(10, from);
    if (nl === -1 || nl >= limit) {
      if (buf.length - from >= this.limits.maxLine) throw new WalkError(`line argument longer than ${this.limits.maxLine} bytes`, offset);
      if (final) throw new WalkError('line argument not terminated by a newline', offset);
      return NEED_MORE;
    }
    return nl;
  }

  /** Handles one opcode at buf[pos]; returns the position after it, or NEED_MORE. */
  private step(buf: Buffer, pos: number, start: number, final: boolean): number {
    const code = buf[pos];
    const off = start + pos;
    const avail = buf.length - pos - 1;
    const p = pos + 1;
    if (!this.inPickle) {
      if (this.pickleIndex >= this.limits.maxPickles) throw new WalkError(`more than ${this.limits.maxPickles} pickles in one stream`, off);
      this.inPickle = true;
    }
    if (++this.opsSinceClock >= 8192) {
      this.opsSinceClock = 0;
      if (this.limits.deadline !== undefined && Date.now() > this.limits.deadline) throw new WalkError('scan timeout reached', off);
    }
    switch (code) {
      // ---- protocol and framing
      case 0x80: {
        // PROTO
        if (avail < 1) return NEED_MORE;
        const v = buf[p];
        if (v > HIGHEST_PROTOCOL) throw new WalkError(`unsupported pickle protocol ${v}`, off);
        this.protocols.add(v);
        return p + 1;
      }
      case 0x95: {
        // FRAME: the frame's content is parsed inline as ordinary opcodes
        if (avail < 8) return NEED_MORE;
        return p + 8;
      }
      case 0x2e: {
        // STOP
        const result = this.pop('STOP', off);
        return this.endPickle(result, p, off);
      }
      // ---- integers and floats
      case 0x4a: // BININT
        if (avail < 4) return NEED_MORE;
        this.push(buf.readInt32LE(p), off);
        return p + 4;
      case 0x4b: // BININT1
        if (avail < 1) return NEED_MORE;
        this.push(buf[p], off);
        return p + 1;
      case 0x4d: // BININT2
        if (avail < 2) return NEED_MORE;
        this.push(buf.readUInt16LE(p), off);
        return p + 2;
      case 0x47: // BINFLOAT: the value never matters to the analysis, so it is not decoded (no heap number)
        if (avail < 8) return NEED_MORE;
        this.push(FLOAT, off);
        return p + 8;
      case 0x8a: {
        // LONG1
        if (avail < 1) return NEED_MORE;
        const n = buf[p];
        if (avail < 1 + n) return NEED_MORE;
        this.push(readLong(buf, p + 1, n), off);
        return p + 1 + n;
      }
      case 0x8b: {
        // LONG4
        if (avail < 4) return NEED_MORE;
        const n = buf.readInt32LE(p);
        if (n < 0) throw new WalkError('LONG4: negative byte count', off);
        if (n <= 64) {
          if (avail < 4 + n) return NEED_MORE;
          this.push(readLong(buf, p + 4, n), off);
          return p + 4 + n;
        }
        return this.skipPayload(buf, p + 4, n, new BlobV('bytes', n), 'a LONG4 argument', off);
      }
      case 0x49: // INT
      case 0x4c: // LONG
      case 0x46: {
        // FLOAT
        const nl = this.readLine(buf, p, off, final);
        if (nl === NEED_MORE) return NEED_MORE;
        const text = buf.toString('latin1', p, nl);
        if (code === 0x49 && (text === '00' || text === '01')) this.push(text === '01', off);
        else this.push(Number(code === 0x4c ? text.replace(/L$/, '') : text), off);
        return nl + 1;
      }
      // ---- strings and bytes
      case 0x53: {
        // STRING: a quoted Python 2 string literal
        const nl = this.readLine(buf, p, off, final);
        if (nl === NEED_MORE) return NEED_MORE;
        const raw = buf.toString('latin1', p, nl);
        const q = raw[0];
        if (raw.length < 2 || (q !== "'" && q !== '"') || raw[raw.length - 1] !== q) throw new WalkError('STRING: argument is not a quoted string', off);
        this.push(unescapePython(raw.slice(1, -1)), off);
        return nl + 1;
      }
      case 0x56: {
        // UNICODE: raw-unicode-escape line
        const nl = this.readLine(buf, p, off, final);
        if (nl === NEED_MORE) return NEED_MORE;
        this.push(rawUnicodeEscape(buf.toString('latin1', p, nl)), off);
        return nl + 1;
      }
      case 0x55: // SHORT_BINSTRING
      case 0x43: // SHORT_BINBYTES
      case 0x8c: {
        // SHORT_BINUNICODE
        if (avail < 1) return NEED_MORE;
        const n = buf[p];
        if (avail < 1 + n) return NEED_MORE;
        if (code === 0x43) this.push(new BlobV('bytes', n), off);
        else this.push(code === 0x8c ? (buf as any).utf8Slice(p + 1, p + 1 + n) : (buf as any).latin1Slice(p + 1, p + 1 + n), off);
        return p + 1 + n;
      }
      case 0x54: // BINSTRING (signed length)
      case 0x58: // BINUNICODE
      case 0x42: {
        // BINBYTES
        if (avail < 4) return NEED_MORE;
        const n = code === 0x54 ? buf.readInt32LE(p) : buf.readUInt32LE(p);
        if (n < 0) throw new WalkError('BINSTRING: negative length', off);
        return this.stringOrBytes(buf, p + 4, n, code === 0x42 ? 'bytes' : code === 0x58 ? 'utf8' : 'latin1', off);
      }
      case 0x8d: // BINUNICODE8
      case 0x8e: // BINBYTES8
      case 0x96: {
        // BYTEARRAY8
        if (avail < 8) return NEED_MORE;
        const n = readU64(buf, p, off);
        return this.stringOrBytes(buf, p + 8, n, code === 0x8d ? 'utf8' : 'bytes', off);
      }
      case 0x97: // NEXT_BUFFER
        this.push(new OpaqueV('out-of-band buffer'), off);
        return p;
      case 0x98: // READONLY_BUFFER
        this.top('READONLY_BUFFER', off);
        return p;
      // ---- constants
      case 0x4e: // NONE
        this.push(null, off);
        return p;
      case 0x88: // NEWTRUE
        this.push(true, off);
        return p;
      case 0x89: // NEWFALSE
        this.push(false, off);
        return p;
      // ---- containers
      case 0x5d: // EMPTY_LIST
        this.push(new ListV(), off);
        return p;
      case 0x6c: {
        // LIST
        const l = new ListV();
        l.items = this.popMark('LIST', off);
        this.push(l, off);
        return p;
      }
      case 0x61: {
        // APPEND
        const v = this.pop('APPEND', off);
        this.addToList(this.top('APPEND', off), [v], 'APPEND', off);
        return p;
      }
      case 0x65: {
        // APPENDS
        const m = this.marks.length > 0 ? this.marks[this.marks.length - 1] : -1;
        const target = m > 0 ? this.stack[m - 1] : undefined;
        if ((target instanceof ListV && target.items === null) || target instanceof OpaqueV) {
          this.marks.pop();
          this.stack.length = m;
          return p;
        }
        const items = this.popMark('APPENDS', off);
        this.addToList(this.top('APPENDS', off), items, 'APPENDS', off);
        return p;
      }
      case 0x29: // EMPTY_TUPLE
        this.push(new TupleV([]), off);
        return p;
      case 0x74: // TUPLE
        this.push(new TupleV(this.popMark('TUPLE', off)), off);
        return p;
      case 0x85: // TUPLE1
        this.push(new TupleV([this.pop('TUPLE1', off)]), off);
        return p;
      case 0x86: {
        // TUPLE2
        const b = this.pop('TUPLE2', off);
        const a = this.pop('TUPLE2', off);
        this.push(new TupleV([a, b]), off);
        return p;
      }
      case 0x87: {
        // TUPLE3
        const c = this.pop('TUPLE3', off);
        const b = this.pop('TUPLE3', off);
        const a = this.pop('TUPLE3', off);
        this.push(new TupleV([a, b, c]), off);
        return p;
      }
      case 0x7d: // EMPTY_DICT
        this.push(new DictV(), off);
        return p;
      case 0x64: {
        // DICT
        const items = this.popMark('DICT', off);
        if (items.length % 2 !== 0) throw new WalkError('DICT: odd number of items', off);
        const d = new DictV();
        this.addToDict(d, items, 'DICT', off);
        this.push(d, off);
        return p;
      }
      case 0x73: {
        // SETITEM
        const v = this.pop('SETITEM', off);
        const k = this.pop('SETITEM', off);
        this.addToDict(this.top('SETITEM', off), [k, v], 'SETITEM', off);
        return p;
      }
      case 0x75: {
        // SETITEMS
        const m = this.marks.length > 0 ? this.marks[this.marks.length - 1] : -1;
        const target = m > 0 ? this.stack[m - 1] : undefined;
        if (target instanceof DictV && target.entries === null) {
          if ((this.stack.length - m) % 2 !== 0) throw new WalkError('SETITEMS: odd number of items', off);
          this.marks.pop();
          this.stack.length = m;
          return p;
        }
        const items = this.popMark('SETITEMS', off);
        if (items.length % 2 !== 0) throw new WalkError('SETITEMS: odd number of items', off);
        this.addToDict(this.top('SETITEMS', off), items, 'SETITEMS', off);
        return p;
      }
      case 0x8f: // EMPTY_SET
        this.push(new OpaqueV('set'), off);
        return p;
      case 0x90: {
        // ADDITEMS
        this.popMark('ADDITEMS', off);
        const target = this.top('ADDITEMS', off);
        if (!(target instanceof OpaqueV)) this.markCalled(target, 'ADDITEMS', off);
        return p;
      }
      case 0x91: // FROZENSET
        this.popMark('FROZENSET', off);
        this.push(new OpaqueV('frozenset'), off);
        return p;
      // ---- stack manipulation
      case 0x30: // POP
        if (this.stack.length > 0 && !(this.marks.length > 0 && this.stack.length <= this.marks[this.marks.length - 1])) this.stack.pop();
        else this.popMark('POP', off);
        return p;
      case 0x32: // DUP
        this.push(this.top('DUP', off), off);
        return p;
      case 0x28: // MARK
        if (this.marks.length >= this.limits.maxMarks) throw new WalkError(`MARK nesting exceeds ${this.limits.maxMarks}`, off);
        this.marks.push(this.stack.length);
        return p;
      case 0x31: // POP_MARK
        this.popMark('POP_MARK', off);
        return p;
      // ---- memo
      case 0x67: // GET
      case 0x70: {
        // PUT
        const nl = this.readLine(buf, p, off, final);
        if (nl === NEED_MORE) return NEED_MORE;
        const text = buf.toString('latin1', p, nl);
        if (!/^-?\d+$/.test(text)) throw new WalkError(`${code === 0x67 ? 'GET' : 'PUT'}: memo index ${JSON.stringify(text.slice(0, 20))} is not an integer`, off);
        if (code === 0x67) this.memoGet(Number(text), off, 'GET');
        else this.memoPut(Number(text), off, 'PUT');
        return nl + 1;
      }
      case 0x68: // BINGET
        if (avail < 1) return NEED_MORE;
        this.memoGet(buf[p], off, 'BINGET');
        return p + 1;
      case 0x6a: // LONG_BINGET
        if (avail < 4) return NEED_MORE;
        this.memoGet(buf.readUInt32LE(p), off, 'LONG_BINGET');
        return p + 4;
      case 0x71: // BINPUT
        if (avail < 1) return NEED_MORE;
        this.memoPut(buf[p], off, 'BINPUT');
        return p + 1;
      case 0x72: // LONG_BINPUT
        if (avail < 4) return NEED_MORE;
        this.memoPut(buf.readUInt32LE(p), off, 'LONG_BINPUT');
        return p + 4;
      case 0x94: // MEMOIZE
        this.memoPut(this.memoSize, off, 'MEMOIZE');
        return p;
      // ---- globals and calls
      case 0x63: // GLOBAL
      case 0x69: {
        // INST
        const nl1 = this.readLine(buf, p, off, final);
        if (nl1 === NEED_MORE) return NEED_MORE;
        const nl2 = this.readLine(buf, nl1 + 1, off, final);
        if (nl2 === NEED_MORE) return NEED_MORE;
        const module = buf.toString('utf8', p, nl1);
        const name = buf.toString('utf8', nl1 + 1, nl2);
        if (code === 0x63) {
          this.push(new GlobalV(this.recordGlobal(module, name, 'GLOBAL', off)), off);
        } else {
          const g = new GlobalV(this.recordGlobal(module, name, 'INST', off));
          const args = this.popMark('INST', off);
          this.markCalled(g, 'INST', off);
          this.push(new CallV(g, new TupleV(args)), off);
        }
        return nl2 + 1;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.pop('STACK_GLOBAL', off);
        const module = this.pop('STACK_GLOBAL', off);
        if (typeof module === 'string' && typeof name === 'string') {
          this.push(new GlobalV(this.recordGlobal(module, name, 'STACK_GLOBAL', off)), off);
        } else {
          const why = `STACK_GLOBAL operands are not strings known statically: module is ${describeValue(module)}, name is ${describeValue(name)}`;
          const shown = (v: Value) => (typeof v === 'string' ? v : `<${describeValue(v)}>`);
          this.push(new GlobalV(this.recordGlobal(shown(module), shown(name), 'STACK_GLOBAL', off, why)), off);
        }
        return p;
      }
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: {
        // EXT4
        const width = code === 0x82 ? 1 : code === 0x83 ? 2 : 4;
        if (avail < width) return NEED_MORE;
        const ext = width === 1 ? buf[p] : width === 2 ? buf.readUInt16LE(p) : buf.readInt32LE(p);
        const opName = width === 1 ? 'EXT1' : width === 2 ? 'EXT2' : 'EXT4';
        const why = `${opName} extension code ${ext}: resolved through the copyreg extension registry at load time, which aispm cannot see`;
        this.push(new GlobalV(this.recordGlobal('<extension registry>', `code ${ext}`, opName, off, why)), off);
        return p + width;
      }
      case 0x52: {
        // REDUCE
        const args = this.pop('REDUCE', off);
        const callable = this.pop('REDUCE', off);
        this.markCalled(callable, 'REDUCE', off);
        this.push(new CallV(callable, args), off);
        return p;
      }
      case 0x6f: {
        // OBJ
        const items = this.popMark('OBJ', off);
        if (items.length === 0) throw new WalkError('OBJ: no class on the stack', off);
        this.markCalled(items[0], 'OBJ', off);
        this.push(new CallV(items[0], new TupleV(items.slice(1))), off);
        return p;
      }
      case 0x81: {
        // NEWOBJ
        const args = this.pop('NEWOBJ', off);
        const cls = this.pop('NEWOBJ', off);
        this.markCalled(cls, 'NEWOBJ', off);
        this.push(new CallV(cls, args), off);
        return p;
      }
      case 0x92: {
        // NEWOBJ_EX
        this.pop('NEWOBJ_EX', off);
        const args = this.pop('NEWOBJ_EX', off);
        const cls = this.pop('NEWOBJ_EX', off);
        this.markCalled(cls, 'NEWOBJ_EX', off);
        this.push(new CallV(cls, args), off);
        return p;
      }
      case 0x62: {
        // BUILD: calls the object's __setstate__ (or updates its __dict__)
        const state = this.pop('BUILD', off);
        const target = this.top('BUILD', off);
        this.markCalled(target, 'BUILD', off);
        this.afterBuild(target, state, off);
        return p;
      }
      // ---- persistent ids
      case 0x50: {
        // PERSID
        const nl = this.readLine(buf, p, off, final);
        if (nl === NEED_MORE) return NEED_MORE;
        this.push(new OpaqueV('persistent object'), off);
        return nl + 1;
      }
      case 0x51: {
        // BINPERSID
        const pid = this.pop('BINPERSID', off);
        this.notePersistentId(pid);
        this.push(new OpaqueV('persistent object'), off);
        return p;
      }
      default:
        throw new WalkError(`invalid pickle opcode 0x${code.toString(16).padStart(2, '0')}`, off);
    }
  }

  private stringOrBytes(buf: Buffer, from: number, n: number, enc: 'bytes' | 'utf8' | 'latin1', off: number): number {
    if (enc !== 'bytes' && n <= this.limits.maxDecodedString) {
      if (buf.length - from < n) return NEED_MORE;
      this.push(enc === 'utf8' ? (buf as any).utf8Slice(from, from + n) : (buf as any).latin1Slice(from, from + n), off);
      return from + n;
    }
    return this.skipPayload(buf, from, n, new BlobV(enc === 'bytes' ? 'bytes' : 'string', n), 'a string or bytes argument', off);
  }

  /** Pushes the placeholder for a long argument and skips its bytes without copying (across chunks if needed). */
  private skipPayload(buf: Buffer, from: number, n: number, v: Value, what: string, off: number): number {
    this.push(v, off);
    const have = buf.length - from;
    if (have >= n) return from + n;
    this.skipRemaining = n - have;
    this.skipWhat = what;
    return buf.length;
  }

  private addToList(target: Value, items: Value[], opName: string, off: number): void {
    if (target instanceof ListV) {
      if (target.items !== null) {
        if (target.items.length + items.length > 100_000) target.items = null;
        else for (const v of items) target.items.push(v);
      }
      return;
    }
    if (target instanceof OpaqueV || target instanceof BlobV) return;
    // append/extend on an arbitrary object is a method call on it
    this.markCalled(target, opName, off);
  }

  private addToDict(target: Value, items: Value[], opName: string, off: number): void {
    if (target instanceof DictV) {
      if (target.entries !== null) {
        if (target.entries.length + items.length / 2 > 1000) target.entries = null;
        else for (let i = 0; i + 1 < items.length; i += 2) target.entries.push([items[i], items[i + 1]]);
      }
      return;
    }
    if (target instanceof OpaqueV || target instanceof BlobV) return;
    this.markCalled(target, opName, off);
  }

  private notePersistentId(pid: Value): void {
    // legacy torch: ('storage', storage_type, key, location, numel, ...)
    if (!(pid instanceof TupleV) || pid.items[0] !== 'storage') return;
    const type = pid.items[1];
    const key = pid.items[2];
    if (type instanceof GlobalV && typeof key === 'string') {
      const size = storageElementSize(type.ref.name);
      if (size !== undefined) this.legacyStorages.set(key, size);
    }
  }

  private afterBuild(target: Value, state: Value, off: number): void {
    if (!(target instanceof CallV)) return;
    const g = rootGlobal(target.callee);
    if (!g || g.name !== 'NumpyArrayWrapper' || !g.module.endsWith('numpy_pickle')) return;
    // joblib writes the array bytes right after the BUILD of its NumpyArrayWrapper (outside any frame)
    const layout = joblibArrayLayout(state, dictGet);
    if ('error' in layout) throw new WalkError(`joblib NumpyArrayWrapper: ${layout.error}`, off);
    this.joblibArrays++;
    this.stack[this.stack.length - 1] = new OpaqueV('numpy array');
    if (layout.objectArray) this.pending.push({ kind: 'nested-pickle' });
    else if (layout.aligned) this.pending.push({ kind: 'joblib-pad', thenSkip: layout.bytes });
    else this.pending.push({ kind: 'skip', bytes: layout.bytes, what: 'a joblib array payload' });
  }

  private endPickle(result: Value, next: number, off: number): number {
    if (this.marks.length > 0) this.notes.push(`pickle ${this.pickleIndex} ended at offset ${this.baseOffset + off} with an unclosed MARK`);
    if (this.frames.length > 0) {
      // end of a joblib object-array pickle: resume the outer pickle
      const f = this.frames.pop() as SavedFrame;
      this.stack = f.stack;
      this.marks = f.marks;
      this.memo = f.memo;
      this.memoDense = f.memoDense;
      this.memoSize = f.memoSize;
      this.pickleIndex++;
      return next;
    }
    if (this.pickleIndex === 0 && result === LEGACY_TORCH_MAGIC) this.legacyTorch = true;
    if (this.legacyTorch && this.pickleIndex === 4) this.queueLegacyStorages(result, off);
    this.pickleIndex++;
    this.inPickle = false;
    this.stack = [];
    this.marks = [];
    this.resetMemo();
    return next;
  }

  private resetMemo(): void {
    this.memo = new Map();
    this.memoDense = [];
    this.memoSize = 0;
  }

  private queueLegacyStorages(keys: Value, off: number): void {
    if (!(keys instanceof ListV) || keys.items === null) throw new WalkError('legacy torch file: the fifth pickle is not the list of storage keys', off);
    for (const k of keys.items) {
      if (typeof k !== 'string') throw new WalkError('legacy torch file: a storage key is not a string', off);
      const size = this.legacyStorages.get(k);
      if (size === undefined) throw new WalkError(`legacy torch file: storage ${k} has no known element type`, off);
      this.pending.push({ kind: 'legacy-storage', key: k, elementSize: size });
    }
    this.notes.push(`legacy torch file: ${keys.items.length} storages follow the fifth pickle`);
  }
}

function readU64(buf: Buffer, p: number, off: number): number {
  const lo = buf.readUInt32LE(p);
  const hi = buf.readUInt32LE(p + 4);
  if (hi > 0x1fffff) throw new WalkError('length argument exceeds 2^53 bytes', off);
  return hi * 0x100000000 + lo;
}

/** Little-endian two's complement integer of n bytes (LONG1/LONG4). */
function readLong(buf: Buffer, p: number, n: number): number | bigint {
  if (n === 0) return 0;
  if (n <= 6) return buf.readIntLE(p, n);
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[p + i]);
  if (buf[p + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
  return v;
}

function unescapePython(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e] ?? `\\${e}`;
  });
}

function rawUnicodeEscape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string | undefined, b: string | undefined) => String.fromCodePoint(parseInt(a ?? b ?? '0', 16)));
}
