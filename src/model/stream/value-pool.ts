import { ObjectShapes } from './object-shapes.js';
import { StringTable } from './string-table.js';

/**
 * Shares equal values between the elements of a streamed inventory, and stores what it keeps compactly. JSON.parse
 * and zod make a new string and a new object for every value, so a million resources would hold their account ids,
 * regions, ARNs (each bucket's id again in every edge) and repeated settings (`tags: {}`, `gaps: []`, the same Block
 * Public Access, ACL, trust policy or IAM binding in thousands of resources) hundreds of thousands of times.
 *
 * - Strings of at most `maxStringLength` characters are pooled for the whole read, but for one that finds no free slot
 *   within the StringTable's probe limit (it stays unshared, and so does any value holding it).
 * - Objects and arrays below an element are frozen, and shared with an equal one seen before when there is one.
 *   Their children are shared first, so two values are equal when they have the same keys and identical children: a
 *   hash of the keys and the children's ids finds the candidates. A value with a string seen for the first time
 *   cannot equal an earlier value, so it is neither looked up nor remembered: a value is shared from its third
 *   occurrence on, and a unique value (a bucket's own policy) costs no lookup. Values are remembered in two
 *   generations of at most `maxObjects` each, and at most 8 per hash: memory stays bounded on any file, lookups stay
 *   short, and a value still in use moves to the newer generation.
 * - Every object kept is copied into a literal of its keys (ObjectShapes), which stores all its properties inline.
 * - The element itself (a resource, an edge) is compacted too, but stays its own, unfrozen object.
 */
export class ValuePool {
  /** every string kept: the one instance all its occurrences share */
  private readonly strings = new StringTable();
  private readonly keyIds = new Map<string, number>();
  private recent = new Map<number, Remembered>();
  private older = new Map<number, Remembered>();
  private nextId = 0;
  private readonly shapes = new ObjectShapes();
  /**
   * Set by `share` for the value it returned: its hash, NEW when no earlier value can contain it, or SHARED_STRING for
   * a string seen before (its hash is `stringHash`).
   */
  private hash = NEW;
  private stringHash = 0;

  constructor(
    private readonly maxStringLength = 512,
    private readonly maxObjects = 1 << 17,
  ) {}

  /** A compact copy of a freshly parsed element whose values are shared and frozen. Consumes `element`. */
  internElement<T extends object>(element: T): T {
    const record = element as Record<string, unknown>;
    const keys = Object.keys(record);
    for (const key of keys) setOwn(record, key, this.share(record[key]));
    return this.shapes.compact(element, keys);
  }

  private share(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        this.hash = hashNumber(value);
        return value;
      case 'boolean':
        this.hash = value ? 2 : 6;
        return value;
      case 'object':
        if (value === null) {
          this.hash = 10;
          return value;
        }
        return Array.isArray(value) ? this.array(value) : this.record(value as Record<string, unknown>);
      default:
        this.hash = NEW;
        return value;
    }
  }

  private string(s: string): string {
    if (s.length > this.maxStringLength) {
      this.hash = NEW;
      return s;
    }
    const shared = this.strings.intern(s);
    if (shared === undefined) {
      this.hash = NEW;
      return s;
    }
    this.hash = SHARED_STRING;
    this.stringHash = this.strings.hash;
    return shared;
  }

  /** The hash of the value `share` returned last (not NEW). */
  private childHash(): number {
    return this.hash === SHARED_STRING ? (this.stringHash << 2) | 1 : this.hash;
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keyIds.size;
      this.keyIds.set(key, id);
    }
    return id;
  }

  private array(array: unknown[]): unknown[] {
    let hash = array.length;
    for (let i = 0; i < array.length; i++) {
      array[i] = this.share(array[i]);
      hash = hash === NEW || this.hash === NEW ? NEW : mix(hash, this.childHash());
    }
    return hash === NEW ? this.keep(array, undefined, NEW) : this.shared(array, undefined, finish(hash));
  }

  private record(record: Record<string, unknown>): Record<string, unknown> {
    const keys = Object.keys(record);
    let hash = keys.length + 0x51ed;
    for (const k of keys) {
      setOwn(record, k, this.share(record[k]));
      hash = hash === NEW || this.hash === NEW ? NEW : mix(mix(hash, this.keyId(k)), this.childHash());
    }
    return hash === NEW ? this.keep(record, keys, NEW) : this.shared(record, keys, finish(hash));
  }

  /** The remembered value equal to `value` (whose children are shared already), or `value` kept and remembered. */
  private shared<T extends object>(value: T, keys: string[] | undefined, hash: number): T {
    let found = findEqual(this.recent.get(hash), value, keys);
    if (found === undefined) {
      found = findEqual(this.older.get(hash), value, keys);
      if (found === undefined) return this.keep(value, keys, hash);
      this.remember(hash, found.value, found.keys, found.id);
    }
    this.hash = found.id * 4 + 3;
    return found.value as T;
  }

  /** `value` compacted and frozen; remembered under `hash` unless it is NEW. */
  private keep<T extends object>(value: T, keys: string[] | undefined, hash: number): T {
    const kept = Object.freeze(keys === undefined ? value : this.shapes.compact(value, keys));
    if (hash === NEW) {
      this.hash = NEW;
      return kept;
    }
    const id = this.nextId++;
    this.remember(hash, kept, keys, id);
    this.hash = id * 4 + 3;
    return kept;
  }

  private remember(hash: number, value: object, keys: string[] | undefined, id: number): void {
    if (this.recent.size >= this.maxObjects) {
      this.older = this.recent;
      this.recent = new Map();
    }
    const next = this.recent.get(hash);
    const collisions = next === undefined ? 0 : next.collisions + 1;
    // a file made to collide cannot make lookups quadratic: past a few values per hash, no more are remembered
    if (collisions < MAX_COLLISIONS) this.recent.set(hash, { value, keys, id, next, collisions });
  }
}

const MAX_COLLISIONS = 8;

/** The hash of a value no remembered value can contain (it, or one of its children, is seen for the first time). */
const NEW = -1;
/** `share` returned a string seen before: its hash is `stringHash`. */
const SHARED_STRING = -2;

interface Remembered {
  value: object;
  /** for an object, its keys; undefined for an array */
  keys: string[] | undefined;
  id: number;
  /** another value with the same hash */
  next: Remembered | undefined;
  /** how many values `next` leads to */
  collisions: number;
}

function findEqual(first: Remembered | undefined, value: object, keys: string[] | undefined): Remembered | undefined {
  for (let r = first; r !== undefined; r = r.next) if (shallowEqual(r, value, keys)) return r;
  return undefined;
}

/** Same keys in the same order and identical children (children are shared first, so identical means equal). */
function shallowEqual(remembered: Remembered, value: object, keys: string[] | undefined): boolean {
  if (keys === undefined) {
    const a = remembered.value as unknown[];
    const b = value as unknown[];
    if (remembered.keys !== undefined || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  const theirKeys = remembered.keys;
  if (theirKeys === undefined || theirKeys.length !== keys.length) return false;
  const a = remembered.value as Record<string, unknown>;
  const b = value as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) if (theirKeys[i] !== keys[i] || !Object.is(a[keys[i]], b[keys[i]])) return false;
  return true;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193) ^ (hash >>> 15);
}

/** A non-negative small integer, so that Map keys stay cheap. */
function finish(hash: number): number {
  return (hash ^ (hash >>> 16)) & 0x3fffffff;
}

function hashNumber(n: number): number {
  return Number.isInteger(n) ? (n | 0) * 8 + 4 : Math.imul((n * 1e6) | 0, 0x9e3779b1) | 7;
}

/** `record[key] = value`, except that a key named `__proto__` stays an own property instead of setting the prototype. */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}
