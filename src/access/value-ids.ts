/**
 * Small integer ids for JSON values and texts, for building short keys: equal values (the same JSON text) get the
 * same id, and an object seen before is not serialized again (the streaming reader shares equal values between
 * resources, so most settings of a bucket are objects seen before). Values must not change while ids are handed out.
 *
 * A key is a sequence of numbers written with `begin` / `add*` / `end`: each number becomes a few bytes (7 bits a
 * byte, the high bit set on all but the last), read as a one-byte string, so a key is one short flat string (no
 * per-part strings, no concatenation), and two sequences give the same key only when they are the same numbers in the
 * same order (no number's bytes are the start of another's).
 */
export class ValueIds {
  private readonly byJson = new Map<string, number>();
  private readonly byObject = new Map<object, number>();
  private readonly byPrimitive = new Map<unknown, number>();
  private readonly byText = new Map<string, number>();
  /** the text `ofTextFrom` was last asked for, and its id (-1: none yet) */
  private lastRest = '';
  private lastRestId = -1;
  /** the key being written: its first `length` bytes */
  private bytes = Buffer.alloc(256);
  private length = 0;

  /** The id of a JSON value (`undefined` has one too: an absent field and `undefined` alike). */
  of(value: unknown): number {
    if (typeof value === 'object' && value !== null) {
      let id = this.byObject.get(value);
      if (id === undefined) this.byObject.set(value, (id = this.ofJson(JSON.stringify(value))));
      return id;
    }
    // a primitive is told apart by its value, which is at least as fine as its JSON text
    let id = this.byPrimitive.get(value);
    if (id === undefined) this.byPrimitive.set(value, (id = this.ofJson(String(JSON.stringify(value)))));
    return id;
  }

  /** The id of a value given as its JSON text. */
  ofJson(json: string): number {
    let id = this.byJson.get(json);
    if (id === undefined) this.byJson.set(json, (id = this.byJson.size));
    return id;
  }

  /** The id of a text (ids of texts and of values are separate: write which one a key holds where it could be either). */
  ofText(text: string): number {
    let id = this.byText.get(text);
    if (id === undefined) this.byText.set(text, (id = this.byText.size));
    return id;
  }

  /**
   * The id of `text.slice(start)` (the id `ofText` gives it), without making that string when it is the one asked for
   * last: the part of each bucket's Resource patterns after its own ARN is one of a few (`/*`, ``), for every bucket.
   */
  ofTextFrom(text: string, start: number): number {
    if (this.lastRestId >= 0 && text.length - start === this.lastRest.length && text.endsWith(this.lastRest)) return this.lastRestId;
    this.lastRest = text.slice(start);
    this.lastRestId = this.ofText(this.lastRest);
    return this.lastRestId;
  }

  /** Starts a key. */
  begin(): void {
    this.length = 0;
  }

  /** Appends a number (a count, a tag or an id; below 2^32) to the key. */
  add(n: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    let rest = n >>> 0;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.bytes[this.length++] = rest;
  }

  /** Appends the id of a JSON value to the key. */
  addValue(value: unknown): void {
    this.add(this.of(value));
  }

  /** The key written since `begin`. */
  end(): string {
    return this.bytes.toString('latin1', 0, this.length);
  }
}
