// Short string arguments are not decoded when pushed: most are popped, or memoized and overwritten, without ever being
// read. A LazyString keeps where the bytes are and decodes them only when the value is needed (STACK_GLOBAL operands,
// list and dict items, dtype and persistent-id tuples). Before the input buffer it points into is released, the walker
// detaches it: its bytes are copied into the walker's StringArena (a few bytes, no decoding, no string allocated).

/** Bytes of one arena slab; a string longer than a quarter of it is decoded instead of copied. */
const SLAB = 16 * 1024;
const EMPTY = Buffer.alloc(0);

/** Append-only byte slabs owned by one walker: detached strings point into them. */
export class StringArena {
  /** no slab until a string is detached (most small pickles end within their first chunk) */
  slab: Buffer = EMPTY;
  used = 0;

  /** Offset in `this.slab` of n free bytes (a new slab when the current one is full). */
  reserve(n: number): number {
    if (this.used + n > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(SLAB);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return at;
  }
}

export class LazyString {
  private text: string | undefined = undefined;
  /** the bytes no longer depend on the input buffer (decoded, or copied into an arena) */
  private stable = false;
  constructor(
    private buf: Buffer | null,
    private start: number,
    private end: number,
    private readonly utf8: boolean,
  ) {}

  get value(): string {
    if (this.text === undefined) {
      // utf8Slice/latin1Slice: Buffer's own decoders without toString's argument normalization (measurably faster here)
      const b = this.buf as unknown as { utf8Slice(s: number, e: number): string; latin1Slice(s: number, e: number): string };
      this.text = this.utf8 ? b.utf8Slice(this.start, this.end) : b.latin1Slice(this.start, this.end);
      this.buf = null;
      this.stable = true;
    }
    return this.text;
  }

  /** Makes the string independent of the input buffer: copies its bytes into the arena (cheaper than decoding). */
  detach(arena: StringArena): void {
    if (this.stable) return;
    this.stable = true;
    const n = this.end - this.start;
    if (n * 4 > SLAB) {
      void this.value;
      return;
    }
    const at = arena.reserve(n);
    const dst = arena.slab;
    const src = this.buf as Buffer;
    for (let i = 0, s = this.start; i < n; i++) dst[at + i] = src[s + i];
    this.buf = dst;
    this.start = at;
    this.end = at + n;
  }
}

/** The value of a tuple item or stack slot (decoding a LazyString). */
export function itemValue<V>(v: V | LazyString): V | string {
  return typeof v === 'object' && v instanceof LazyString ? v.value : v;
}
