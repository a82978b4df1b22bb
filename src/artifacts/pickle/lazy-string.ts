// Short string arguments are not decoded when pushed: most are popped, or memoized and overwritten, without ever being
// read. A LazyString keeps where the bytes are in the current input buffer and decodes them only when the value is
// needed (STACK_GLOBAL operands, container items, call arguments) or before that buffer goes away.

export class LazyString {
  private text: string | undefined = undefined;
  constructor(
    private buf: Buffer | null,
    private readonly start: number,
    private readonly end: number,
    private readonly utf8: boolean,
  ) {}

  get value(): string {
    if (this.text === undefined) {
      // utf8Slice/latin1Slice: Buffer's own decoders without toString's argument normalization (measurably faster here)
      const b = this.buf as unknown as { utf8Slice(s: number, e: number): string; latin1Slice(s: number, e: number): string };
      this.text = this.utf8 ? b.utf8Slice(this.start, this.end) : b.latin1Slice(this.start, this.end);
      this.buf = null;
    }
    return this.text;
  }
}
