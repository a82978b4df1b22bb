/**
 * The text of `JSON.stringify(value, null, 2)` as a sequence of chunks, so a document larger than a JavaScript string
 * can hold (about 512 MiB) can still be written. Objects down to depth 1 and arrays down to depth 2 are written a
 * member at a time; anything deeper (a resource, an edge, a finding, a rule) is stringified on its own and indented
 * to its depth. The large collections of our documents (inventory resources and edges, findings, rules, BOM
 * components) sit at those depths, so no chunk is larger than one of their elements.
 */
export function* jsonChunks(value: unknown): Generator<string, void, undefined> {
  yield* chunksOf(withToJson(value, ''), 0);
}

/** A JSON file's text: `JSON.stringify(value, null, 2)` and a final newline, as chunks. */
export function* jsonDocumentChunks(value: unknown): Generator<string, void, undefined> {
  yield* jsonChunks(value);
  yield '\n';
}

const OPEN_OBJECTS_TO_DEPTH = 1;
const OPEN_ARRAYS_TO_DEPTH = 2;
const INDENT = '  ';

/** `v` is a value after its toJSON, if any, was applied. */
function* chunksOf(v: unknown, depth: number): Generator<string, void, undefined> {
  if (Array.isArray(v) && depth <= OPEN_ARRAYS_TO_DEPTH) yield* arrayChunks(v, depth);
  else if (isOpenableObject(v) && depth <= OPEN_OBJECTS_TO_DEPTH) yield* objectChunks(v, depth);
  else yield indented(v, depth);
}

function* arrayChunks(items: readonly unknown[], depth: number): Generator<string, void, undefined> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  const pad = INDENT.repeat(depth + 1);
  for (let i = 0; i < items.length; i++) {
    yield i === 0 ? `[\n${pad}` : `,\n${pad}`;
    const item = withToJson(items[i], String(i));
    if (isSkipped(item)) yield 'null';
    else yield* chunksOf(item, depth + 1);
  }
  yield `\n${INDENT.repeat(depth)}]`;
}

function* objectChunks(object: Record<string, unknown>, depth: number): Generator<string, void, undefined> {
  const pad = INDENT.repeat(depth + 1);
  let first = true;
  for (const key of Object.keys(object)) {
    const member = withToJson(object[key], key);
    if (isSkipped(member)) continue;
    yield `${first ? '{\n' : ',\n'}${pad}${JSON.stringify(key)}: `;
    first = false;
    yield* chunksOf(member, depth + 1);
  }
  yield first ? '{}' : `\n${INDENT.repeat(depth)}}`;
}

/** JSON.stringify calls a value's toJSON(key) before looking at it. */
function withToJson(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(k: string): unknown }).toJSON(key) : value;
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A plain object (not a boxed primitive, which JSON.stringify writes as its primitive value). */
function isOpenableObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !(value instanceof Number || value instanceof String || value instanceof Boolean);
}

/**
 * A value stringified on its own, its lines indented to `depth` as they would be inside the whole document: the value
 * is stringified inside `depth` one-element arrays, which indent it, and the text of those arrays is cut off (cheaper
 * than re-indenting every line).
 */
function indented(value: unknown, depth: number): string {
  if (depth === 0 || value === null || typeof value !== 'object') return JSON.stringify(value, null, 2);
  let wrapped: unknown = value;
  for (let d = 0; d < depth; d++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  const { open, close } = wrappers(depth);
  return text.slice(open, text.length - close);
}

const wrapperLengths: { open: number; close: number }[] = [];

/** Lengths of the text `depth` wrapping arrays add before and after the value ("[\n  [\n    " and "\n  ]\n]"). */
function wrappers(depth: number): { open: number; close: number } {
  let lengths = wrapperLengths[depth];
  if (!lengths) {
    let open = 0;
    let close = 0;
    for (let d = 0; d < depth; d++) {
      open += 2 + INDENT.length * (d + 1);
      close += 2 + INDENT.length * d;
    }
    lengths = wrapperLengths[depth] = { open, close };
  }
  return lengths;
}
