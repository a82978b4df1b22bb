// Pickles for bench:artifacts, shaped like what real libraries write (opcode for opcode), at any size.
import { PickleBuilder, pickle } from '../mocks/artifacts/pickle-builder.js';

/** Memo-tracking wrapper: pickle memoizes every object it writes and refers back with (LONG_)BINGET. */
class Memo {
  next = 0;
  readonly ids = new Map<string, number>();
  /** MEMOIZE (protocol 4+) the value just pushed under a name */
  keep(p: PickleBuilder, name?: string): PickleBuilder {
    if (name !== undefined) this.ids.set(name, this.next);
    this.next++;
    return p.memoize();
  }
  /** BINPUT/LONG_BINPUT (protocol 2) */
  put(p: PickleBuilder, name?: string): PickleBuilder {
    const i = this.next++;
    if (name !== undefined) this.ids.set(name, i);
    return i < 256 ? p.binput(i) : p.longBinput(i);
  }
  get(p: PickleBuilder, name: string): PickleBuilder {
    const i = this.ids.get(name);
    if (i === undefined) throw new Error(`memo: ${name} not stored`);
    return i < 256 ? p.binget(i) : p.longBinget(i);
  }
  has(name: string): boolean {
    return this.ids.has(name);
  }
}

/** Worst case for the walker: one opcode every 3.7 bytes (short strings, ints, floats, tuples, memo puts/gets, dict items). */
export function opDensePickle(target: number): Buffer {
  const block = pickle().mark();
  for (let i = 0; i < 2000; i++) {
    block.shortBinunicode(`layer.${i % 97}.weight`).binput(i % 256).binget(i % 256).pop();
    block.mark().int(i % 250).int(i).binfloat(i / 7).none().tuple();
  }
  const body = block.setitems().bytes();
  const head = pickle().proto(4).emptyDict().bytes();
  const copies = Math.max(1, Math.floor(target / body.length));
  return Buffer.concat([head, ...new Array<Buffer>(copies).fill(body), Buffer.from('.')]);
}

/** numpy arrays pickled inline (1 MiB BINBYTES8 each) with their reconstruct calls: payload bytes are skipped by length. */
export function inlineArraysPickle(target: number): Buffer {
  const MB = 1024 * 1024;
  const parts: Buffer[] = [pickle().proto(4).emptyList().mark().bytes()];
  const payload = Buffer.alloc(MB, 7);
  const one = pickle().stackGlobalOf('numpy._core.multiarray', '_reconstruct').memoize().stackGlobalOf('numpy', 'ndarray').int(0).tuple1().shortBinbytes(Buffer.from('b')).tuple3().reduce().mark().int(1).int(262144).tuple1().stackGlobalOf('numpy', 'dtype').str('f4').bool(false).bool(true).tuple3().reduce().bool(false).binbytes8(payload).tuple().build().bytes();
  for (let n = 0; n < target; n += one.length) parts.push(one);
  parts.push(pickle().appends().stop().bytes());
  return Buffer.concat(parts);
}

const TREE_PARAMS: [string, 'str' | 'int' | 'none' | 'float'][] = [
  ['criterion', 'str'],
  ['splitter', 'str'],
  ['max_depth', 'int'],
  ['min_samples_split', 'int'],
  ['min_samples_leaf', 'int'],
  ['min_weight_fraction_leaf', 'float'],
  ['max_features', 'none'],
  ['max_leaf_nodes', 'none'],
  ['random_state', 'int'],
  ['min_impurity_decrease', 'float'],
  ['class_weight', 'none'],
  ['ccp_alpha', 'float'],
  ['monotonic_cst', 'none'],
  ['n_features_in_', 'int'],
  ['n_outputs_', 'int'],
  ['max_features_', 'int'],
];

/**
 * A scikit-learn GradientBoostingClassifier-like pickle (protocol 4, as joblib.dump / pickle.dump write it): `trees`
 * DecisionTreeRegressor objects of 15 nodes (max_depth 3), each with its parameter dict, a Tree built by REDUCE and
 * BUILD, and its node and value arrays as numpy _reconstruct + BUILD with inline bytes. Strings and classes are
 * memoized once and referenced with BINGET afterwards, as pickle does for shared objects.
 */
export function sklearnEnsemblePickle(trees: number): Buffer {
  // trees after the first 1000 only refer back to memo entries of the first ones (classes, keys, dtypes) and MEMOIZE
  // their own objects, so every further block of 1000 trees is byte-identical: built once, then repeated
  const built = Math.min(trees, 2000);
  const { head, block, tail } = sklearnParts(built);
  const copies = trees > built ? Math.ceil((trees - built) / 1000) : 0;
  return Buffer.concat([head, ...new Array<Buffer>(copies).fill(block), tail]);
}

function sklearnParts(trees: number): { head: Buffer; block: Buffer; tail: Buffer } {
  const m = new Memo();
  const p = pickle().proto(4);
  const cls = (module: string, name: string) => {
    const key = `${module}.${name}`;
    if (m.has(key)) return m.get(p, key);
    m.keep(p.shortBinunicode(module));
    m.keep(p.shortBinunicode(name));
    return m.keep(p.stackGlobal(), key);
  };
  const str = (s: string) => (m.has(`s:${s}`) ? m.get(p, `s:${s}`) : m.keep(p.shortBinunicode(s), `s:${s}`));
  const dtype = (descr: string) => {
    if (m.has(`dtype:${descr}`)) return m.get(p, `dtype:${descr}`);
    cls('numpy', 'dtype');
    str(descr);
    p.bool(false).bool(true).tuple3().reduce();
    m.keep(p, `dtype:${descr}`);
    return p.mark().int(3).str('<').none().none().none().int(-1).int(-1).int(0).tuple().build();
  };
  const ndarray = (shape: number[], descr: string, bytes: number) => {
    cls('numpy.core.multiarray', '_reconstruct');
    cls('numpy', 'ndarray');
    p.int(0).tuple1();
    p.shortBinbytes(Buffer.from('b'));
    m.keep(p);
    p.tuple3().reduce();
    m.keep(p);
    p.mark().int(1).mark();
    for (const d of shape) p.int(d);
    p.tuple();
    m.keep(p);
    dtype(descr);
    p.bool(false);
    m.keep(bytes > 255 ? p.binbytes(Buffer.alloc(bytes, 1)) : p.shortBinbytes(Buffer.alloc(bytes, 1)));
    p.tuple().build();
  };
  cls('sklearn.ensemble._gb', 'GradientBoostingClassifier');
  p.emptyTuple().newobj();
  m.keep(p);
  p.emptyDict();
  m.keep(p);
  p.mark();
  str('n_estimators');
  p.int(trees);
  str('learning_rate');
  p.binfloat(0.1);
  str('_sklearn_version');
  str('1.5.2');
  p.setitems();
  str('trees');
  p.emptyList();
  m.keep(p);
  const nodeCount = 15;
  let before: Buffer = Buffer.alloc(0);
  let block: Buffer = Buffer.alloc(0);
  for (let t = 0; t < trees; t++) {
    if (t === 1000) before = p.bytes();
    if (t % 1000 === 0) p.mark();
    cls('sklearn.tree._classes', 'DecisionTreeRegressor');
    p.emptyTuple().newobj();
    m.keep(p);
    p.emptyDict();
    m.keep(p);
    p.mark();
    TREE_PARAMS.forEach(([key, kind], i) => {
      str(key);
      if (kind === 'str') str(i === 0 ? 'friedman_mse' : 'best');
      else if (kind === 'int') p.int(i === 2 ? 3 : i === 8 ? 42 : 2);
      else if (kind === 'float') p.binfloat(0);
      else p.none();
    });
    str('tree_');
    cls('sklearn.tree._tree', 'Tree');
    p.int(20);
    ndarray([1], '<i8', 8);
    p.int(1).tuple3().reduce();
    m.keep(p);
    p.emptyDict();
    m.keep(p);
    p.mark();
    str('max_depth');
    p.int(3);
    str('node_count');
    p.int(nodeCount);
    str('nodes');
    ndarray([nodeCount], 'V64', nodeCount * 64);
    str('values');
    ndarray([nodeCount, 1, 1], '<f8', nodeCount * 8);
    p.setitems().build();
    str('_sklearn_version');
    str('1.5.2');
    p.setitems().build();
    if (t % 1000 === 999 || t === trees - 1) p.appends();
    if (t === 1999) block = p.bytes().subarray(before.length);
  }
  const all = p.bytes();
  return { head: all, block, tail: pickle().setitem().build().stop().bytes() };
}

/**
 * archive/data.pkl of a transformer state dict as torch.save writes it (protocol 2): an OrderedDict of
 * _rebuild_tensor_v2(persistent storage id, offset, size, stride, requires_grad, backward hooks) calls, globals and
 * repeated strings memoized once and fetched with BINGET/LONG_BINGET, SETITEMS in batches of 1000, and the
 * `_metadata` state set by BUILD.
 */
export function torchStateDictPickle(layers: number): Buffer {
  const m = new Memo();
  const p = pickle().proto(2);
  const global = (module: string, name: string) => (m.has(`${module}.${name}`) ? m.get(p, `${module}.${name}`) : m.put(p.global(module, name), `${module}.${name}`));
  const str = (s: string) => (m.has(`s:${s}`) ? m.get(p, `s:${s}`) : m.put(p.binunicode(s), `s:${s}`));
  global('collections', 'OrderedDict');
  p.emptyTuple().reduce();
  m.put(p);
  const names: { key: string; shape: number[] }[] = [];
  const d = 1024;
  names.push({ key: 'model.embed_tokens.weight', shape: [32000, d] });
  for (let l = 0; l < layers; l++) {
    for (const proj of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) names.push({ key: `model.layers.${l}.self_attn.${proj}.weight`, shape: [d, d] });
    for (const proj of ['gate_proj', 'up_proj', 'down_proj']) names.push({ key: `model.layers.${l}.mlp.${proj}.weight`, shape: proj === 'down_proj' ? [d, 4 * d] : [4 * d, d] });
    names.push({ key: `model.layers.${l}.input_layernorm.weight`, shape: [d] });
    names.push({ key: `model.layers.${l}.post_attention_layernorm.weight`, shape: [d] });
  }
  names.push({ key: 'model.norm.weight', shape: [d] });
  names.push({ key: 'lm_head.weight', shape: [32000, d] });
  names.forEach((t, i) => {
    if (i % 1000 === 0) p.mark();
    m.put(p.binunicode(t.key));
    global('torch._utils', '_rebuild_tensor_v2');
    p.mark();
    p.mark();
    str('storage');
    global('torch', 'BFloat16Storage');
    m.put(p.binunicode(String(i)));
    str('cpu');
    p.int(t.shape.reduce((a, b) => a * b, 1));
    p.tuple();
    m.put(p);
    p.binpersid().int(0);
    for (const dims of [t.shape, t.shape.map((_, k) => t.shape.slice(k + 1).reduce((a, b) => a * b, 1))]) {
      if (dims.length === 1) p.int(dims[0]).tuple1();
      else p.int(dims[0]).int(dims[1]).tuple2();
      m.put(p);
    }
    p.bool(false);
    global('collections', 'OrderedDict');
    p.emptyTuple().reduce();
    m.put(p);
    p.tuple();
    m.put(p);
    p.reduce();
    m.put(p);
    if (i % 1000 === 999 || i === names.length - 1) p.setitems();
  });
  // state: {'_metadata': OrderedDict({'': {'version': 1}, 'model': {...}, ...})}
  p.emptyDict();
  m.put(p);
  str('_metadata');
  global('collections', 'OrderedDict');
  p.emptyTuple().reduce();
  m.put(p);
  p.mark();
  const modules = ['', 'model', 'model.embed_tokens', ...Array.from({ length: layers }, (_, l) => [`model.layers.${l}`, `model.layers.${l}.self_attn`, `model.layers.${l}.mlp`]).flat(), 'model.norm', 'lm_head'];
  for (const mod of modules) {
    m.put(p.binunicode(mod));
    p.emptyDict();
    m.put(p);
    str('version');
    p.int(1).setitem();
  }
  p.setitems().setitem().build();
  return p.stop().bytes();
}
