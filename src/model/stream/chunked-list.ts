/**
 * A list grown an item at a time in chunks of 8192 (64 KiB, no large object), copied once into an array of its exact
 * length at the end. An array grown by push to the 10^6 resources and 1.3 M edges of a large inventory leaves its
 * outgrown stores behind (74 MiB of large objects at 10^6) and keeps up to half its length again as slack.
 */
const CHUNK = 8192;

export class ChunkedList<T> {
  private readonly chunks: T[][] = [];
  private last: T[] = [];

  push(item: T): void {
    if (this.last.length === CHUNK || this.chunks.length === 0) this.chunks.push((this.last = []));
    this.last.push(item);
  }

  /** The items in order, in one new array of their number. */
  toArray(): T[] {
    return ([] as T[]).concat(...this.chunks);
  }
}
