// Classifies the globals a pickle imports (and the modules/classes a Keras config names) as dangerous, safe or suspicious.
// Sources for every list are cited in docs/model-scanning.md. Entries are dotted paths: an entry matches the path itself
// and everything below it, so "os" covers "os.system" and "code.InteractiveInterpreter.runcode" covers just that method.

export type Classification = 'dangerous' | 'suspicious' | 'safe';

export interface GlobalVerdict {
  classification: Classification;
  why: string;
}

type Entry = readonly [path: string, why: string];

const PROCESS = 'runs operating-system commands or processes';
const CODE = 'evaluates or compiles Python code';
const IMPORT = 'imports arbitrary modules';
const NESTED = 'deserializes nested data that can itself run code';
const FILES = 'reads, writes or deletes files';
const NET = 'opens network connections';
const INDIRECT = 'indirection that reaches any attribute or callable (getattr-style gadget)';
const NATIVE = 'loads native code or manipulates raw memory';
const INTERP = 'controls the interpreter, threads or signals';

/** Known-dangerous callables and modules: picklescan _unsafe_globals, ModelScan unsafe_globals, fickling UNSAFE_IMPORTS, plus bypasses reported against them. */
const DANGEROUS: readonly Entry[] = [
  // process execution
  ['os', PROCESS],
  ['posix', PROCESS],
  ['nt', PROCESS],
  ['subprocess', PROCESS],
  ['_posixsubprocess', PROCESS],
  ['_winapi', PROCESS],
  ['pty', PROCESS],
  ['commands', PROCESS],
  ['popen2', PROCESS],
  ['platform', PROCESS],
  ['multiprocessing', PROCESS],
  ['pexpect', PROCESS],
  ['pipes', PROCESS],
  ['uuid._get_command_stdout', PROCESS],
  ['uuid._popen', PROCESS],
  ['_osx_support', PROCESS],
  ['_aix_support', PROCESS],
  ['_pyrepl', 'pipe_pager/tempfile_pager run shell commands'],
  ['numpy.distutils', PROCESS],
  ['distutils', PROCESS],
  ['setuptools.sandbox', CODE],
  ['webbrowser', PROCESS],
  ['venv', PROCESS],
  ['ensurepip', PROCESS],
  ['pip', 'installs packages (runs their setup code)'],
  ['torch.utils.collect_env.run', PROCESS],
  ['torch._inductor.codecache', 'compiles and runs code (compile_file spawns a compiler command)'],
  ['torch.utils.cpp_extension', 'compiles and loads native extensions'],
  // code evaluation
  ['builtins.eval', CODE],
  ['builtins.exec', CODE],
  ['builtins.execfile', CODE],
  ['builtins.compile', CODE],
  ['builtins.__import__', IMPORT],
  ['builtins.breakpoint', 'starts a debugger'],
  ['builtins.input', 'reads from standard input (pdb-style hijack)'],
  ['builtins.raw_input', 'reads from standard input'],
  ['builtins.help', 'runs pydoc (imports modules, spawns a pager)'],
  ['builtins.reload', IMPORT],
  ['builtins.apply', 'calls any callable with any arguments'],
  ['builtins.getattr', INDIRECT],
  ['builtins.setattr', 'overwrites attributes of any object'],
  ['builtins.delattr', 'deletes attributes of any object'],
  ['builtins.globals', 'exposes the module namespace'],
  ['builtins.locals', 'exposes the local namespace'],
  ['builtins.vars', 'exposes object namespaces'],
  ['builtins.open', FILES],
  ['builtins.file', FILES],
  ['builtins.exit', 'terminates the process'],
  ['builtins.quit', 'terminates the process'],
  ['code', CODE],
  ['codeop', CODE],
  ['runpy', CODE],
  ['types.CodeType', CODE],
  ['types.FunctionType', CODE],
  ['types.MethodType', INDIRECT],
  ['types.LambdaType', CODE],
  ['timeit', CODE],
  ['cProfile', CODE],
  ['profile', CODE],
  ['trace', CODE],
  ['pdb', CODE],
  ['bdb', CODE],
  ['doctest', CODE],
  ['idlelib', CODE],
  ['lib2to3', CODE],
  ['_interpreters', CODE],
  ['_xxsubinterpreters', CODE],
  ['numpy.testing', 'numpy.testing._private.utils.runstring is exec()'],
  ['numpy.f2py', 'calls eval on strings (getlincoef, _eval_length)'],
  ['torch.jit.unsupported_tensor_ops.execWrapper', CODE],
  ['torch._dynamo.guards.GuardBuilder.get', CODE],
  ['torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression', CODE],
  ['torch.utils.bottleneck', CODE],
  ['torch.testing._internal', CODE],
  ['asyncio', 'runs arbitrary coroutines and subprocesses'],
  // imports
  ['importlib', IMPORT],
  ['_frozen_importlib', IMPORT],
  ['_frozen_importlib_external', IMPORT],
  ['_imp', IMPORT],
  ['imp', IMPORT],
  ['pkgutil', IMPORT],
  ['zipimport', IMPORT],
  ['pydoc', 'imports arbitrary modules (pydoc.locate) and runs pagers'],
  ['site', IMPORT],
  ['sys', 'reaches sys.modules and the interpreter state'],
  ['gc', 'reaches every live object'],
  ['inspect', INDIRECT],
  ['unittest', CODE],
  ['test', CODE],
  // nested deserialization
  ['pickle', NESTED],
  ['_pickle', NESTED],
  ['cPickle', NESTED],
  ['pickletools', NESTED],
  ['marshal', NESTED],
  ['dill', NESTED],
  ['cloudpickle', NESTED],
  ['shelve', NESTED],
  ['joblib.load', NESTED],
  ['joblib.numpy_pickle.load', NESTED],
  ['sklearn.externals', NESTED],
  ['numpy.load', NESTED],
  ['numpy.lib.npyio.load', NESTED],
  ['numpy.lib._npyio_impl.load', NESTED],
  ['numpy.ctypeslib', NATIVE],
  ['numpy.fromfile', FILES],
  ['numpy.tofile', FILES],
  ['pandas.read_pickle', NESTED],
  ['pandas.io.pickle', NESTED],
  ['pandas.eval', CODE],
  ['pandas.core.computation', CODE],
  ['torch.load', NESTED],
  ['torch.serialization.load', NESTED],
  ['torch.serialization._load', NESTED],
  ['torch.serialization._legacy_load', NESTED],
  ['torch.storage._load_from_bytes', NESTED],
  ['torch.hub', 'downloads and runs code from a repository (torch.hub.load)'],
  ['torch.utils._config_module.ConfigModule.load_config', NESTED],
  ['torch.utils.data.datapipes.utils.decoder.basichandlers', NESTED],
  ['yaml.load', NESTED],
  ['yaml.load_all', NESTED],
  ['yaml.unsafe_load', NESTED],
  ['yaml.unsafe_load_all', NESTED],
  ['yaml.full_load', NESTED],
  ['copyreg.add_extension', 'registers extension codes so later EXT opcodes resolve to any callable'],
  ['copy_reg.add_extension', 'registers extension codes so later EXT opcodes resolve to any callable'],
  // indirection
  ['operator.attrgetter', INDIRECT],
  ['operator.itemgetter', INDIRECT],
  ['operator.methodcaller', INDIRECT],
  ['operator.call', INDIRECT],
  ['_operator.attrgetter', INDIRECT],
  ['_operator.itemgetter', INDIRECT],
  ['_operator.methodcaller', INDIRECT],
  ['_operator.call', INDIRECT],
  ['functools.partial', 'binds arguments to any callable (functools.partial(os.system, ...))'],
  ['functools.partialmethod', INDIRECT],
  ['functools.reduce', 'calls any callable repeatedly'],
  ['builtins.reduce', 'calls any callable repeatedly (Python 2 __builtin__.reduce is functools.reduce)'],
  ['_functools', INDIRECT],
  // native code
  ['ctypes', NATIVE],
  ['_ctypes', NATIVE],
  ['cffi', NATIVE],
  ['mmap', NATIVE],
  // files
  ['shutil', FILES],
  ['tempfile', FILES],
  ['filecmp', FILES],
  ['fileinput', FILES],
  ['glob', FILES],
  ['linecache', FILES],
  ['io.open', FILES],
  ['io.FileIO', FILES],
  ['io.open_code', FILES],
  ['_io.open', FILES],
  ['_io.FileIO', FILES],
  ['codecs.open', FILES],
  ['pathlib', FILES],
  ['tarfile', FILES],
  ['zipfile', FILES],
  ['sqlite3', FILES],
  ['_sqlite3', FILES],
  ['compileall', FILES],
  ['py_compile', FILES],
  ['logging', 'opens files and sockets through handlers; logging.config.listen runs code'],
  ['syslog', FILES],
  // network
  ['socket', NET],
  ['_socket', NET],
  ['ssl', NET],
  ['socketserver', NET],
  ['select', NET],
  ['selectors', NET],
  ['http', NET],
  ['httplib', NET],
  ['urllib', NET],
  ['urllib2', NET],
  ['urllib3', NET],
  ['requests', NET],
  ['httpx', NET],
  ['aiohttp', NET],
  ['ftplib', NET],
  ['smtplib', NET],
  ['imaplib', NET],
  ['poplib', NET],
  ['nntplib', NET],
  ['telnetlib', NET],
  ['xmlrpc', NET],
  ['xmlrpclib', NET],
  // interpreter control
  ['signal', INTERP],
  ['_signal', INTERP],
  ['threading', INTERP],
  ['_thread', INTERP],
  ['thread', INTERP],
  ['atexit', INTERP],
];

const RECONSTRUCT = 'reconstructs data (known allow-list entry)';

/** Reconstruction callables that ordinary PyTorch, NumPy, collections and scikit-learn pickles use. */
const SAFE: readonly Entry[] = [
  ['collections.OrderedDict', RECONSTRUCT],
  ['collections.defaultdict', RECONSTRUCT],
  ['collections.deque', RECONSTRUCT],
  ['collections.Counter', RECONSTRUCT],
  ['_collections.OrderedDict', RECONSTRUCT],
  ['_collections.defaultdict', RECONSTRUCT],
  ['_collections.deque', RECONSTRUCT],
  ['copyreg._reconstructor', RECONSTRUCT],
  ['copyreg.__newobj__', RECONSTRUCT],
  ['copyreg.__newobj_ex__', RECONSTRUCT],
  ['copy_reg._reconstructor', RECONSTRUCT],
  ['_codecs.encode', 'encodes a str to bytes (how protocol 2 pickles bytes)'],
  ['codecs.encode', RECONSTRUCT],
  ['datetime.datetime', RECONSTRUCT],
  ['datetime.date', RECONSTRUCT],
  ['datetime.time', RECONSTRUCT],
  ['datetime.timedelta', RECONSTRUCT],
  ['datetime.timezone', RECONSTRUCT],
  ['decimal.Decimal', RECONSTRUCT],
  ['fractions.Fraction', RECONSTRUCT],
  ['uuid.UUID', RECONSTRUCT],
  ['torch._utils._rebuild_tensor', RECONSTRUCT],
  ['torch._utils._rebuild_tensor_v2', RECONSTRUCT],
  ['torch._utils._rebuild_tensor_v3', RECONSTRUCT],
  ['torch._utils._rebuild_parameter', RECONSTRUCT],
  ['torch._utils._rebuild_parameter_with_state', RECONSTRUCT],
  ['torch._utils._rebuild_sparse_tensor', RECONSTRUCT],
  ['torch._utils._rebuild_sparse_csr', RECONSTRUCT],
  ['torch._utils._rebuild_qtensor', RECONSTRUCT],
  ['torch._utils._rebuild_device_tensor_from_numpy', RECONSTRUCT],
  ['torch._utils._rebuild_device_tensor_from_cpu_tensor', RECONSTRUCT],
  ['torch._utils._rebuild_meta_tensor_no_storage', RECONSTRUCT],
  ['torch._utils._rebuild_nested_tensor', RECONSTRUCT],
  ['torch._utils._rebuild_wrapper_subclass', RECONSTRUCT],
  ['torch._tensor._rebuild_from_type', RECONSTRUCT],
  ['torch._tensor._rebuild_from_type_v2', RECONSTRUCT],
  ['torch.nn.parameter.Parameter', RECONSTRUCT],
  ['torch.nn.Parameter', RECONSTRUCT],
  ['torch.Tensor', RECONSTRUCT],
  ['torch.Size', RECONSTRUCT],
  ['torch.device', RECONSTRUCT],
  ['torch.serialization._get_layout', RECONSTRUCT],
  ['torch.storage.UntypedStorage', RECONSTRUCT],
  ['torch.storage.TypedStorage', RECONSTRUCT],
  ['torch.storage._TypedStorage', RECONSTRUCT],
  ['torch.UntypedStorage', RECONSTRUCT],
  ['torch.TypedStorage', RECONSTRUCT],
  ['numpy.core.multiarray._reconstruct', RECONSTRUCT],
  ['numpy._core.multiarray._reconstruct', RECONSTRUCT],
  ['numpy.core.multiarray.scalar', RECONSTRUCT],
  ['numpy._core.multiarray.scalar', RECONSTRUCT],
  ['numpy.core.numeric._frombuffer', RECONSTRUCT],
  ['numpy._core.numeric._frombuffer', RECONSTRUCT],
  ['numpy.ma.core._mareconstruct', RECONSTRUCT],
  ['numpy.dtype', RECONSTRUCT],
  ['numpy.dtypes', RECONSTRUCT],
  ['numpy.ndarray', RECONSTRUCT],
  ['numpy.random._pickle', RECONSTRUCT],
  ['joblib.numpy_pickle.NumpyArrayWrapper', RECONSTRUCT],
  ['sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper', RECONSTRUCT],
  ['pandas._libs.internals._unpickle_block', RECONSTRUCT],
  ['pandas.core.internals.blocks.new_block', RECONSTRUCT],
  ['pandas._libs.tslibs.timestamps._unpickle_timestamp', RECONSTRUCT],
  ['pandas._libs.tslibs.timedeltas._timedelta_unpickle', RECONSTRUCT],
  ['pandas._libs.tslibs.nattype.__nat_unpickle', RECONSTRUCT],
  ['pandas._libs.arrays.__pyx_unpickle_NDArrayBacked', RECONSTRUCT],
];

const SAFE_BUILTINS = new Set([
  'bool', 'int', 'float', 'complex', 'str', 'bytes', 'bytearray', 'list', 'tuple', 'set', 'frozenset', 'dict', 'slice',
  'range', 'object', 'len', 'abs', 'sum', 'min', 'max', 'round', 'pow', 'divmod', 'sorted', 'reversed', 'enumerate',
  'zip', 'map', 'filter', 'iter', 'next', 'all', 'any', 'hash', 'id', 'repr', 'ascii', 'bin', 'hex', 'oct', 'ord', 'chr',
  'isinstance', 'issubclass', 'callable', 'format', 'unicode', 'long', 'basestring', 'NotImplemented', 'Ellipsis',
  'xrange', 'unichr',
]);

const NUMPY_SCALARS = /^numpy\.(u?int(8|16|32|64)?|float(16|32|64|128)?|complex(64|128|256)?|bool_?|str_|bytes_|void|object_|datetime64|timedelta64|longlong|ulonglong|half|single|double|longdouble)$/;

/** Python 2 module names that pickle maps to Python 3 ones (Lib/_compat_pickle.py), plus builtins aliases. */
const MODULE_ALIASES: Record<string, string> = {
  __builtin__: 'builtins',
  __builtins__: 'builtins',
  exceptions: 'builtins',
  copy_reg: 'copyreg',
  cPickle: 'pickle',
  commands: 'subprocess',
  urllib2: 'urllib.request',
  httplib: 'http.client',
  SocketServer: 'socketserver',
  BaseHTTPServer: 'http.server',
  SimpleHTTPServer: 'http.server',
  CGIHTTPServer: 'http.server',
  SimpleXMLRPCServer: 'xmlrpc.server',
  DocXMLRPCServer: 'xmlrpc.server',
  thread: '_thread',
  Queue: 'queue',
  __main__: '__main__',
};

/** Attributes that walk from any object to globals, builtins or classes (sandbox-escape gadgets). */
const TRAVERSAL_DUNDERS = new Set([
  '__globals__', '__builtins__', '__subclasses__', '__code__', '__dict__', '__getattribute__', '__getattr__', '__class__',
  '__base__', '__bases__', '__mro__', '__import__', '__loader__', '__spec__', '__reduce__', '__reduce_ex__', '__self__',
  '__func__', '__closure__', '__module__', '__init_subclass__', '__setattr__', '__delattr__', '__call__',
]);

function matchEntry(entries: readonly Entry[], path: string): Entry | undefined {
  let best: Entry | undefined;
  for (const e of entries) {
    if ((path === e[0] || path.startsWith(`${e[0]}.`)) && (!best || e[0].length > best[0].length)) best = e;
  }
  return best;
}

function normalizeModule(module: string): string {
  const first = module.split('.')[0];
  const alias = MODULE_ALIASES[first];
  return alias === undefined ? module : alias + module.slice(first.length);
}

/** Whitespace, zero-width and byte-order characters, removed (with NFKC folding) to see through disguised names. */
const DISGUISE = /[\s\u200b-\u200f\u2060\ufeff]/g;

/**
 * Classifies `module.name` (name may be dotted: pickle resolves it attribute by attribute). A module or name with
 * whitespace or non-ASCII characters is classified as what it would read as without them (fullwidth or padded
 * "os"), and is never safe.
 */
export function classifyGlobal(module: string, name: string): GlobalVerdict {
  if (/^[\x21-\x7e]*$/.test(module) && /^[\x21-\x7e]*$/.test(name)) return classifyPlain(module, name);
  const m = module.normalize('NFKC').replace(DISGUISE, '');
  const n = name.normalize('NFKC').replace(DISGUISE, '');
  const v = classifyPlain(m, n);
  if (v.classification === 'dangerous') return { classification: 'dangerous', why: `${v.why} (name disguised with whitespace or Unicode look-alikes)` };
  return { classification: 'suspicious', why: 'module or name contains whitespace or non-ASCII characters' };
}

function classifyPlain(module: string, name: string): GlobalVerdict {
  const mod = normalizeModule(module);
  const parts = name.split('.');
  const dunder = parts.find((p, i) => (i > 0 && /^__\w+__$/.test(p)) || TRAVERSAL_DUNDERS.has(p));
  if (dunder) return { classification: 'dangerous', why: `walks to ${dunder}, which reaches globals, builtins or classes (attribute-traversal gadget)` };
  const paths = [`${mod}.${name}`];
  if (mod !== module) paths.push(`${module}.${name}`);
  for (const path of paths) {
    const bad = matchEntry(DANGEROUS, path);
    if (bad) return { classification: 'dangerous', why: `${bad[0]}: ${bad[1]}` };
  }
  const path = paths[0];
  if (mod === 'builtins') {
    return SAFE_BUILTINS.has(name) ? { classification: 'safe', why: 'a builtin type or pure function' } : { classification: 'suspicious', why: 'a builtin not on the allow-list' };
  }
  const good = matchEntry(SAFE, path);
  // module-wide entries cover the module's own callables, not attributes reached through them
  const moduleWide = good && (good[0] === 'numpy.dtypes' || good[0] === 'numpy.random._pickle') && !path.slice(good[0].length + 1).includes('.');
  if (good && (path === good[0] || moduleWide)) return { classification: 'safe', why: good[1] };
  if (NUMPY_SCALARS.test(path)) return { classification: 'safe', why: 'a numpy scalar type' };
  if (/^torch\.[A-Za-z0-9]*Storage$/.test(path)) return { classification: 'safe', why: 'a torch storage type' };
  if (/^torch\.(float\d*|double|half|bfloat16|u?int\d*|long|short|bool|complex\d*|cfloat|cdouble|qu?int\d+|quint\dx\d|float8_\w+|chalf)$/.test(path)) {
    return { classification: 'safe', why: 'a torch dtype' };
  }
  if (/^torch\.(strided|sparse_coo|sparse_csr|sparse_csc|sparse_bsr|sparse_bsc|_mkldnn|contiguous_format|channels_last|channels_last_3d|preserve_format)$/.test(path)) {
    return { classification: 'safe', why: 'a torch layout or memory format' };
  }
  if (/^torch\.nn\.modules(\.\w+)+\.[A-Z]\w*$/.test(path) && parts.length === 1) return { classification: 'safe', why: 'a torch.nn module class (BUILD restores its state)' };
  if (/^pandas\.core(\.\w+)+\.[A-Z]\w*$/.test(path) && parts.length === 1 && !path.startsWith('pandas.core.computation.')) return { classification: 'safe', why: 'a pandas data structure class (BUILD restores its state)' };
  if (/^sklearn(\.\w+)+\.[A-Z]\w*$/.test(path) && parts.length === 1 && !/^sklearn\.(externals|utils\._testing)/.test(path)) {
    return { classification: 'safe', why: 'a scikit-learn estimator or helper class (BUILD restores its state)' };
  }
  return { classification: 'suspicious', why: 'not on the allow-list of known reconstruction callables' };
}

/** Number of entries, for docs and tests. */
export const CLASSIFIER_SIZES = { dangerous: DANGEROUS.length, safe: SAFE.length };
