/**
 * Typed arrays for the graph's tables, which live to the end of a scan, made on a SharedArrayBuffer.
 *
 * V8 counts the memory of an ordinary ArrayBuffer as "external" and starts a full collection once 64 MB more of it
 * was allocated since the last one. At 10^6 resources the graph's arrays pass that, and the collection they start
 * frees nothing of theirs (they are all live) but marks the whole inventory: 0.6-0.8 s, mostly in one pause
 * (docs/benchmarks.md, session 9). A SharedArrayBuffer's memory is not counted that way (V8 leaves shared backing
 * stores out of the per-isolate accounting); it is still freed when the array is collected. Nothing here is shared
 * with another thread.
 */
export function int32s(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

export function uint16s(length: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(length * 2));
}

export function uint8s(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}
