// The abstract values the pickle walker keeps on its stack and memo: just enough to resolve globals and calls.
import type { LazyString } from './lazy-string.js';

/** A global imported by a pickle (GLOBAL, STACK_GLOBAL, INST or an EXT code), with where it appeared and how it was used. */
export interface PickleGlobal {
  module: string;
  name: string;
  /** absolute byte offset of the first opcode that imported it */
  offset: number;
  opcode: 'GLOBAL' | 'STACK_GLOBAL' | 'INST' | 'EXT1' | 'EXT2' | 'EXT4';
  /** index of the pickle in the stream (0 = first) where it first appeared */
  pickleIndex: number;
  occurrences: number;
  /** the first few calls (REDUCE, NEWOBJ, OBJ, INST, BUILD, ...) with their offsets */
  calls: CallSite[];
  callCount: number;
  /** set when module/name could not be determined statically */
  unresolved?: string;
  /** unresolved because module or name is the result of a call: an obfuscated import, treated as dangerous */
  computed?: boolean;
}

export interface CallSite {
  opcode: string;
  offset: number;
  /** e.g. "result of the call is called" */
  note?: string;
}

export class GlobalV {
  /** the result of calling this global with arguments nobody reads: one shared value (see CallV) */
  result: CallV | undefined = undefined;
  constructor(readonly ref: PickleGlobal) {}
}

/**
 * The result of calling something (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, INST). Immutable: results of calling the same
 * callee with arguments that are not kept are indistinguishable to the analysis, so the walker shares one of them.
 */
export class CallV {
  /** the result of calling this result (see GlobalV.result) */
  result: CallV | undefined = undefined;
  constructor(
    readonly callee: Value,
    readonly args: Value,
  ) {}
}

/**
 * A tuple is a plain array (one allocation per tuple), never mutated once built. Its string items may still be
 * LazyStrings (detached from the input): read them with itemValue.
 */
export type TupleV = readonly (Value | LazyString)[];

export function isTuple(v: Value | undefined): v is TupleV {
  return Array.isArray(v);
}

export class ListV {
  /** null once the list is too long to track */
  items: Value[] | null = [];
}

export class DictV {
  /** keys and values alternating (k0, v0, k1, v1, ...); null once the dict is too large to track */
  entries: Value[] | null = [];
}

/** A bytes/bytearray/over-long string argument that was skipped, not copied. */
export class BlobV {
  constructor(
    readonly kind: 'bytes' | 'string',
    readonly length: number,
  ) {}
}

/** Anything whose content does not matter for the analysis (sets, persistent objects, out-of-band buffers). */
export class OpaqueV {
  constructor(readonly what: string) {}
}

export type Value = string | number | bigint | boolean | null | GlobalV | CallV | TupleV | ListV | DictV | BlobV | OpaqueV;

/** Short human description of a value, used as evidence for unresolvable operands. */
export function describeValue(v: Value, depth = 0): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  if (v instanceof GlobalV) return `global ${v.ref.module}.${v.ref.name}`;
  if (v instanceof CallV) return depth > 2 ? 'result of a call' : `result of calling ${describeValue(v.callee, depth + 1)}`;
  if (isTuple(v)) return `tuple of ${v.length}`;
  if (v instanceof ListV) return 'list';
  if (v instanceof DictV) return 'dict';
  if (v instanceof BlobV) return `${v.kind} of ${v.length} bytes`;
  return v.what;
}

/** The global at the root of a value: the callee of a call chain, or the global itself. */
export function rootGlobal(v: Value): PickleGlobal | undefined {
  for (let i = 0; i < 16; i++) {
    if (v instanceof GlobalV) return v.ref;
    if (v instanceof CallV) v = v.callee;
    else return undefined;
  }
  return undefined;
}

export function dictGet(d: Value, key: string): Value | undefined {
  if (!(d instanceof DictV) || d.entries === null) return undefined;
  const e = d.entries;
  for (let i = 0; i + 1 < e.length; i += 2) if (e[i] === key) return e[i + 1];
  return undefined;
}
