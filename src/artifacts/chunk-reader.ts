import type { ArtifactBudget } from './budget.js';

/** Pull-style reader over a byte stream: peek at the head, then iterate the chunks (head included), all budgeted. */
export class ChunkReader {
  private readonly it: AsyncIterator<Buffer>;
  private head: Buffer[] = [];
  private headLength = 0;
  private done = false;
  /** bytes handed out so far (head included) */
  position = 0;

  constructor(
    source: AsyncIterable<Buffer | Uint8Array>,
    private readonly budget: ArtifactBudget,
    /** false for data already counted upstream (decompressed output, members of a counted stream) */
    private readonly count = true,
  ) {
    this.it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async pull(): Promise<Buffer | undefined> {
    if (this.done) return undefined;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return undefined;
    }
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as Uint8Array);
    if (this.count) this.budget.take(b.length);
    else this.budget.check();
    return b;
  }

  /** Up to n bytes from the start (fewer at end of data); does not consume. */
  async peek(n: number): Promise<Buffer> {
    while (this.headLength < n) {
      const b = await this.pull();
      if (!b) break;
      this.head.push(b);
      this.headLength += b.length;
    }
    if (this.head.length > 1) this.head = [Buffer.concat(this.head)];
    return (this.head[0] ?? Buffer.alloc(0)).subarray(0, n);
  }

  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      let b: Buffer | undefined;
      if (this.head.length > 0) {
        b = this.head.shift() as Buffer;
        this.headLength -= b.length;
      } else b = await this.pull();
      if (!b) return;
      this.position += b.length;
      yield b;
    }
  }

  /** Reads everything left into one buffer, failing past `max` bytes. */
  async readAll(max: number, what: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    let n = 0;
    for await (const c of this.chunks()) {
      n += c.length;
      if (n > max) throw new Error(`${what} is larger than ${max} bytes`);
      parts.push(c);
    }
    return Buffer.concat(parts);
  }

  async drain(): Promise<number> {
    let n = 0;
    for await (const c of this.chunks()) n += c.length;
    return n;
  }

  async cancel(): Promise<void> {
    this.done = true;
    await this.it.return?.();
  }
}
