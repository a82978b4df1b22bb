
/**
 * A set of strings that hands back the instance it holds for an equal string, hashed from their characters (FNV-1a).
 * A Map<string, string> holds 3.5 words per entry of its capacity (a bucket, then key, value and link): at 10^6
 * resources, 3.6 million distinct strings, ~117 MiB of tables on the heap, all garbage once the file is read.
 *
 * Here a string's hash's top bits choose one of 256 tables; each lists its strings in the order they came (one word
 * each) with their hashes (Int32s), and finds them through an open-addressing index of positions (Int32s, at most
 * 0.7 used). At 10^6 the heap after the read drops 901 -> 693 MiB for the same read time. Why this shape (measured
 * at 10^6 with one array of string slots instead, 64 MiB):
 * - the lists are written in order, so a scavenge finds the new strings it must update next to each other; slots
 *   written at random places were that many cache misses (+0.8 s of scavenges);
 * - a table grows on its own, and its index is rebuilt from the stored hashes without reading a string (rehashing
 *   the strings of the one big array: 1.4 s);
 * - the Int32s hold no pointers, so no collection traces them.
 * A string is looked for in at most `maxProbes` slots (quadratic probing); one that finds no free slot there is not
 * held and stays a string of its own, so strings made to collide cannot make a read quadratic.
 */
export class StringTable {
  private readonly lists: string[][] = [];
  /** each listed string's hash, so that an index is rebuilt and probed without reading the strings */
  private readonly hashes: Int32Array[] = [];
  /** position + 1 in the list of the same table, 0 for a free slot */
  private readonly indexes: Int32Array[] = [];
  /** the hash of the string `intern` was given last */
  hash = 0;

  constructor(private readonly maxProbes = 32) {
    for (let t = 0; t < TABLES; t++) {
      this.lists.push([]);
      this.hashes.push(new Int32Array(16));
      this.indexes.push(new Int32Array(16));
    }
  }

  /** How many strings were taken (held, or dropped past `maxProbes` when an index grew). */
  get count(): number {
    return this.lists.reduce((n, list) => n + list.length, 0);
  }

  /** The string held equal to `s`; or undefined when there was none, and `s` is held from now on (if it found a slot). */
  intern(s: string): string | undefined {
    const hash = hashString(s);
    this.hash = hash;
    const t = hash >>> TABLE_SHIFT;
    const list = this.lists[t];
    const index = this.indexes[t];
    const mask = index.length - 1;
    let i = hash & mask;
    for (let probe = 1; probe <= this.maxProbes; probe++) {
      const at = index[i];
      if (at === 0) {
        this.append(t, s, hash, i);
        return undefined;
      }
      if (this.hashes[t][at - 1] === hash) {
        const held = list[at - 1];
        if (held === s) return held;
      }
      i = (i + probe) & mask;
    }
    return undefined;
  }

  private append(t: number, s: string, hash: number, slot: number): void {
    const list = this.lists[t];
    let hashes = this.hashes[t];
    if (list.length === hashes.length) {
      hashes = new Int32Array(hashes.length * 2);
      hashes.set(this.hashes[t]);
      this.hashes[t] = hashes;
    }
    hashes[list.length] = hash;
    this.indexes[t][slot] = list.push(s);
    if (list.length * 10 > this.indexes[t].length * 7) this.grow(t);
  }

  /** Doubles the index of table `t`. A string that finds no slot in it stays in the list, unreachable. */
  private grow(t: number): void {
    const hashes = this.hashes[t];
    const count = this.lists[t].length;
    const index = new Int32Array(this.indexes[t].length * 2);
    const mask = index.length - 1;
    for (let k = 0; k < count; k++) {
      let i = hashes[k] & mask;
      for (let probe = 1; probe <= this.maxProbes; probe++) {
        if (index[i] === 0) {
          index[i] = k + 1;
          break;
        }
        i = (i + probe) & mask;
      }
    }
    this.indexes[t] = index;
  }
}

const TABLE_SHIFT = 24;
const TABLES = 1 << (32 - TABLE_SHIFT);

/** FNV-1a over the UTF-16 code units, its bits mixed down (murmur3's finalizer): the top ones choose a table */
export function hashString(s: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
