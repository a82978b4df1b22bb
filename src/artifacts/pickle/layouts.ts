// Byte layouts of the raw data some loaders read from the stream in between pickles (joblib arrays, legacy torch storages).
import { itemValue } from './lazy-string.js';
import { CallV, DictV, isTuple, rootGlobal, type PickleGlobal, type Value } from './values.js';

/** torch.save's legacy format starts with this integer pickled on its own (torch/serialization.py MAGIC_NUMBER). */
export const LEGACY_TORCH_MAGIC = 0x1950a86a20f9469cfc6cn;

const STORAGE_ELEMENT_SIZES: Record<string, number> = {
  DoubleStorage: 8,
  FloatStorage: 4,
  HalfStorage: 2,
  BFloat16Storage: 2,
  LongStorage: 8,
  IntStorage: 4,
  ShortStorage: 2,
  CharStorage: 1,
  ByteStorage: 1,
  BoolStorage: 1,
  ComplexDoubleStorage: 16,
  ComplexFloatStorage: 8,
  QUInt8Storage: 1,
  QInt8Storage: 1,
  QInt32Storage: 4,
  QUInt4x2Storage: 1,
  QUInt2x4Storage: 1,
  UntypedStorage: 1,
};

export function storageElementSize(typeName: string): number | undefined {
  return STORAGE_ELEMENT_SIZES[typeName];
}

/** Calls whose arguments the analysis reads: numpy.dtype's type string (joblibArrayLayout). No other call keeps them. */
export function argumentsRead(callee: PickleGlobal | undefined): boolean {
  return callee !== undefined && callee.name === 'dtype';
}

export type JoblibLayout = { objectArray: boolean; aligned: boolean; bytes: number } | { error: string };

/** numpy dtype string ("f8", "<i4", "U10", "O") -> item size in bytes, or "object". */
export function dtypeItemSize(descr: string): number | 'object' | undefined {
  const m = /^[<>|=]?([?bBiufcmMOSaUV])(\d*)$/.exec(descr);
  if (!m) return undefined;
  const [, kind, digits] = m;
  if (kind === 'O') return 'object';
  if (kind === '?') return 1;
  const n = digits === '' ? undefined : Number(digits);
  if (n === undefined) return kind === 'b' || kind === 'B' ? 1 : undefined;
  return kind === 'U' ? n * 4 : n;
}

/**
 * How many bytes joblib (joblib/numpy_pickle.py, NumpyArrayWrapper.read_array) reads after the wrapper's BUILD:
 * object arrays are a nested pickle; others are count * itemsize bytes, preceded by a padding-length byte and the
 * padding when the wrapper has numpy_array_alignment_bytes.
 */
export function joblibArrayLayout(state: Value, get: (d: Value, k: string) => Value | undefined): JoblibLayout {
  if (!(state instanceof DictV) || state.entries === null) return { error: 'state is not a dict that could be tracked' };
  const shape = get(state, 'shape');
  const dtype = get(state, 'dtype');
  if (!isTuple(shape)) return { error: 'shape is not a tuple' };
  let count = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) return { error: 'shape has a non-integer dimension' };
    count *= d;
  }
  const descr = dtype instanceof CallV && isTuple(dtype.args) ? itemValue(dtype.args[0]) : undefined;
  if (!(dtype instanceof CallV) || rootGlobal(dtype)?.name !== 'dtype' || typeof descr !== 'string') {
    return { error: 'dtype is not a numpy.dtype(...) call with a string' };
  }
  const size = dtypeItemSize(descr);
  if (size === undefined) return { error: `unrecognized dtype ${JSON.stringify(descr)}` };
  if (size === 'object') return { objectArray: true, aligned: false, bytes: 0 };
  const bytes = count * size;
  if (!Number.isSafeInteger(bytes)) return { error: 'array size overflows' };
  return { objectArray: false, aligned: get(state, 'numpy_array_alignment_bytes') !== undefined, bytes };
}
