// Verdicts on artifacts shaped like the public corpus of malicious and benign pickles: the unsafe globals documented by
// picklescan (src/picklescan/scanner.py _unsafe_globals, tests/init_data_files.py) and ModelScan (modelscan/settings.py
// unsafe_globals), the Python pickle documentation's warning example, and published bypasses (GHSA advisories against
// picklescan). Every fixture is written opcode by opcode; nothing is unpickled.
import { describe, expect, it } from 'vitest';
import { scanArtifact } from '../../src/artifacts/scan-artifact.js';
import { BufferSource } from '../../src/artifacts/sources/buffer.js';
import { buildTar, buildZip, gzip } from '../../mocks/artifacts/containers.js';
import { buildPytorchZip, buildLegacyTorch } from '../../mocks/artifacts/models.js';
import { pickle, reduceCall } from '../../mocks/artifacts/pickle-builder.js';
import type { Verdict } from '../../src/artifacts/types.js';

async function verdictOf(bytes: Buffer, name = 'model.pkl'): Promise<Verdict> {
  return (await scanArtifact(new BufferSource(name, bytes))).verdict;
}

/** `module.name(arg)` as a protocol 0 text pickle (GLOBAL), the shape of the pickle docs' example. */
const textCall = (module: string, name: string, arg = 'id') => Buffer.from(`c${module}\n${name}\n(V${arg}\ntR.`, 'utf8');
/** `module.name(arg)` through STACK_GLOBAL (protocol 4), the shape picklescan's malicious*_v4 files have. */
const stackCall = (module: string, name: string, arg = 'id') => pickle().proto(4).stackGlobalOf(module, name).str(arg).tuple1().reduce().stop().bytes();

// picklescan _unsafe_globals and ModelScan unsafe_globals (CRITICAL and HIGH), one callable per entry ("*" entries:
// the callable used in their tests or advisories), plus the modules and callables the pickle documentation and the
// published bypasses use.
const DOCUMENTED_UNSAFE: [string, string][] = [
  ...['eval', 'compile', 'getattr', 'apply', 'exec', 'open', 'breakpoint', '__import__', 'execfile', 'input'].flatMap((n) => [['__builtin__', n], ['builtins', n]] as [string, string][]),
  ['cloudpickle.cloudpickle', '_builtin_type'], ['cloudpickle.cloudpickle', '_make_function'], ['cloudpickle.cloudpickle', '_function_setstate'],
  ['cloudpickle.cloudpickle', '_make_cell'], ['cloudpickle.cloudpickle', '_make_empty_cell'], ['cloudpickle.cloudpickle', 'subimport'],
  ['types', 'CodeType'], ['types', 'FunctionType'],
  ['aiohttp', 'ClientSession'], ['aiohttp.client', 'ClientSession'],
  ['asyncio', 'create_subprocess_shell'], ['asyncio.subprocess', 'create_subprocess_exec'], ['asyncio.unix_events', '_UnixSubprocessTransport._start'],
  ['bdb', 'Bdb.run'], ['commands', 'getoutput'], ['ctypes', 'CDLL'], ['ctypes', 'cdll.LoadLibrary'], ['_ctypes', 'dlopen'],
  ['functools', 'partial'], ['httplib', 'HTTPSConnection'], ['http.client', 'HTTPSConnection'],
  ['logging', 'FileHandler'], ['_io', 'FileIO'], ['io', 'FileIO'],
  ['numpy.f2py', 'crackfortran.getlincoef'], ['numpy.f2py.crackfortran', 'getlincoef'], ['numpy.testing._private.utils', 'runstring'],
  ['nt', 'system'], ['posix', 'system'], ['posix', 'posix_spawn'], ['nt', 'startfile'],
  ['_operator', 'attrgetter'], ['_operator', 'itemgetter'], ['_operator', 'methodcaller'],
  ['operator', 'attrgetter'], ['operator', 'itemgetter'], ['operator', 'methodcaller'],
  ['os', 'system'], ['os', 'popen'], ['os', 'execv'], ['os', 'execl'], ['os', 'spawnv'], ['os', 'spawnlp'], ['os', 'posix_spawnp'], ['os', 'remove'], ['os.path', 'join'],
  ['requests.api', 'get'], ['requests', 'post'], ['runpy', '_run_code'], ['runpy', 'run_path'], ['runpy', 'run_module'],
  ['shutil', 'rmtree'], ['socket', 'create_connection'], ['ssl', 'get_server_certificate'],
  ['subprocess', 'Popen'], ['subprocess', 'run'], ['subprocess', 'check_output'], ['subprocess', 'call'], ['subprocess', 'getoutput'],
  ['sys', 'exit'], ['sys', 'modules.get'], ['code', 'InteractiveInterpreter.runcode'], ['code', 'interact'], ['codeop', 'compile_command'],
  ['cProfile', 'run'], ['cProfile', 'runctx'], ['distutils.file_util', 'write_file'], ['doctest', 'debug_script'], ['ensurepip', '_run_pip'],
  ['idlelib.autocomplete', 'AutoComplete.get_entity'], ['idlelib.autocomplete', 'AutoComplete.fetch_completions'], ['idlelib.calltip', 'Calltip.fetch_tip'],
  ['idlelib.calltip', 'get_entity'], ['idlelib.debugobj', 'ObjectTreeItem.SetText'], ['idlelib.pyshell', 'ModifiedInterpreter.runcode'],
  ['idlelib.pyshell', 'ModifiedInterpreter.runcommand'], ['idlelib.run', 'Executive.runcode'], ['imaplib', 'IMAP4_stream'],
  ['lib2to3.pgen2.grammar', 'Grammar.loads'], ['lib2to3.pgen2.pgen', 'ParserGenerator.make_label'],
  ['pdb', 'run'], ['pdb', 'Pdb.run'], ['pickle', 'loads'], ['pickle', 'load'], ['_pickle', 'loads'], ['cPickle', 'loads'], ['pip', 'main'], ['pip._internal', 'main'],
  ['pkgutil', 'resolve_name'], ['pty', 'spawn'], ['profile', 'run'], ['profile', 'Profile.run'], ['profile', 'Profile.runctx'],
  ['pydoc', 'locate'], ['pydoc', 'pipepager'], ['test.support.script_helper', 'assert_python_ok'], ['timeit', 'timeit'], ['timeit', 'Timer'],
  ['torch._dynamo.guards', 'GuardBuilder.get'], ['torch._inductor.codecache', 'compile_file'],
  ['torch.fx.experimental.symbolic_shapes', 'ShapeEnv.evaluate_guards_expression'], ['torch.jit.unsupported_tensor_ops', 'execWrapper'],
  ['torch.serialization', 'load'], ['torch', 'load'], ['torch.utils._config_module', 'ConfigModule.load_config'],
  ['torch.utils.bottleneck.__main__', 'run_cprofile'], ['torch.utils.bottleneck.__main__', 'run_autograd_prof'], ['torch.utils.collect_env', 'run'],
  ['torch.utils.data.datapipes.utils.decoder', 'basichandlers'], ['trace', 'Trace.run'], ['trace', 'Trace.runctx'],
  ['urllib.request', 'urlopen'], ['urllib', 'urlopen'], ['urllib2', 'urlopen'], ['uuid', '_get_command_stdout'], ['venv', 'create'], ['webbrowser', 'open'],
  ['_osx_support', '_read_output'], ['_aix_support', '_read_cmd_output'], ['_pyrepl.pager', 'pipe_pager'], ['_pyrepl.pager', 'tempfile_pager'],
  ['importlib', 'import_module'], ['importlib', '__import__'], ['marshal', 'loads'], ['numpy', 'load'], ['numpy.lib.npyio', 'load'], ['joblib', 'load'],
  ['dill', 'loads'], ['shelve', 'open'], ['yaml', 'unsafe_load'], ['pandas', 'read_pickle'], ['_posixsubprocess', 'fork_exec'],
  ['socket', 'socket'], ['smtplib', 'SMTP'], ['ftplib', 'FTP'], ['telnetlib', 'Telnet'], ['xmlrpc.client', 'ServerProxy'], ['http.server', 'HTTPServer'],
  ['multiprocessing', 'Process'], ['threading', 'Thread'], ['signal', 'signal'], ['tempfile', 'mkstemp'], ['pathlib', 'Path.write_text'],
  ['builtins', 'setattr'], ['builtins', 'delattr'], ['builtins', 'globals'], ['builtins', 'vars'], ['platform', 'popen'],
  // Python 2 names that protocol 0-2 unpickling maps to Python 3 ones (Lib/_compat_pickle.py IMPORT_MAPPING, NAME_MAPPING)
  ['__builtin__', 'reduce'], ['BaseHTTPServer', 'HTTPServer'], ['SimpleHTTPServer', 'SimpleHTTPRequestHandler'], ['SimpleXMLRPCServer', 'SimpleXMLRPCServer'],
  ['thread', 'start_new_thread'], ['copy_reg', 'add_extension'], ['pandas', 'eval'], ['pandas.core.computation.eval', 'eval'],
];

describe('documented unsafe globals', () => {
  it.each(DOCUMENTED_UNSAFE)('%s.%s is malicious through GLOBAL, STACK_GLOBAL and INST', async (module, name) => {
    expect(await verdictOf(textCall(module, name))).toBe('malicious');
    expect(await verdictOf(stackCall(module, name))).toBe('malicious');
    expect(await verdictOf(pickle().mark().binunicode('x').inst(module, name).stop().bytes())).toBe('malicious');
  });
});

// the Python pickle documentation, "Restricting Globals" and the warning at the top of the page
describe('pickle documentation examples', () => {
  it('the os.system example is malicious', async () => {
    expect(await verdictOf(Buffer.from("cos\nsystem\n(S'echo hello world'\ntR.", 'latin1'))).toBe('malicious');
  });
  it("the RestrictedUnpickler example's builtins.eval payload is malicious", async () => {
    expect(await verdictOf(Buffer.from("cbuiltins\neval\n(S'getattr(__import__(\"os\"), \"system\")(\"echo hello world\")'\ntR.", 'latin1'))).toBe('malicious');
  });
  it('the benign builtins.set / range examples are clean', async () => {
    // pickle.dumps([1, 2, range(15)]) (protocol 4) and builtins.set at protocol 2
    expect(await verdictOf(pickle().proto(4).emptyList().mark().int(1).int(2).stackGlobalOf('builtins', 'range').int(0).int(15).int(1).tuple3().reduce().appends().stop().bytes())).toBe('clean');
    expect(await verdictOf(pickle().proto(2).global('__builtin__', 'set').emptyList().mark().int(1).int(2).appends().tuple1().reduce().stop().bytes())).toBe('clean');
  });
});

describe('walker tricks', () => {
  it('headerless pickles (no PROTO) of protocol 4 opcodes are detected and scanned', async () => {
    expect(await verdictOf(pickle().stackGlobalOf('os', 'system').str('id').tuple1().reduce().stop().bytes())).toBe('malicious');
    expect(await verdictOf(pickle().mark().str('id').inst('os', 'system').stop().bytes())).toBe('malicious');
    expect(await verdictOf(pickle().str('x').pop().global('os', 'system').str('id').tuple1().reduce().stop().bytes())).toBe('malicious');
  });

  it('picklescan malicious-invalid-bytes.pkl: UNICODE/PUT/GET text operands for STACK_GLOBAL, junk after STOP', async () => {
    const data = Buffer.from("Vos\np2\n0Vsystem\np3\n0Vtorch\np0\n0VLongStorage\np1\n0g2\ng3\n\x93(Vcat flag.txt\ntR.\n\n\t\t", 'latin1');
    expect(await verdictOf(data)).toBe('malicious');
  });

  it('picklescan keyerror-exploit.pkl: os.system before a GET of a missing memo key', async () => {
    const data = pickle().proto(4).global('os', 'system').unicode('echo pwned').tuple1().reduce().pop().shortBinunicode('os').memoize().binget(3).binget(0).stackGlobal().int(0x42).stop().bytes();
    expect(await verdictOf(data)).toBe('malicious');
  });

  it('picklescan type-confusion-exploit.pkl: STACK_GLOBAL of (42, "os") after os.system', async () => {
    const data = pickle().proto(4).global('os', 'system').unicode('x').tuple1().reduce().pop().int(42).memoize().shortBinunicode('os').memoize().binget(0).binget(1).stackGlobal().int(0x42).stop().bytes();
    expect(await verdictOf(data)).toBe('malicious');
  });

  it('STACK_GLOBAL operands computed by an allowed call (builtins.str) are malicious, not merely unknown', async () => {
    const data = pickle().proto(4).stackGlobalOf('builtins', 'str').str('os').tuple1().reduce().str('system').stackGlobal().str('id').tuple1().reduce().stop().bytes();
    expect(await verdictOf(data)).toBe('malicious');
    const viaMemo = pickle().proto(4).stackGlobalOf('builtins', 'str').str('posix').tuple1().reduce().memoize().pop().binget(0).str('system').stackGlobal().str('id').tuple1().reduce().stop().bytes();
    expect(await verdictOf(viaMemo)).toBe('malicious');
  });

  it('protocol 0/1 GLOBAL and INST with dotted modules and dotted names', async () => {
    expect(await verdictOf(textCall('os.path', 'os.system'))).toBe('malicious');
    expect(await verdictOf(textCall('numpy.testing._private.utils', 'runstring'))).toBe('malicious');
    expect(await verdictOf(Buffer.from("(S'id'\nisubprocess\ncheck_output\n.", 'latin1'))).toBe('malicious');
    expect(await verdictOf(Buffer.from("(cos\nsystem\nS'id'\no.", 'latin1'))).toBe('malicious');
  });

  it('whitespace, zero-width and fullwidth characters in module names', async () => {
    for (const m of ['os ', ' os', 'os\r', 'o\u200bs', '\uff4f\uff53', 'sub process']) {
      expect(await verdictOf(textCall(m, 'system'))).toBe('malicious');
      expect(await verdictOf(stackCall(m, 'system'))).toBe('malicious');
    }
    expect(await verdictOf(stackCall('builtins', 'ev\u200bal'))).toBe('malicious');
  });

  it('REDUCE on a callable reached through getattr / attrgetter / methodcaller / partial', async () => {
    // GHSA-46h3-79wf-xr6c: _operator.attrgetter("system")(__import__("os"))("id")
    const attr = pickle().proto(4).stackGlobalOf('_operator', 'attrgetter').str('system').tuple1().reduce().stackGlobalOf('builtins', '__import__').str('os').tuple1().reduce().tuple1().reduce().str('id').tuple1().reduce().stop().bytes();
    expect(await verdictOf(attr)).toBe('malicious');
    // BUILD sets an attribute of an allowed object to os.system; REDUCE then calls something read from it via getattr
    const build = pickle().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().memoize().none().mark().str('f').global('os', 'system').dict().tuple2().build().pop().global('builtins', 'getattr').binget(0).str('f').tuple2().reduce().str('id').tuple1().reduce().stop().bytes();
    expect(await verdictOf(build)).toBe('malicious');
  });

  it('a second pickle appended after STOP (and after a benign torch state dict)', async () => {
    const benign = pickle().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().stop().bytes();
    expect(await verdictOf(Buffer.concat([benign, benign, textCall('os', 'system')]))).toBe('malicious');
    expect(await verdictOf(Buffer.concat([benign, stackCall('os', 'system')]))).toBe('malicious');
  });
});

const T = [{ name: 'fc.weight', shape: [4, 3] }];

describe('containers', () => {
  it('PyTorch zip: a payload pickle under any entry name is found', async () => {
    for (const entry of ['archive/data.pkl', 'archive/constants.pkl', 'archive/extra/payload', 'archive/.data/serialization_id', 'archive/byteorder', 'archive/version', 'other/data.pkl', 'data.txt', 'model/x.bin']) {
      const zip = buildZip([{ name: 'archive/data.pkl', data: pickle().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().stop().bytes() }, { name: entry === 'archive/data.pkl' ? 'archive/data.pkl' : entry, data: stackCall('os', 'system') }]);
      expect(await verdictOf(zip, 'model.pt')).toBe('malicious');
    }
  });

  it('picklescan malicious1.zip / malicious1_wrong_ext.zip: a zip of one pickle, any name, stored or deflated', async () => {
    for (const method of ['store', 'deflate'] as const) {
      expect(await verdictOf(buildZip([{ name: 'data.pkl', data: stackCall('builtins', 'eval', 'print(1)'), method }]), 'm.zip')).toBe('malicious');
      expect(await verdictOf(buildZip([{ name: 'data.txt', data: stackCall('builtins', 'eval', 'print(1)'), method }]), 'm.zip')).toBe('malicious');
    }
  });

  it('picklescan malicious1_0x1.zip: the encryption flag set on a member that is not encrypted', async () => {
    // also malicious1_0x20.zip and malicious1_0x40.zip (compressed patched data, strong encryption)
    const withFlag = (zip: Buffer, flag: number) => {
      const z = Buffer.from(zip);
      z.writeUInt16LE(z.readUInt16LE(6) | flag, 6); // local header
      const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      z.writeUInt16LE(z.readUInt16LE(cd + 8) | flag, cd + 8);
      return z;
    };
    for (const method of ['store', 'deflate'] as const) {
      const zip = buildZip([{ name: 'data.pkl', data: stackCall('builtins', 'eval', 'print(1)'), method }]);
      for (const flag of [0x1, 0x20, 0x40]) expect(await verdictOf(withFlag(zip, flag), 'm.zip')).toBe('malicious');
      // a member that is encrypted (its data is no model format) stays unscanned, not clean
      const noise = buildZip([{ name: 'data.pkl', data: Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 7919 + 13) % 256)), method }]);
      expect(await verdictOf(withFlag(noise, 0x1), 'm.zip')).toBe('partial');
    }
  });

  it('picklescan malicious1_crc.zip: a member whose CRC does not match', async () => {
    const zip = buildZip([{ name: 'data.pkl', data: stackCall('builtins', 'eval', "print('456')") }]);
    const corrupt = Buffer.from(zip.toString('latin1').replace("print('456')", "print('123')"), 'latin1');
    expect(await verdictOf(corrupt, 'm.zip')).toBe('malicious');
  });

  it('picklescan malicious1_central_directory.zip: local header name differs from the central directory', async () => {
    const zip = buildZip([{ name: 'data.pkl', data: stackCall('builtins', 'eval', 'print(1)') }]);
    const i = zip.indexOf('data.pkl');
    const z = Buffer.from(zip);
    z.write('datap.kl', i, 'latin1');
    expect(await verdictOf(z, 'm.zip')).toBe('malicious');
  });

  it('picklescan pytorch_magic_bypass.pt: legacy torch whose magic number comes from eval', async () => {
    const magic = pickle().proto(2).global('__builtin__', 'eval').str('0x1950A86A20F9469CFC6C').tuple1().reduce().stop().bytes();
    const rest = [pickle().proto(2).int(1001).stop().bytes(), pickle().proto(2).emptyDict().stop().bytes(), pickle().proto(2).emptyList().stop().bytes(), reduceCall('posix', 'system', 'echo pwned')];
    expect(await verdictOf(Buffer.concat([magic, ...rest]), 'm.pt')).toBe('malicious');
  });

  it('nested archives: tar.gz in zip in tar, zip in zip in zip', async () => {
    const bad = buildPytorchZip(T, { inject: (p) => p.global('os', 'system').str('id').tuple1().reduce().pop() });
    const tgz = gzip(buildTar([{ name: 'model.pt', data: bad }]));
    expect(await verdictOf(buildTar([{ name: 'x.zip', data: buildZip([{ name: 'm.tar.gz', data: tgz, method: 'deflate' }]) }]), 'a.tar')).toBe('malicious');
    expect(await verdictOf(buildZip([{ name: 'a.zip', data: buildZip([{ name: 'b.zip', data: buildZip([{ name: 'c', data: textCall('os', 'system') }]) }]) }]), 'a.zip')).toBe('malicious');
  });

  it('legacy torch with eval in the sys_info pickle', async () => {
    expect(await verdictOf(buildLegacyTorch(T, { inject: (p) => p.global('builtins', 'exec').str('x').tuple1().reduce().pop() }), 'm.pt')).toBe('malicious');
  });
});

// the benign side: what picklescan's _safe_globals allows and what ordinary library pickles import
describe('benign artifacts stay clean', () => {
  const SAFE: [string, string][] = [
    ['collections', 'OrderedDict'], ['torch', 'FloatStorage'], ['torch', 'HalfStorage'], ['torch', 'BFloat16Storage'], ['torch', 'LongStorage'],
    ['torch', 'QUInt4x2Storage'], ['torch', 'ComplexDoubleStorage'], ['torch', 'BoolStorage'], ['numpy', 'dtype'], ['numpy', 'ndarray'],
    ['numpy._core.multiarray', '_reconstruct'], ['numpy.core.multiarray', '_reconstruct'], ['torch._utils', '_rebuild_tensor_v2'],
    ['torch._utils', '_rebuild_parameter'], ['copy_reg', '_reconstructor'], ['copyreg', '_reconstructor'], ['__builtin__', 'object'], ['builtins', 'set'],
    ['_codecs', 'encode'], ['numpy.core.multiarray', 'scalar'], ['torch', 'Size'], ['datetime', 'datetime'],
    ['numpy.random._pickle', '__randomstate_ctor'], ['pandas.core.frame', 'DataFrame'], ['pandas._libs.internals', '_unpickle_block'],
    ['__builtin__', 'xrange'], ['sklearn.ensemble._forest', 'RandomForestClassifier'],
  ];
  it.each(SAFE)('%s.%s', async (module, name) => {
    expect(await verdictOf(textCall(module, name, 'x'))).toBe('clean');
    expect(await verdictOf(stackCall(module, name, 'x'))).toBe('clean');
  });

  it('allow-listed modules do not cover attributes reached through their callables', async () => {
    expect(await verdictOf(stackCall('numpy.random._pickle', 'np.load'))).not.toBe('clean');
    expect(await verdictOf(stackCall('numpy', 'dtypes.Float64DType.mro'))).not.toBe('clean');
    expect(await verdictOf(stackCall('numpy.dtypes', 'Float64DType'))).toBe('clean');
  });

  it('torch zip and legacy state dicts, a protocol 0 dict, text and binary non-pickles in a tar', async () => {
    expect(await verdictOf(buildPytorchZip(T), 'm.pt')).toBe('clean');
    expect(await verdictOf(buildLegacyTorch(T), 'm.pt')).toBe('clean');
    expect(await verdictOf(Buffer.from("(dp0\nVa\np1\nI1\ns.", 'latin1'))).toBe('clean');
    const tar = buildTar([
      { name: 'model.pkl', data: pickle().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().stop().bytes() },
      { name: 'code/inference.py', data: Buffer.from('import os\nimport torch\n\ndef model_fn(model_dir):\n    return torch.load(os.path.join(model_dir, "m.pt"))\n') },
      { name: 'README.md', data: Buffer.from('# model\nhello, this is a readme\n') },
      { name: 'config.json', data: Buffer.from('{"a": 1}') },
      { name: 'vocab.txt', data: Buffer.from('(\n)\n]\n[CLS]\nhello\n') },
      { name: 'blob.dat', data: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)) },
    ]);
    expect(await verdictOf(gzip(tar), 'model.tar.gz')).toBe('clean');
  });
});
