
/**
 * Lists grown an item at a time, in chunks of a fixed size, copied once into an array of their exact length: the
 * streamed reader's resources and edges (1 M and 1.3 M at 10^6 resources) and the access edges (1.66 M). An array
 * grown by push that long leaves its outgrown stores behind, about twice its final size and all large objects (at
 * 10^6, 74 MiB of garbage for the read's lists, 125 MiB for the access edges and their ends), and keeps up to half
 * its length again as slack. A chunk (64 KiB) is no large object, and nothing of a full one is copied while the list
 * grows.
 */
const SHIFT = 13;
export const CHUNK_SIZE = 1 << SHIFT;
const MASK = CHUNK_SIZE - 1;

export class ChunkedList<T> {
  private readonly chunks: T[][] = [];
  private last: T[] = [];
  length = 0;

  push(item: T): void {
    if (this.last.length === CHUNK_SIZE || this.chunks.length === 0) this.chunks.push((this.last = []));
    this.last.push(item);
    this.length++;
  }

  /** The item at `i` (below `length`). */
  at(i: number): T {
    return this.chunks[i >>> SHIFT][i & MASK];
  }

  /** `before`'s items, then these, in one new array of that length. */
  appendedTo(before: readonly T[]): T[] {
    return before.concat(...this.chunks);
  }

  /** The items in order, in one new array of their number. */
  toArray(): T[] {
    return this.appendedTo([]);
  }
}

export class ChunkedInt32s {
  private readonly chunks: Int32Array[] = [];
  length = 0;

  push(value: number): void {
    const i = this.length++;
    if ((i & MASK) === 0) this.chunks.push(new Int32Array(CHUNK_SIZE));
    this.chunks[i >>> SHIFT][i & MASK] = value;
  }

  at(i: number): number {
    return this.chunks[i >>> SHIFT][i & MASK];
  }

  /** The values in one Int32Array of their number. */
  toInt32s(): Int32Array {
    const out = new Int32Array(this.length);
    for (let c = 0; c < this.chunks.length; c++) {
      const start = c << SHIFT;
      out.set(this.chunks[c].subarray(0, Math.min(CHUNK_SIZE, this.length - start)), start);
    }
    return out;
  }
}
