// A byte-level splitter for one large JSON object whose big members are arrays (an inventory's resources and edges).
// It hands out each element of the streamed arrays as its own byte slice, to be JSON.parse'd and validated one at a
// time, and keeps the rest of the document (the "skeleton", where those arrays are left empty) to be parsed at the
// end. Memory stays bounded by the largest element, not the file, and no string ever approaches V8's length limit.

import { QUOTE, BACKSLASH, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, COMMA, NEWLINE, decodeKey } from './json-bytes.js';

const isSpace = (c: number) => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;

/** Where a problem is: a JSON path and the 1-based line of the file. */
export interface JsonLocation {
  path: string;
  line: number;
}

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly location: JsonLocation,
  ) {
    super(message);
  }
}

export interface SplitElement {
  /** the top-level key of the array the element belongs to */
  key: string;
  index: number;
  /** the element's JSON text */
  text: string;
  /** 1-based line where the element starts */
  line: number;
}

/**
 * Feed it chunks in order; it calls `onElement` for every element of the top-level arrays named in `streamedKeys`,
 * then `end()` returns the skeleton text (the document with those arrays empty).
 */
export class JsonArraySplitter {
  private depth = 0;
  private inString = false;
  private escapePending = false;
  private line = 1;
  // key tracking at depth 1 (the top-level object's members)
  private keyPieces: Buffer[] | undefined;
  private lastKey = '';
  private readonly seenStreamed = new Set<string>();
  // the streamed array we are inside, if any
  private streamKey: string | undefined;
  private index = 0;
  private expectElement = false;
  private elementPieces: Buffer[] | undefined;
  private elementLine = 0;
  private readonly skeleton: Buffer[] = [];

  constructor(
    private readonly streamedKeys: ReadonlySet<string>,
    private readonly onElement: (element: SplitElement) => void,
  ) {}

  push(chunk: Buffer): void {
    const n = chunk.length;
    let skeletonFrom = this.streamKey === undefined ? 0 : -1;
    let elementFrom = this.elementPieces ? 0 : -1;
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
      if (c === NEWLINE) {
        this.line++;
        continue;
      }
      if (isSpace(c)) continue;
      if (this.streamKey !== undefined && this.depth === 2) {
        // between or at the start of elements of a streamed array
        if (c === COMMA || c === CLOSE_ARRAY) {
          if (elementFrom >= 0) {
            this.elementPieces!.push(chunk.subarray(elementFrom, i));
            this.emitElement();
            elementFrom = -1;
          } else if (c === COMMA || this.expectElement) {
            throw new JsonSyntaxError(`unexpected "${String.fromCharCode(c)}" where an element was expected`, this.here());
          }
          if (c === COMMA) {
            this.expectElement = true;
            continue;
          }
          this.streamKey = undefined;
          this.depth = 1;
          skeletonFrom = i;
          continue;
        }
        if (elementFrom < 0 && !this.elementPieces) {
          this.elementPieces = [];
          this.elementLine = this.line;
          elementFrom = i;
          this.expectElement = false;
        }
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.streamKey === undefined) {
          this.keyPieces = [];
          keyFrom = i;
        }
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (c === OPEN_ARRAY && this.depth === 1 && this.streamedKeys.has(this.lastKey)) {
          if (this.seenStreamed.has(this.lastKey)) throw new JsonSyntaxError(`duplicate key "${this.lastKey}"`, this.here());
          this.seenStreamed.add(this.lastKey);
          this.streamKey = this.lastKey;
          this.index = 0;
          this.expectElement = false;
          this.skeleton.push(chunk.subarray(skeletonFrom, i + 1));
          skeletonFrom = -1;
        }
        this.depth++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth === 0) throw new JsonSyntaxError(`unexpected "${String.fromCharCode(c)}"`, this.here());
        this.depth--;
      }
    }
    if (skeletonFrom >= 0) this.skeleton.push(chunk.subarray(skeletonFrom, n));
    if (elementFrom >= 0) this.elementPieces!.push(chunk.subarray(elementFrom, n));
    if (keyFrom >= 0) this.keyPieces!.push(chunk.subarray(keyFrom, n));
  }

  /** The document with the streamed arrays left empty. */
  end(): string {
    if (this.depth !== 0 || this.inString) throw new JsonSyntaxError('unexpected end of file (the JSON is truncated)', this.here());
    return Buffer.concat(this.skeleton).toString('utf8');
  }

  private here(): JsonLocation {
    return { path: this.streamKey === undefined ? '$' : `$.${this.streamKey}[${this.index}]`, line: this.line };
  }

  private emitElement(): void {
    const pieces = this.elementPieces!;
    this.elementPieces = undefined;
    const text = pieces.length === 1 ? pieces[0].toString('utf8') : Buffer.concat(pieces).toString('utf8');
    this.onElement({ key: this.streamKey!, index: this.index++, text, line: this.elementLine });
  }
}
