// Static pickle analysis: walks opcodes and simulates the stack and memo just enough to resolve the globals a pickle
// imports and calls. It never unpickles, never imports, and never copies large payloads (they are skipped by length).
// Input can be fed in chunks; every pickle in the stream is scanned until the end of the data.
//
// Speed: one loop with a switch on the opcode byte; the stack is an array with an explicit top index (no splicing);
// scalars are pushed as JS primitives and short strings as LazyString (decoded only when their value is needed;
// tuples keep them undecoded, and before an input buffer is released its strings are copied into an arena);
// a chunk boundary joins only the unfinished opcode with the head of the next chunk, never the whole chunk.
import { HIGHEST_PROTOCOL, OPCODE_BY_CODE } from './opcodes.js';
import { itemValue, LazyString, StringArena } from './lazy-string.js';
import { BlobV, CallV, DictV, GlobalV, ListV, OpaqueV, describeValue, dictGet, isTuple, rootGlobal, type PickleGlobal, type TupleV, type Value } from './values.js';
import { argumentsRead, joblibArrayLayout, LEGACY_TORCH_MAGIC, storageElementSize } from './layouts.js';

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
  /** the walk stopped at the scan deadline: the data is not known to be bad, only not fully scanned */
  timeout?: boolean;
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
    readonly timeout = false,
  ) {
    super(reason);
  }
}

/**
 * The error for `what` + `detail` at offset, built out of line: the small stack and memo helpers stay small enough for
 * the optimizing compiler to inline them into the opcode loop (its inlining budget is shared by every call site).
 */
function walkError(what: string, detail: string, offset: number): WalkError {
  return new WalkError(what + detail, offset);
}

/** Keeps one of the first call sites of a global (out of line, like walkError). */
function noteCall(g: PickleGlobal, v: Value, opcode: string, offset: number): void {
  g.calls.push(v instanceof GlobalV ? { opcode, offset } : { opcode, offset, note: 'applied to the result of a call' });
}

/** What a stack or memo slot holds: a value, or a string argument not decoded yet. */
type Slot = Value | LazyString;

// immutable values shared by every occurrence (no allocation per opcode)
const FLOAT = new OpaqueV('float');
const PERSISTENT = new OpaqueV('persistent object');
const SET = new OpaqueV('set');
const FROZENSET = new OpaqueV('frozenset');
const BUFFER = new OpaqueV('out-of-band buffer');
const NUMPY_ARRAY = new OpaqueV('numpy array');
const EMPTY_TUPLE: TupleV = Object.freeze([]);
/** bytes arguments up to 64 KiB share one placeholder per length (pickles of many small arrays repeat lengths) */
const SHARED_BLOBS = 65_536;
const BYTES_BLOBS: (BlobV | undefined)[] = [];

function bytesBlob(n: number): BlobV {
  if (n >= SHARED_BLOBS) return new BlobV('bytes', n);
  return (BYTES_BLOBS[n] ??= new BlobV('bytes', n));
}
const DENSE_MEMO = 1 << 20;
/** lists and dicts keep their items up to these sizes (what the analysis reads is far smaller: joblib state dicts, legacy torch storage keys) */
const MAX_LIST_ITEMS = 100_000;
const MAX_DICT_ENTRIES = 1000;
/** bytes of the next chunk joined to an unfinished opcode: enough for any opcode that is not skipped by length */
const JOIN_SLACK = 64;
const CLOCK_OPS = 8192;

const mat = (v: Slot): Value => (typeof v === 'object' && v instanceof LazyString ? v.value : v);

interface SavedFrame {
  st: Slot[];
  sp: number;
  marks: number[];
  memo: Map<number, Slot>;
  memoDense: Slot[];
  memoSize: number;
}

type PendingAction =
  | { kind: 'skip'; bytes: number; what: string }
  | { kind: 'joblib-pad'; thenSkip: number }
  | { kind: 'nested-pickle' }
  | { kind: 'legacy-storage'; key: string; elementSize: number };

export class PickleWalker {
  private readonly limits: PickleLimits;
  private readonly maxStack: number;
  private readonly maxDecodedString: number;
  private readonly maxMemo: number;
  private readonly maxMarks: number;
  /** the stack is st[0..sp); slots above sp are cleared */
  private st: Slot[] = [];
  private sp = 0;
  /** stack index of the innermost MARK (0 without one): pops below it underflow */
  private floor = 0;
  private marks: number[] = [];
  private memo = new Map<number, Slot>();
  /** memo entries with index < DENSE_MEMO live here (much faster than the Map); memoSize counts both */
  private memoDense: Slot[] = [];
  private memoSize = 0;
  /** where LazyStrings into the current input buffer may be: the dense memo range and sparse memo indices written, the lowest stack index */
  private lazyMemoLo = Infinity;
  private lazyMemoHi = -1;
  private lazySparse: number[] = [];
  private lazyLow = Infinity;
  private frames: SavedFrame[] = [];
  /** where strings still needed after their input buffer is released are copied */
  private readonly arena = new StringArena();
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
  private error: PickleError | undefined;

  constructor(
    private readonly baseOffset = 0,
    limits: Partial<PickleLimits> = {},
  ) {
    this.limits = { ...DEFAULT_PICKLE_LIMITS, ...limits };
    this.maxStack = this.limits.maxStack;
    this.maxDecodedString = this.limits.maxDecodedString;
    this.maxMemo = this.limits.maxMemo;
    this.maxMarks = this.limits.maxMarks;
  }

  get failed(): boolean {
    return this.error !== undefined;
  }

  /** Globals imported and pickles completed so far (format detection walks a file's head with this). */
  get progress(): { globals: number; pickles: number } {
    return { globals: this.globalList.length, pickles: this.pickleIndex };
  }

  /** Feeds the next chunk of the stream. After an error further input is ignored. */
  feed(chunk: Uint8Array): void {
    if (this.error) return;
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = this.consumed;
    if (this.tail) {
      // finish the unfinished opcode on the tail joined with the head of this chunk, then walk the chunk in place
      const tail = this.tail;
      this.tail = null;
      const headLen = Math.min(buf.length, this.limits.maxLine + this.limits.maxDecodedString + JOIN_SLACK);
      const joined = Buffer.concat([tail, buf.subarray(0, headLen)]);
      const jstart = this.consumed - tail.length;
      const used = this.walk(joined, jstart, false, tail.length);
      if (this.error) {
        this.consumed += buf.length;
        return;
      }
      if (used >= tail.length) {
        buf = buf.subarray(used - tail.length);
        start = jstart + used;
      } else if (headLen === buf.length) {
        this.tail = Buffer.from(joined.subarray(used));
        this.consumed += buf.length;
        return;
      } else {
        // an opcode needing more than the joined head (not reachable with the default limits): fall back to copying
        buf = Buffer.concat([joined.subarray(used), buf.subarray(headLen)]);
        start = jstart + used;
      }
    }
    const used = this.walk(buf, start, false, Infinity);
    if (used < buf.length && !this.error) this.tail = Buffer.from(buf.subarray(used));
    this.consumed = start + buf.length;
  }

  /** Ends the stream and returns the report. */
  end(): PickleReport {
    if (!this.error && this.tail) {
      const buf = this.tail;
      this.tail = null;
      this.walk(buf, this.consumed - buf.length, true, Infinity);
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

  private fail(reason: string, relOffset: number, timeout = false): void {
    this.error ??= { reason, offset: this.baseOffset + relOffset, ...(timeout ? { timeout } : {}) };
  }

  /** Walks buf (whose first byte is at stream offset `start`) up to the first opcode boundary at or after stopAt; returns how many bytes were used. */
  private walk(buf: Buffer, start: number, final: boolean, stopAt: number): number {
    let pos = 0;
    try {
      pos = this.run(buf, start, final, stopAt);
    } catch (e) {
      if (e instanceof WalkError) this.fail(e.reason, e.offset, e.timeout);
      else this.fail(`internal walker error: ${(e as Error).message}`, start + pos);
      pos = buf.length;
    }
    this.settleLazy();
    return pos;
  }

  /** Detaches the LazyStrings that may still point into the buffer being released (the stack from lazyLow, the memo entries written). */
  private settleLazy(): void {
    const st = this.st;
    const arena = this.arena;
    for (let i = Math.min(this.lazyLow, this.sp); i < this.sp; i++) {
      const v = st[i];
      if (v instanceof LazyString) v.detach(arena);
    }
    const dense = this.memoDense;
    for (let i = this.lazyMemoLo, hi = Math.min(this.lazyMemoHi, dense.length - 1); i <= hi; i++) {
      const v = dense[i];
      if (v instanceof LazyString) v.detach(arena);
    }
    for (const idx of this.lazySparse) {
      const v = this.memo.get(idx);
      if (v instanceof LazyString) v.detach(arena);
    }
    this.lazyLow = Infinity;
    this.lazyMemoLo = Infinity;
    this.lazyMemoHi = -1;
    this.lazySparse.length = 0;
  }

  private needMore(buf: Buffer, pos: number, start: number, final: boolean): number {
    if (final) throw new WalkError(`truncated ${OPCODE_BY_CODE[buf[pos]]?.name ?? 'opcode'} argument: data ends early`, start + pos);
    return pos;
  }

  private runPending(buf: Buffer, pos: number, start: number): number {
    const action = this.pending[0];
    if (action.kind === 'skip') {
      this.pending.shift();
      this.skipRemaining = action.bytes;
      this.skipWhat = action.what;
      return pos;
    }
    if (action.kind === 'joblib-pad') {
      if (pos >= buf.length) return -1;
      this.pending.shift();
      const pad = buf[pos];
      this.pending.unshift({ kind: 'skip', bytes: pad + action.thenSkip, what: 'a joblib array payload' });
      return pos + 1;
    }
    if (action.kind === 'nested-pickle') {
      this.pending.shift();
      if (this.frames.length >= this.limits.maxNested) throw new WalkError(`more than ${this.limits.maxNested} nested pickles`, start + pos);
      this.settleLazy();
      this.frames.push({ st: this.st, sp: this.sp, marks: this.marks, memo: this.memo, memoDense: this.memoDense, memoSize: this.memoSize });
      this.st = [];
      this.sp = 0;
      this.floor = 0;
      this.marks = [];
      this.resetMemo();
      return pos;
    }
    // legacy torch storage record: int64 element count, then count * element size bytes
    if (buf.length - pos < 8) return -1;
    this.pending.shift();
    const lo = buf.readUInt32LE(pos);
    const hi = buf.readInt32LE(pos + 4);
    if (hi < 0 || hi > 0x1fffff) throw new WalkError(`legacy torch storage ${action.key}: invalid element count`, start + pos);
    const numel = hi * 0x100000000 + lo;
    this.pending.unshift({ kind: 'skip', bytes: numel * action.elementSize, what: `legacy torch storage ${action.key}` });
    return pos + 8;
  }

  // ---- stack

  private push(v: Slot, offset: number): void {
    if (this.sp >= this.maxStack) throw this.stackFull(offset);
    this.st[this.sp++] = v;
  }

  private stackFull(offset: number): WalkError {
    return new WalkError(`stack exceeds ${this.maxStack} entries`, offset);
  }

  /** Pushes a value that may be a LazyString into the current buffer. */
  private pushLazy(v: Slot, offset: number): void {
    if (this.sp < this.lazyLow) this.lazyLow = this.sp;
    this.push(v, offset);
  }

  /** Pops the top slot as it is (possibly a LazyString). */
  private popSlot(opName: string, offset: number): Slot {
    if (this.sp <= this.floor) throw walkError(opName, ': stack underflow', offset);
    const v = this.st[--this.sp];
    this.st[this.sp] = null;
    return v;
  }

  private pop(opName: string, offset: number): Value {
    return mat(this.popSlot(opName, offset));
  }

  private topSlot(opName: string, offset: number): Slot {
    if (this.sp <= this.floor) throw walkError(opName, ': stack underflow', offset);
    return this.st[this.sp - 1];
  }

  private top(opName: string, offset: number): Value {
    return mat(this.topSlot(opName, offset));
  }

  /** Removes the innermost MARK; returns its stack index. */
  private dropMark(opName: string, offset: number): number {
    const m = this.marks.pop();
    if (m === undefined) throw walkError(opName, ': no MARK on the stack', offset);
    const n = this.marks.length;
    this.floor = n > 0 ? this.marks[n - 1] : 0;
    return m;
  }

  /** Truncates the stack to index m, releasing the slots. */
  private cut(m: number): void {
    const st = this.st;
    for (let i = m; i < this.sp; i++) st[i] = null;
    this.sp = m;
  }

  /** Pops everything above the innermost MARK, and the MARK (strings decoded). */
  private popMark(opName: string, offset: number): Value[] {
    const m = this.dropMark(opName, offset);
    const st = this.st;
    const n = this.sp - m;
    // a copy loop into a presized array: several times faster than slice on the stack array
    const out: Value[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = st[m + i];
      out[i] = typeof v === 'object' && v instanceof LazyString ? v.value : v;
      st[m + i] = null;
    }
    this.sp = m;
    return out;
  }

  /** Pops everything above the innermost MARK, and the MARK, as tuple items: strings stay undecoded (detached). */
  private popMarkTuple(opName: string, offset: number): Slot[] {
    const m = this.dropMark(opName, offset);
    const st = this.st;
    const n = this.sp - m;
    const out: Slot[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = st[m + i];
      if (typeof v === 'object' && v instanceof LazyString) v.detach(this.arena);
      out[i] = v;
      st[m + i] = null;
    }
    this.sp = m;
    return out;
  }

  /** Pops the MARK and what is above it without looking at the values. */
  private discardMark(opName: string, offset: number): void {
    this.cut(this.dropMark(opName, offset));
  }

  // ---- memo

  private memoPut(idx: number, offset: number, opName: string): void {
    const inDense = idx >= 0 && idx < DENSE_MEMO;
    if (!inDense && (!Number.isFinite(idx) || idx < 0)) throw walkError(opName, ': invalid memo index', offset);
    if (this.sp <= this.floor) throw walkError(opName, ': stack underflow', offset);
    const v = this.st[this.sp - 1];
    if (inDense) {
      // the range written is settled at the end of the buffer (cheaper than testing each value here)
      if (idx < this.lazyMemoLo) this.lazyMemoLo = idx;
      if (idx > this.lazyMemoHi) this.lazyMemoHi = idx;
      const dense = this.memoDense;
      if (idx < dense.length) {
        if (dense[idx] === undefined) this.countMemo(offset);
        dense[idx] = v;
        return;
      }
      this.countMemo(offset);
      // keep the array without holes: fill up to idx
      while (dense.length < idx) dense.push(undefined as unknown as Slot);
      dense.push(v);
      return;
    }
    if (typeof v === 'object' && v instanceof LazyString) this.lazySparse.push(idx);
    if (!this.memo.has(idx)) this.countMemo(offset);
    this.memo.set(idx, v);
  }

  /** Counts a new memo entry against the bound. */
  private countMemo(offset: number): void {
    if (this.memoSize >= this.limits.maxMemo) throw new WalkError(`memo exceeds ${this.limits.maxMemo} entries`, offset);
    this.memoSize++;
  }

  private memoGet(idx: number, offset: number, opName: string): void {
    const v = idx < DENSE_MEMO ? this.memoDense[idx] : this.memo.get(idx);
    if (v === undefined) throw walkError(opName, `: memo key ${idx} was never stored`, offset);
    this.pushLazy(v, offset);
  }

  // ---- globals and calls

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

  /** Records a call on v's root global; returns that global. */
  private markCalled(v: Value, opcode: string, offset: number): PickleGlobal | undefined {
    const g = v instanceof GlobalV ? v.ref : rootGlobal(v);
    if (!g) return undefined;
    g.callCount++;
    if (g.calls.length < 8) noteCall(g, v, opcode, offset);
    return g;
  }

  /**
   * The result of a call: it keeps its arguments only when the analysis reads them (most calls' are garbage at once);
   * without them, every call of the same callee (a global, or a call result) returns one shared value.
   */
  private callResult(callee: Value, g: PickleGlobal | undefined, args: TupleV | Value): CallV {
    if (g === undefined || argumentsRead(g)) return new CallV(callee, g === undefined ? EMPTY_TUPLE : args);
    // a callee with a root global is a GlobalV or a CallV
    const c = callee as GlobalV | CallV;
    return (c.result ??= new CallV(callee, EMPTY_TUPLE));
  }

  private readLine(buf: Buffer, from: number, offset: number, final: boolean): number {
    const limit = Math.min(buf.length, from + this.limits.maxLine);
    const nl = buf.indexOf(10, from);
    if (nl === -1 || nl >= limit) {
      if (buf.length - from >= this.limits.maxLine) throw new WalkError(`line argument longer than ${this.limits.maxLine} bytes`, offset);
      if (final) throw new WalkError('line argument not terminated by a newline', offset);
      return -1;
    }
    return nl;
  }

  /** The opcode loop. Returns the position reached: end of data, an unfinished opcode, or the first boundary at or after stopAt. */
  private run(buf: Buffer, start: number, final: boolean, stopAt: number): number {
    const len = buf.length;
    const deadline = this.limits.deadline;
    let pos = 0;
    let clock = CLOCK_OPS;
    for (;;) {
      // slow-path state between opcodes: boundary, skipped payloads, joblib/legacy-torch actions, a new pickle
      if (pos >= stopAt) return pos;
      if (this.skipRemaining > 0) {
        const n = Math.min(this.skipRemaining, len - pos);
        pos += n;
        this.skipRemaining -= n;
        if (this.skipRemaining > 0) return pos;
        continue;
      }
      if (this.pending.length > 0) {
        const r = this.runPending(buf, pos, start);
        if (r === -1) return pos;
        pos = r;
        continue;
      }
      if (pos >= len) return pos;
      if (!this.inPickle) {
        if (this.pickleIndex >= this.limits.maxPickles) throw new WalkError(`more than ${this.limits.maxPickles} pickles in one stream`, start + pos);
        this.inPickle = true;
      }
      const lim = Math.min(len, stopAt);
      inner: while (pos < lim) {
        if (--clock === 0) {
          clock = CLOCK_OPS;
          if (deadline !== undefined && Date.now() > deadline) throw new WalkError('scan timeout reached', start + pos, true);
        }
        const code = buf[pos];
        const off = start + pos;
        const p = pos + 1;
        const avail = len - p;
        switch (code) {
          // ---- protocol and framing
          case 0x80: {
            // PROTO
            if (avail < 1) return this.needMore(buf, pos, start, final);
            const v = buf[p];
            if (v > HIGHEST_PROTOCOL) throw new WalkError(`unsupported pickle protocol ${v}`, off);
            this.protocols.add(v);
            pos = p + 1;
            continue;
          }
          case 0x95: // FRAME: the frame's content is parsed inline as ordinary opcodes
            if (avail < 8) return this.needMore(buf, pos, start, final);
            pos = p + 8;
            continue;
          case 0x2e: // STOP
            pos = this.endPickle(this.pop('STOP', off), p, off);
            break inner;
          // ---- integers and floats
          case 0x4a: // BININT
            if (avail < 4) return this.needMore(buf, pos, start, final);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = i32(buf, p);
            pos = p + 4;
            continue;
          case 0x4b: // BININT1
            if (avail < 1) return this.needMore(buf, pos, start, final);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = buf[p];
            pos = p + 1;
            continue;
          case 0x4d: // BININT2
            if (avail < 2) return this.needMore(buf, pos, start, final);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = buf[p] | (buf[p + 1] << 8);
            pos = p + 2;
            continue;
          case 0x47: // BINFLOAT: the value never matters to the analysis, so it is not decoded (no heap number)
            if (avail < 8) return this.needMore(buf, pos, start, final);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = FLOAT;
            pos = p + 8;
            continue;
          case 0x8a: {
            // LONG1
            if (avail < 1) return this.needMore(buf, pos, start, final);
            const n = buf[p];
            if (avail < 1 + n) return this.needMore(buf, pos, start, final);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = readLong(buf, p + 1, n);
            pos = p + 1 + n;
            continue;
          }
          case 0x8b: {
            // LONG4
            if (avail < 4) return this.needMore(buf, pos, start, final);
            const n = i32(buf, p);
            if (n < 0) throw new WalkError('LONG4: negative byte count', off);
            if (n <= 64) {
              if (avail < 4 + n) return this.needMore(buf, pos, start, final);
              if (this.sp >= this.maxStack) throw this.stackFull(off);
              this.st[this.sp++] = readLong(buf, p + 4, n);
              pos = p + 4 + n;
              continue;
            }
            pos = this.skipPayload(buf, p + 4, n, new BlobV('bytes', n), 'a LONG4 argument', off);
            continue;
          }
          case 0x49: // INT
          case 0x4c: // LONG
          case 0x46: {
            // FLOAT
            const nl = this.readLine(buf, p, off, final);
            if (nl === -1) return pos;
            const text = buf.toString('latin1', p, nl);
            if (code === 0x49 && (text === '00' || text === '01')) this.push(text === '01', off);
            else this.push(Number(code === 0x4c ? text.replace(/L$/, '') : text), off);
            pos = nl + 1;
            continue;
          }
          // ---- strings and bytes
          case 0x53: {
            // STRING: a quoted Python 2 string literal
            const nl = this.readLine(buf, p, off, final);
            if (nl === -1) return pos;
            const raw = buf.toString('latin1', p, nl);
            const q = raw[0];
            if (raw.length < 2 || (q !== "'" && q !== '"') || raw[raw.length - 1] !== q) throw new WalkError('STRING: argument is not a quoted string', off);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = unescapePython(raw.slice(1, -1));
            pos = nl + 1;
            continue;
          }
          case 0x56: {
            // UNICODE: raw-unicode-escape line
            const nl = this.readLine(buf, p, off, final);
            if (nl === -1) return pos;
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = rawUnicodeEscape(buf.toString('latin1', p, nl));
            pos = nl + 1;
            continue;
          }
          case 0x8c: // SHORT_BINUNICODE
          case 0x55: {
            // SHORT_BINSTRING
            if (avail < 1) return this.needMore(buf, pos, start, final);
            const n = buf[p];
            if (avail < 1 + n) return this.needMore(buf, pos, start, final);
            if (this.sp < this.lazyLow) this.lazyLow = this.sp;
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = new LazyString(buf, p + 1, p + 1 + n, code === 0x8c);
            pos = p + 1 + n;
            continue;
          }
          case 0x43: {
            // SHORT_BINBYTES
            if (avail < 1) return this.needMore(buf, pos, start, final);
            const n = buf[p];
            if (avail < 1 + n) return this.needMore(buf, pos, start, final);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = bytesBlob(n);
            pos = p + 1 + n;
            continue;
          }
          case 0x58: {
            // BINUNICODE (fast path for a string short enough to decode; longer ones below)
            if (avail < 4) return this.needMore(buf, pos, start, final);
            const n = u32(buf, p);
            if (n > this.maxDecodedString) {
              pos = this.stringOrBytes(buf, p + 4, n, 'utf8', off);
              continue;
            }
            if (avail < 4 + n) return this.needMore(buf, pos, start, final);
            if (this.sp < this.lazyLow) this.lazyLow = this.sp;
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = new LazyString(buf, p + 4, p + 4 + n, true);
            pos = p + 4 + n;
            continue;
          }
          case 0x54: // BINSTRING (signed length)
          case 0x42: {
            // BINBYTES
            if (avail < 4) return this.needMore(buf, pos, start, final);
            const n = code === 0x54 ? i32(buf, p) : u32(buf, p);
            if (n < 0) throw new WalkError('BINSTRING: negative length', off);
            const r = this.stringOrBytes(buf, p + 4, n, code === 0x42 ? 'bytes' : 'latin1', off);
            if (r === -1) return this.needMore(buf, pos, start, final);
            pos = r;
            continue;
          }
          case 0x8d: // BINUNICODE8
          case 0x8e: // BINBYTES8
          case 0x96: {
            // BYTEARRAY8
            if (avail < 8) return this.needMore(buf, pos, start, final);
            const n = readU64(buf, p, off);
            const r = this.stringOrBytes(buf, p + 8, n, code === 0x8d ? 'utf8' : 'bytes', off);
            if (r === -1) return this.needMore(buf, pos, start, final);
            pos = r;
            continue;
          }
          case 0x97: // NEXT_BUFFER
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = BUFFER;
            pos = p;
            continue;
          case 0x98: // READONLY_BUFFER
            this.topSlot('READONLY_BUFFER', off);
            pos = p;
            continue;
          // ---- constants
          case 0x4e: // NONE
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = null;
            pos = p;
            continue;
          case 0x88: // NEWTRUE
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = true;
            pos = p;
            continue;
          case 0x89: // NEWFALSE
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = false;
            pos = p;
            continue;
          // ---- containers
          case 0x5d: // EMPTY_LIST
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = new ListV();
            pos = p;
            continue;
          case 0x6c: {
            // LIST
            const l = new ListV();
            l.items = this.popMark('LIST', off);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = l;
            pos = p;
            continue;
          }
          case 0x61: {
            // APPEND
            const v = this.pop('APPEND', off);
            this.addToList(this.top('APPEND', off), [v], 'APPEND', off);
            pos = p;
            continue;
          }
          case 0x65: {
            // APPENDS
            const m = this.marks.length > 0 ? this.marks[this.marks.length - 1] : -1;
            const target = m > 0 ? this.st[m - 1] : undefined;
            if (target instanceof ListV && target.items !== null && target.items.length + (this.sp - m) > MAX_LIST_ITEMS) target.items = null;
            if ((target instanceof ListV && target.items === null) || target instanceof OpaqueV) {
              this.discardMark('APPENDS', off);
              pos = p;
              continue;
            }
            if (m > 0 && !(target instanceof ListV)) {
              // appending to anything but a tracked list only matters as a call on it: the items are not needed
              this.discardMark('APPENDS', off);
              this.addToList(this.top('APPENDS', off), [], 'APPENDS', off);
              pos = p;
              continue;
            }
            const items = this.popMark('APPENDS', off);
            this.addToList(this.top('APPENDS', off), items, 'APPENDS', off);
            pos = p;
            continue;
          }
          case 0x29: // EMPTY_TUPLE
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = EMPTY_TUPLE;
            pos = p;
            continue;
          case 0x74: {
            // TUPLE: the items above the innermost MARK become a tuple in place (strings stay undecoded, detached)
            const m = this.dropMark('TUPLE', off);
            if (m >= this.maxStack) throw this.stackFull(off);
            const st = this.st;
            const n = this.sp - m;
            const t: Slot[] = new Array(n);
            for (let i = 0; i < n; i++) {
              const v = st[m + i];
              if (typeof v === 'object' && v instanceof LazyString) v.detach(this.arena);
              t[i] = v;
              st[m + i] = null;
            }
            st[m] = t;
            this.sp = m + 1;
            pos = p;
            continue;
          }
          case 0x85: // TUPLE1
          case 0x86: // TUPLE2
          case 0x87: {
            // TUPLE3: the top 1-3 items become a tuple in place (a string item stays undecoded, detached from the input)
            const n = code - 0x84;
            const top = this.sp;
            if (top - this.floor < n) throw walkError(n === 1 ? 'TUPLE1' : n === 2 ? 'TUPLE2' : 'TUPLE3', ': stack underflow', off);
            const st = this.st;
            const t: Slot[] = n === 1 ? [st[top - 1]] : n === 2 ? [st[top - 2], st[top - 1]] : [st[top - 3], st[top - 2], st[top - 1]];
            for (let i = 0; i < n; i++) {
              const v = t[i];
              if (typeof v === 'object' && v instanceof LazyString) v.detach(this.arena);
            }
            for (let i = top - n + 1; i < top; i++) st[i] = null;
            st[top - n] = t;
            this.sp = top - n + 1;
            pos = p;
            continue;
          }
          case 0x7d: // EMPTY_DICT
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = new DictV();
            pos = p;
            continue;
          case 0x64: {
            // DICT
            const items = this.popMark('DICT', off);
            if (items.length % 2 !== 0) throw new WalkError('DICT: odd number of items', off);
            const d = new DictV();
            this.addToDict(d, items, 'DICT', off);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = d;
            pos = p;
            continue;
          }
          case 0x73: {
            // SETITEM
            const v = this.pop('SETITEM', off);
            const k = this.pop('SETITEM', off);
            this.addToDict(this.top('SETITEM', off), [k, v], 'SETITEM', off);
            pos = p;
            continue;
          }
          case 0x75: {
            // SETITEMS
            const m = this.marks.length > 0 ? this.marks[this.marks.length - 1] : -1;
            const target = m > 0 ? this.st[m - 1] : undefined;
            // a dict that this batch makes too large to track stops being tracked before its items are decoded
            if (target instanceof DictV && target.entries !== null && (target.entries.length + (this.sp - m)) / 2 > MAX_DICT_ENTRIES) target.entries = null;
            if (m > 0 && !(target instanceof DictV && target.entries !== null)) {
              // only a tracked dict keeps its items; for anything else SETITEMS is at most a call on the target
              if ((this.sp - m) % 2 !== 0) throw new WalkError('SETITEMS: odd number of items', off);
              this.discardMark('SETITEMS', off);
              if (!(target instanceof DictV)) this.addToDict(this.top('SETITEMS', off), [], 'SETITEMS', off);
              pos = p;
              continue;
            }
            const items = this.popMark('SETITEMS', off);
            if (items.length % 2 !== 0) throw new WalkError('SETITEMS: odd number of items', off);
            this.addToDict(this.top('SETITEMS', off), items, 'SETITEMS', off);
            pos = p;
            continue;
          }
          case 0x8f: // EMPTY_SET
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = SET;
            pos = p;
            continue;
          case 0x90: {
            // ADDITEMS
            this.discardMark('ADDITEMS', off);
            const target = this.top('ADDITEMS', off);
            if (!(target instanceof OpaqueV)) this.markCalled(target, 'ADDITEMS', off);
            pos = p;
            continue;
          }
          case 0x91: // FROZENSET
            this.discardMark('FROZENSET', off);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = FROZENSET;
            pos = p;
            continue;
          // ---- stack manipulation
          case 0x30: // POP
            if (this.sp > this.floor) this.st[--this.sp] = null;
            else this.discardMark('POP', off);
            pos = p;
            continue;
          case 0x32: // DUP
            this.pushLazy(this.topSlot('DUP', off), off);
            pos = p;
            continue;
          case 0x28: {
            // MARK
            const marks = this.marks;
            if (marks.length >= this.maxMarks) throw walkError('MARK nesting exceeds ', String(this.maxMarks), off);
            marks.push(this.sp);
            this.floor = this.sp;
            pos = p;
            continue;
          }
          case 0x31: // POP_MARK
            this.discardMark('POP_MARK', off);
            pos = p;
            continue;
          // ---- memo
          case 0x67: // GET
          case 0x70: {
            // PUT
            const nl = this.readLine(buf, p, off, final);
            if (nl === -1) return pos;
            const text = buf.toString('latin1', p, nl);
            if (!/^-?\d+$/.test(text)) throw new WalkError(`${code === 0x67 ? 'GET' : 'PUT'}: memo index ${JSON.stringify(text.slice(0, 20))} is not an integer`, off);
            if (code === 0x67) this.memoGet(Number(text), off, 'GET');
            else this.memoPut(Number(text), off, 'PUT');
            pos = nl + 1;
            continue;
          }
          case 0x68: // BINGET
          case 0x6a: {
            // LONG_BINGET
            const width = code === 0x68 ? 1 : 4;
            if (avail < width) return this.needMore(buf, pos, start, final);
            const idx = width === 1 ? buf[p] : u32(buf, p);
            const v = idx < DENSE_MEMO ? this.memoDense[idx] : this.memo.get(idx);
            if (v === undefined) throw walkError(width === 1 ? 'BINGET' : 'LONG_BINGET', `: memo key ${idx} was never stored`, off);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            if (this.sp < this.lazyLow) this.lazyLow = this.sp;
            this.st[this.sp++] = v;
            pos = p + width;
            continue;
          }
          case 0x71: // BINPUT
          case 0x72: // LONG_BINPUT
          case 0x94: {
            // MEMOIZE
            const width = code === 0x71 ? 1 : code === 0x72 ? 4 : 0;
            if (avail < width) return this.needMore(buf, pos, start, final);
            const idx = width === 1 ? buf[p] : width === 4 ? u32(buf, p) : this.memoSize;
            const dense = this.memoDense;
            if (idx === dense.length && idx < DENSE_MEMO && this.sp > this.floor && this.memoSize < this.maxMemo) {
              // the usual case, a new entry right after the last one (memoPut has the others and the errors)
              dense.push(this.st[this.sp - 1]);
              this.memoSize++;
              if (idx < this.lazyMemoLo) this.lazyMemoLo = idx;
              this.lazyMemoHi = idx;
            } else this.memoPut(idx, off, width === 1 ? 'BINPUT' : width === 4 ? 'LONG_BINPUT' : 'MEMOIZE');
            pos = p + width;
            continue;
          }
          // ---- globals and calls
          case 0x63: // GLOBAL
          case 0x69: {
            // INST
            const nl1 = this.readLine(buf, p, off, final);
            if (nl1 === -1) return pos;
            const nl2 = this.readLine(buf, nl1 + 1, off, final);
            if (nl2 === -1) return pos;
            const module = buf.toString('utf8', p, nl1);
            const name = buf.toString('utf8', nl1 + 1, nl2);
            if (code === 0x63) {
              this.push(new GlobalV(this.recordGlobal(module, name, 'GLOBAL', off)), off);
            } else {
              const g = new GlobalV(this.recordGlobal(module, name, 'INST', off));
              const args = this.popMarkTuple('INST', off);
              const root = this.markCalled(g, 'INST', off);
              if (this.sp >= this.maxStack) throw this.stackFull(off);
              this.st[this.sp++] = this.callResult(g, root, args);
            }
            pos = nl2 + 1;
            continue;
          }
          case 0x93: {
            // STACK_GLOBAL
            const name = this.pop('STACK_GLOBAL', off);
            const module = this.pop('STACK_GLOBAL', off);
            if (typeof module === 'string' && typeof name === 'string') {
              this.push(new GlobalV(this.recordGlobal(module, name, 'STACK_GLOBAL', off)), off);
            } else {
              // the pickler always writes both operands as strings: a name built by a call (str, getattr, a memo
              // entry holding a call result) exists only to hide what is imported
              const computed = module instanceof CallV || name instanceof CallV;
              const why = `STACK_GLOBAL operands are not strings known statically${computed ? ' (a name computed at load time hides the import)' : ''}: module is ${describeValue(module)}, name is ${describeValue(name)}`;
              const shown = (v: Value) => (typeof v === 'string' ? v : `<${describeValue(v)}>`);
              const g = this.recordGlobal(shown(module), shown(name), 'STACK_GLOBAL', off, why);
              if (computed) g.computed = true;
              this.push(new GlobalV(g), off);
            }
            pos = p;
            continue;
          }
          case 0x82: // EXT1
          case 0x83: // EXT2
          case 0x84: {
            // EXT4
            const width = code === 0x82 ? 1 : code === 0x83 ? 2 : 4;
            if (avail < width) return this.needMore(buf, pos, start, final);
            const ext = width === 1 ? buf[p] : width === 2 ? buf.readUInt16LE(p) : i32(buf, p);
            const opName = width === 1 ? 'EXT1' : width === 2 ? 'EXT2' : 'EXT4';
            const why = `${opName} extension code ${ext}: resolved through the copyreg extension registry at load time, which aispm cannot see`;
            this.push(new GlobalV(this.recordGlobal('<extension registry>', `code ${ext}`, opName, off, why)), off);
            pos = p + width;
            continue;
          }
          case 0x52: {
            // REDUCE: callable and arguments on top of the stack become the call's result, in place
            const top = this.sp;
            if (top - this.floor < 2) throw walkError('REDUCE', ': stack underflow', off);
            const st = this.st;
            const args = mat(st[top - 1]);
            const callable = mat(st[top - 2]);
            st[top - 1] = null;
            const g = this.markCalled(callable, 'REDUCE', off);
            st[top - 2] = this.callResult(callable, g, args);
            this.sp = top - 1;
            pos = p;
            continue;
          }
          case 0x6f: {
            // OBJ
            const items = this.popMarkTuple('OBJ', off);
            if (items.length === 0) throw new WalkError('OBJ: no class on the stack', off);
            const cls = itemValue(items[0]);
            const g = this.markCalled(cls, 'OBJ', off);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = this.callResult(cls, g, argumentsRead(g) ? items.slice(1) : EMPTY_TUPLE);
            pos = p;
            continue;
          }
          case 0x81: {
            // NEWOBJ: class and arguments on top of the stack become the new object, in place
            const top = this.sp;
            if (top - this.floor < 2) throw walkError('NEWOBJ', ': stack underflow', off);
            const st = this.st;
            const args = mat(st[top - 1]);
            const cls = mat(st[top - 2]);
            st[top - 1] = null;
            const g = this.markCalled(cls, 'NEWOBJ', off);
            st[top - 2] = this.callResult(cls, g, args);
            this.sp = top - 1;
            pos = p;
            continue;
          }
          case 0x92: {
            // NEWOBJ_EX
            this.popSlot('NEWOBJ_EX', off);
            const args = this.pop('NEWOBJ_EX', off);
            const cls = this.pop('NEWOBJ_EX', off);
            const g = this.markCalled(cls, 'NEWOBJ_EX', off);
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = this.callResult(cls, g, args);
            pos = p;
            continue;
          }
          case 0x62: {
            // BUILD: calls the object's __setstate__ (or updates its __dict__)
            const top = this.sp;
            if (top - this.floor < 2) throw walkError('BUILD', ': stack underflow', off);
            const st = this.st;
            const state = mat(st[top - 1]);
            st[top - 1] = null;
            this.sp = top - 1;
            const target = mat(st[top - 2]);
            this.markCalled(target, 'BUILD', off);
            this.afterBuild(target, state, off);
            pos = p;
            // a joblib array's raw bytes follow: handled between opcodes
            if (this.pending.length > 0) break inner;
            continue;
          }
          // ---- persistent ids
          case 0x50: {
            // PERSID
            const nl = this.readLine(buf, p, off, final);
            if (nl === -1) return pos;
            if (this.sp >= this.maxStack) throw this.stackFull(off);
            this.st[this.sp++] = PERSISTENT;
            pos = nl + 1;
            continue;
          }
          case 0x51: {
            // BINPERSID: the persistent id on top of the stack becomes the persistent object, in place
            const top = this.sp;
            if (top <= this.floor) throw walkError('BINPERSID', ': stack underflow', off);
            if (this.legacyTorch) this.notePersistentId(mat(this.st[top - 1]));
            this.st[top - 1] = PERSISTENT;
            pos = p;
            continue;
          }
          default:
            throw new WalkError(`invalid pickle opcode 0x${code.toString(16).padStart(2, '0')}`, off);
        }
      }
    }
  }

  /** Decodes a string argument up to maxDecodedString bytes, otherwise skips it; -1 when its bytes are not all here yet. */
  private stringOrBytes(buf: Buffer, from: number, n: number, enc: 'bytes' | 'utf8' | 'latin1', off: number): number {
    if (enc !== 'bytes' && n <= this.limits.maxDecodedString) {
      if (buf.length - from < n) return -1;
      if (this.sp < this.lazyLow) this.lazyLow = this.sp;
      this.push(new LazyString(buf, from, from + n, enc === 'utf8'), off);
      return from + n;
    }
    return this.skipPayload(buf, from, n, enc === 'bytes' ? bytesBlob(n) : new BlobV('string', n), 'a string or bytes argument', off);
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
        if (target.items.length + items.length > MAX_LIST_ITEMS) target.items = null;
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
        if ((target.entries.length + items.length) / 2 > MAX_DICT_ENTRIES) target.entries = null;
        else if (target.entries.length === 0) target.entries = items;
        else for (let i = 0; i < items.length; i++) target.entries.push(items[i]);
      }
      return;
    }
    if (target instanceof OpaqueV || target instanceof BlobV) return;
    this.markCalled(target, opName, off);
  }

  private notePersistentId(pid: Value): void {
    // legacy torch: ('storage', storage_type, key, location, numel, ...)
    if (!isTuple(pid) || itemValue(pid[0]) !== 'storage') return;
    const type = pid[1];
    const key = itemValue(pid[2]);
    if (type instanceof GlobalV && typeof key === 'string') {
      const size = storageElementSize(type.ref.name);
      if (size !== undefined) this.legacyStorages.set(key, size);
    }
  }

  private afterBuild(target: Value, state: Value, off: number): void {
    const g = target instanceof CallV ? rootGlobal(target.callee) : undefined;
    if (!g || g.name !== 'NumpyArrayWrapper' || !g.module.endsWith('numpy_pickle')) {
      // the items of a state dict are read only for a joblib array: release them (a dict is state of one object)
      if (state instanceof DictV) state.entries = null;
      return;
    }
    // joblib writes the array bytes right after the BUILD of its NumpyArrayWrapper (outside any frame)
    const layout = joblibArrayLayout(state, dictGet);
    if ('error' in layout) throw new WalkError(`joblib NumpyArrayWrapper: ${layout.error}`, off);
    this.joblibArrays++;
    this.st[this.sp - 1] = NUMPY_ARRAY;
    if (layout.objectArray) this.pending.push({ kind: 'nested-pickle' });
    else if (layout.aligned) this.pending.push({ kind: 'joblib-pad', thenSkip: layout.bytes });
    else this.pending.push({ kind: 'skip', bytes: layout.bytes, what: 'a joblib array payload' });
  }

  private endPickle(result: Value, next: number, off: number): number {
    if (this.marks.length > 0) this.notes.push(`pickle ${this.pickleIndex} ended at offset ${this.baseOffset + off} with an unclosed MARK`);
    if (this.frames.length > 0) {
      // end of a joblib object-array pickle: resume the outer pickle
      const f = this.frames.pop() as SavedFrame;
      this.st = f.st;
      this.sp = f.sp;
      this.marks = f.marks;
      this.floor = f.marks.length > 0 ? f.marks[f.marks.length - 1] : 0;
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
    this.st = [];
    this.sp = 0;
    this.floor = 0;
    this.marks = [];
    this.resetMemo();
    return next;
  }

  private resetMemo(): void {
    this.memo = new Map();
    this.memoDense = [];
    this.memoSize = 0;
    this.lazyMemoLo = Infinity;
    this.lazyMemoHi = -1;
    this.lazySparse.length = 0;
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

function i32(buf: Buffer, p: number): number {
  return buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24);
}

function u32(buf: Buffer, p: number): number {
  return i32(buf, p) >>> 0;
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
