/**
 * The typed arrays of the scan's large integer tables (the graph's arrays, the access edges' ends, the reader's string
 * table index), made in one place because where their memory is counted decides when V8 collects.
 *
 * They are ordinary ArrayBuffers, whose memory V8 counts as "external": once 64 MB more of it was allocated since the
 * last full collection, V8 starts one. At 10^6 resources the graph's arrays pass that, so a full collection comes
 * right after the access stage and frees its garbage. Session 9 made them on SharedArrayBuffers instead (not counted
 * that way) and measured: the one full collection the evaluation has does not go away, it moves to wherever the heap
 * reaches its limit (the access or the graph stage), costs as much there (0.6-1.0 s of wall time, pause and marking
 * together), and when it comes early in the access stage it leaves that stage's garbage on the memory peak (1,798-1,838
 * against 1,653-1,661 MiB). The evaluation's time did not change (10.0-10.8 s either way on the same machine), so the
 * collection is left where V8's own accounting puts it (docs/benchmarks.md, session 9).
 */
export function int32s(length: number): Int32Array {
  return new Int32Array(length);
}

export function uint16s(length: number): Uint16Array {
  return new Uint16Array(length);
}

export function uint8s(length: number): Uint8Array {
  return new Uint8Array(length);
}
