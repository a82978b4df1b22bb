import { QUOTE, BACKSLASH, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, NEWLINE, decodeKey } from './json-bytes.js';
import { JsonSyntaxError } from './json-array-splitter.js';

const EMPTY_OBJECT = Buffer.from('{}');

/**
 * Splits the bytes of one JSON object in two streams: the object value of one top-level member (an inventory inside a
 * result) goes to `inner`, byte for byte, and the rest of the document goes to `outer` with `{}` in its place. So a
 * JsonArraySplitter, which streams top-level arrays only, can stream the arrays of that member too. The JSON is not
 * checked here: the splitters fed from it do that.
 */
export class MemberRouter {
  private depth = 0;
  private inString = false;
  private escapePending = false;
  private line = 1;
  private keyPieces: Buffer[] | undefined;
  private lastKey = '';
  private routing = false;
  private routed = false;
  /** the 1-based line of the file where the routed member's value starts */
  innerStartLine = 0;

  constructor(
    private readonly key: string,
    private readonly outer: (bytes: Buffer) => void,
    private readonly inner: (bytes: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    const n = chunk.length;
    let from = 0;
    let keyFrom = this.keyPieces ? 0 : -1;
    let i = 0;
    if (this.escapePending) {
      this.escapePending = false;
      i = 1;
    }
    for (; i < n; i++) {
      const c = chunk[i];
      if (this.inString) {
        if (c === BACKSLASH) {
          if (i + 1 >= n) this.escapePending = true;
          i++;
        } else if (c === QUOTE) {
          this.inString = false;
          if (keyFrom >= 0) {
            this.keyPieces!.push(chunk.subarray(keyFrom, i + 1));
            this.lastKey = decodeKey(this.keyPieces!);
            this.keyPieces = undefined;
            keyFrom = -1;
          }
        }
        continue;
      }
      if (c === NEWLINE) this.line++;
      else if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1) {
          this.keyPieces = [];
          keyFrom = i;
          this.lastKey = '';
        }
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (c === OPEN_OBJECT && this.depth === 1 && this.lastKey === this.key) {
          if (this.routed) throw new JsonSyntaxError(`duplicate key "${this.key}"`, { path: '$', line: this.line });
          this.routing = this.routed = true;
          this.innerStartLine = this.line;
          if (i > from) this.outer(chunk.subarray(from, i));
          this.outer(EMPTY_OBJECT);
          from = i;
        }
        this.depth++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        this.depth--;
        if (this.routing && this.depth === 1) {
          this.inner(chunk.subarray(from, i + 1));
          this.routing = false;
          from = i + 1;
        }
      }
    }
    if (from < n) (this.routing ? this.inner : this.outer)(chunk.subarray(from, n));
    if (keyFrom >= 0) this.keyPieces!.push(chunk.subarray(keyFrom, n));
  }
}
