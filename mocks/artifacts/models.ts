// Realistic model artifacts written opcode by opcode: PyTorch (zip and legacy), joblib/scikit-learn, Keras.
import zlib from 'node:zlib';
import { buildZip } from './containers.js';
import { PickleBuilder, pickle } from './pickle-builder.js';

export interface TensorSpec {
  name: string;
  shape: number[];
}

/** Pushes a tensor the way torch.save does: _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict()). */
function pushTensor(p: PickleBuilder, key: string, shape: number[], memo: { next: number }, legacy: boolean): void {
  const numel = shape.reduce((a, b) => a * b, 1);
  const stride = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  p.global('torch._utils', '_rebuild_tensor_v2').binput(memo.next++);
  p.mark();
  // persistent id: ('storage', torch.FloatStorage, key, 'cpu', numel)
  p.mark().binunicode('storage').binput(memo.next++).global('torch', 'FloatStorage').binput(memo.next++).binunicode(key).binput(memo.next++);
  p.binunicode('cpu').binput(memo.next++).int(numel);
  if (legacy) p.none();
  p.tuple().binput(memo.next++).binpersid();
  p.int(0);
  p.mark();
  for (const d of shape) p.int(d);
  p.tuple().binput(memo.next++);
  p.mark();
  for (const s of stride) p.int(s);
  p.tuple().binput(memo.next++);
  p.bool(false).global('collections', 'OrderedDict').binput(memo.next++).emptyTuple().reduce().binput(memo.next++);
  p.tuple().binput(memo.next++).reduce().binput(memo.next++);
}

/** data.pkl of a state dict (protocol 2, as torch.save writes it). `inject` adds opcodes before the final STOP. */
export function stateDictPickle(tensors: TensorSpec[], options: { legacy?: boolean; inject?: (p: PickleBuilder) => void } = {}): Buffer {
  const p = pickle().proto(2);
  const memo = { next: 0 };
  p.global('collections', 'OrderedDict').binput(memo.next++).emptyTuple().reduce().binput(memo.next++);
  p.mark();
  tensors.forEach((t, i) => {
    p.binunicode(t.name).binput(memo.next++);
    pushTensor(p, String(i), t.shape, memo, options.legacy ?? false);
  });
  p.setitems();
  options.inject?.(p);
  return p.stop().bytes();
}

const numelOf = (t: TensorSpec) => t.shape.reduce((a, b) => a * b, 1);

/** A PyTorch >= 1.6 zip checkpoint: archive/data.pkl plus one stored member per storage. */
export function buildPytorchZip(tensors: TensorSpec[], options: { inject?: (p: PickleBuilder) => void; storageBytes?: (i: number, n: number) => Buffer; prefix?: string } = {}): Buffer {
  const prefix = options.prefix ?? 'archive';
  const storage = options.storageBytes ?? ((_i: number, n: number) => Buffer.alloc(n, 0x3f));
  return buildZip([
    { name: `${prefix}/data.pkl`, data: stateDictPickle(tensors, { inject: options.inject }) },
    { name: `${prefix}/byteorder`, data: Buffer.from('little') },
    ...tensors.map((t, i) => ({ name: `${prefix}/data/${i}`, data: storage(i, numelOf(t) * 4) })),
    { name: `${prefix}/version`, data: Buffer.from('3\n') },
    { name: `${prefix}/.data/serialization_id`, data: Buffer.from('1234567890123456789012345678901234567890\n') },
  ]);
}

/** A legacy (pre-1.6) torch.save file: magic, protocol, sys_info, the state dict, the storage keys, then the storages. */
export function buildLegacyTorch(tensors: TensorSpec[], options: { inject?: (p: PickleBuilder) => void; after?: Buffer } = {}): Buffer {
  const magic = pickle().proto(2).long1(0x1950a86a20f9469cfc6cn).stop().bytes();
  const protocol = pickle().proto(2).int(1001).stop().bytes();
  const sysInfo = pickle()
    .proto(2)
    .emptyDict()
    .mark()
    .binunicode('protocol_version')
    .int(1001)
    .binunicode('little_endian')
    .bool(true)
    .binunicode('type_sizes')
    .emptyDict()
    .mark()
    .binunicode('short')
    .int(2)
    .binunicode('int')
    .int(4)
    .binunicode('long')
    .int(4)
    .setitems()
    .setitems()
    .stop()
    .bytes();
  const model = stateDictPickle(tensors, { legacy: true, inject: options.inject });
  const keys = pickle().proto(2).emptyList().mark();
  tensors.forEach((_, i) => keys.binunicode(String(i)));
  const keysPickle = keys.appends().stop().bytes();
  const storages = tensors.map((t) => {
    const n = Buffer.alloc(8);
    n.writeBigInt64LE(BigInt(numelOf(t)));
    return Buffer.concat([n, Buffer.alloc(numelOf(t) * 4, 0x2e)]);
  });
  return Buffer.concat([magic, protocol, sysInfo, model, keysPickle, ...storages, options.after ?? Buffer.alloc(0)]);
}

/** joblib.dump of a scikit-learn estimator with float64 arrays written raw after their NumpyArrayWrapper (joblib >= 1.2 layout). */
export function buildJoblib(options: { arrays?: number[]; inject?: (p: PickleBuilder) => void; arrayBytes?: (i: number, n: number) => Buffer; objectArrayPayload?: Buffer } = {}): Buffer {
  const arrays = options.arrays ?? [3, 1];
  const parts: Buffer[] = [];
  let p = pickle().proto(4);
  p.stackGlobalOf('sklearn.linear_model._base', 'LinearRegression').memoize().emptyTuple().newobj().memoize();
  p.emptyDict().memoize().mark();
  p.str('fit_intercept').bool(true);
  arrays.forEach((n, i) => {
    p.str(`array_${i}`);
    p.stackGlobalOf('joblib.numpy_pickle', 'NumpyArrayWrapper').memoize().emptyTuple().newobj().memoize();
    p.emptyDict().memoize().mark();
    p.str('subclass').stackGlobalOf('numpy', 'ndarray').memoize();
    p.str('shape').int(n).tuple1().memoize();
    p.str('order').str('C');
    p.str('dtype').stackGlobalOf('numpy', 'dtype').memoize().str('f8').bool(false).bool(true).tuple3().reduce().memoize();
    p.mark().int(3).str('<').none().none().none().int(-1).int(-1).int(0).tuple().build();
    p.str('allow_mmap').bool(true);
    p.str('numpy_array_alignment_bytes').int(16);
    p.setitems().build();
    // joblib commits the frame, then writes padding length, padding, and the raw array
    parts.push(p.bytes());
    const pad = 3;
    parts.push(Buffer.from([pad]), Buffer.alloc(pad), options.arrayBytes?.(i, n * 8) ?? Buffer.alloc(n * 8, 0x52));
    p = pickle();
  });
  if (options.objectArrayPayload) {
    p.str('object_array');
    p.stackGlobalOf('joblib.numpy_pickle', 'NumpyArrayWrapper').memoize().emptyTuple().newobj().memoize();
    p.emptyDict().memoize().mark();
    p.str('subclass').stackGlobalOf('numpy', 'ndarray').memoize();
    p.str('shape').int(1).tuple1().memoize();
    p.str('order').str('C');
    p.str('dtype').stackGlobalOf('numpy', 'dtype').memoize().str('O8').bool(false).bool(true).tuple3().reduce().memoize();
    p.str('allow_mmap').bool(false);
    p.setitems().build();
    parts.push(p.bytes(), options.objectArrayPayload);
    p = pickle();
  }
  p.setitems().build();
  options.inject?.(p);
  parts.push(p.stop().bytes());
  return Buffer.concat(parts);
}

export const zlibCompress = (b: Buffer) => zlib.deflateSync(b);

/** A Keras 3 .keras archive (config.json, metadata.json, model.weights.h5). */
export function buildKeras(layers: unknown[]): Buffer {
  const config = {
    module: 'keras.src.models.sequential',
    class_name: 'Sequential',
    config: { name: 'sequential', layers },
    registered_name: null,
  };
  return buildZip([
    { name: 'metadata.json', data: Buffer.from(JSON.stringify({ keras_version: '3.3.3', date_saved: '2024-05-01@10:00:00' })) },
    { name: 'config.json', data: Buffer.from(JSON.stringify(config)), method: 'deflate' },
    { name: 'model.weights.h5', data: Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512)]) },
  ]);
}

export const kerasDense = (name: string) => ({ module: 'keras.layers', class_name: 'Dense', config: { name, units: 4, activation: 'relu' }, registered_name: null });

/**
 * An HDF5 file laid out the way h5py stores a Keras 2 model: superblock, then the root group's object header with a
 * model_config attribute holding the JSON as a fixed-length string. Synthetic (no weights), but byte-compatible at the
 * places the scanner reads: the signature and the attribute's name and value.
 */
export function buildKerasH5(modelConfig: unknown): Buffer {
  const superblock = Buffer.alloc(96);
  Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]).copy(superblock);
  const json = Buffer.from(JSON.stringify(modelConfig));
  const attr = Buffer.concat([Buffer.from([0x0c, 0, 0, 0, 0x01, 0, 0x0d, 0]), Buffer.from('model_config\0'), Buffer.alloc(3), json]);
  const kerasVersion = Buffer.concat([Buffer.from('keras_version\0'), Buffer.from('2.15.0')]);
  return Buffer.concat([superblock, Buffer.from('OHDR'), attr, Buffer.alloc(8), kerasVersion, Buffer.alloc(2048)]);
}
