import { describe, expect, it } from 'vitest';
import { OPCODES } from '../../src/artifacts/pickle/opcodes.js';
import { PickleWalker, type PickleReport } from '../../src/artifacts/pickle/walker.js';
import { buildJoblib, buildLegacyTorch } from '../../mocks/artifacts/models.js';
import { pickle, reduceCall } from '../../mocks/artifacts/pickle-builder.js';
import { buildFixtures } from './fixtures/build.js';
import { opDensePickle, sklearnEnsemblePickle, torchStateDictPickle } from '../../bench/pickle-corpus.js';

function walk(data: Buffer, chunk = data.length || 1): PickleReport {
  const w = new PickleWalker();
  for (let i = 0; i < data.length; i += chunk) w.feed(data.subarray(i, i + chunk));
  return w.end();
}

const summary = (r: PickleReport) => ({ globals: r.globals.map((g) => [g.module, g.name, g.offset, g.calls.map((c) => `${c.opcode}@${c.offset}`)]), pickles: r.pickles, error: r.error });

/** A pickle that uses every opcode of pickletools' table once, in a valid order. */
function everyOpcode(): Buffer {
  return pickle()
    .proto(5)
    .frame(0)
    .mark()
    .intText(1).int(1).int(300).int(-70000).longText(5).long1(7n).long4(Buffer.from([1, 2]))
    .string('s').binstring('b').shortBinstring('c').binbytes(Buffer.from('x')).shortBinbytes(Buffer.from('y')).binbytes8(Buffer.from('z'))
    .bytearray8(Buffer.from('w')).nextBuffer().readonlyBuffer().none().bool(true).bool(false)
    .unicode('u').shortBinunicode('v').binunicode('w').binunicode8('x').floatText(1.5).binfloat(2.5)
    .emptyList().int(1).append().mark().int(2).appends().mark().list().emptyTuple().mark().tuple().int(1).tuple1().int(1).int(2).tuple2().int(1).int(2).int(3).tuple3()
    .emptyDict().str('k').int(1).setitem().mark().str('j').int(2).setitems().mark().dict()
    .emptySet().mark().int(1).additems().mark().frozenset().int(0).pop().dup().mark().popMark()
    .put(0).get(0).binput(1).binget(1).longBinput(2).longBinget(2).memoize()
    .global('collections', 'OrderedDict').emptyTuple().reduce().emptyDict().build()
    .mark().str('collections').str('OrderedDict').stackGlobal().obj().mark().inst('collections', 'OrderedDict')
    .global('collections', 'OrderedDict').emptyTuple().newobj().global('collections', 'OrderedDict').emptyTuple().emptyDict().newobjEx()
    .ext1(1).ext2(2).ext4(3).persid('p').str('q').binpersid()
    .tuple()
    .stop()
    .bytes();
}

describe('PickleWalker', () => {
  it('walks a pickle that uses all 68 opcodes', () => {
    expect(OPCODES.length).toBe(68);
    const data = everyOpcode();
    const seen = new Set<number>();
    // every opcode byte of the table occurs in the stream (as an opcode: the walk below succeeds end to end)
    for (const op of OPCODES) if (data.includes(op.code)) seen.add(op.code);
    expect(seen.size).toBe(68);
    const r = walk(data);
    expect(r.error).toBeUndefined();
    expect(r.pickles).toBe(1);
    expect(r.globals.filter((g) => g.opcode.startsWith('EXT')).map((g) => g.name)).toEqual(['code 1', 'code 2', 'code 3']);
    const od = r.globals.find((g) => g.name === 'OrderedDict')!;
    expect(od.calls.map((c) => c.opcode).sort()).toEqual(['BUILD', 'INST', 'NEWOBJ', 'NEWOBJ_EX', 'OBJ', 'REDUCE']);
  });

  it('gives identical results whatever the chunk size', () => {
    const inputs = [everyOpcode(), buildJoblib({ inject: (p) => p.global('os', 'system').str('x').tuple1().reduce().pop() }), buildLegacyTorch([{ name: 'w', shape: [64] }], { after: reduceCall('os', 'system', 'x') })];
    for (const f of buildFixtures()) if (f.bytes[0] === 0x80) inputs.push(f.bytes);
    for (const data of inputs) {
      const whole = summary(walk(data));
      for (const chunk of [1, 3, 7, 64, 4096]) expect(summary(walk(data, chunk))).toEqual(whole);
    }
  });

  it('keeps no reference into a chunk after feed returns (the caller may reuse its buffer)', () => {
    // memoized module/name strings fetched after chunk boundaries; dtype and persistent-id strings held in tuples
    const memoTrick = pickle().proto(4).shortBinunicode('os').memoize().shortBinunicode('system').memoize().pop().pop().binget(0).binget(1).stackGlobal().str('id').tuple1().reduce().stop().bytes();
    const inputs = [memoTrick, everyOpcode(), buildJoblib({ arrays: [3, 5] }), buildLegacyTorch([{ name: 'w', shape: [64] }, { name: 'b', shape: [8] }], { after: reduceCall('os', 'system', 'x') })];
    for (const data of inputs) {
      const whole = walk(data);
      for (const chunk of [1, 2, 5, 64]) {
        const w = new PickleWalker();
        const scratch = Buffer.alloc(chunk);
        for (let i = 0; i < data.length; i += chunk) {
          const n = data.copy(scratch, 0, i, i + chunk);
          w.feed(scratch.subarray(0, n));
          scratch.fill(0x63); // 'c': a GLOBAL opcode and its operands if anything still read these bytes
        }
        const r = w.end();
        expect(summary(r)).toEqual(summary(whole));
        expect([r.joblibArrays, r.legacyTorch]).toEqual([whole.joblibArrays, whole.legacyTorch]);
      }
    }
    expect(walk(memoTrick).globals.map((g) => `${g.module}.${g.name}`)).toEqual(['os.system']);
    expect(walk(inputs[2]).joblibArrays).toBe(2);
  });

  it('fails loudly when a state dict already applied by BUILD is reused as a joblib array state', () => {
    // the walker releases a state dict's items after its BUILD (a dict is the state of one object in real pickles)
    const state = (p: ReturnType<typeof pickle>) => p.mark().str('shape').int(3).tuple1().str('dtype').stackGlobalOf('numpy', 'dtype').str('f8').bool(false).bool(true).tuple3().reduce().setitems();
    const wrapper = (p: ReturnType<typeof pickle>) => p.stackGlobalOf('joblib.numpy_pickle', 'NumpyArrayWrapper').emptyTuple().newobj();
    const fresh = state(wrapper(pickle().proto(4)).emptyDict()).build().bytes();
    expect(walk(Buffer.concat([fresh, Buffer.alloc(24), Buffer.from('.')])).joblibArrays).toBe(1);
    const reused = wrapper(state(pickle().proto(4).stackGlobalOf('collections', 'OrderedDict').emptyTuple().newobj().emptyDict().memoize()).build()).binget(0).build().bytes();
    expect(walk(Buffer.concat([reused, Buffer.alloc(24), Buffer.from('.')])).error?.reason).toBe('joblib NumpyArrayWrapper: state is not a dict that could be tracked');
  });

  it('skips large payloads without decoding them', () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 0x63); // 'c' bytes: GLOBAL opcodes if they were parsed
    const r = walk(pickle().proto(4).binbytes8(big).pop().binunicode(big.toString('latin1')).stop().bytes(), 65536);
    expect(r.error).toBeUndefined();
    expect(r.globals).toEqual([]);
  });

  it('bounds the memo, the stack and MARK nesting', () => {
    const memo = new PickleWalker(0, { maxMemo: 10 });
    const p = pickle().proto(2).none();
    for (let i = 0; i < 20; i++) p.binput(i);
    memo.feed(p.stop().bytes());
    expect(memo.end().error?.reason).toMatch(/memo exceeds 10/);
    const stack = new PickleWalker(0, { maxStack: 100 });
    stack.feed(Buffer.concat([Buffer.from([0x80, 2]), Buffer.alloc(1000, 0x4e), Buffer.from('.')]));
    expect(stack.end().error).toEqual({ reason: 'stack exceeds 100 entries', offset: 102 });
    const marks = new PickleWalker(0, { maxMarks: 50 });
    marks.feed(Buffer.alloc(1000, 0x28));
    expect(marks.end().error?.reason).toMatch(/MARK nesting exceeds 50/);
  });

  it('reports the offset of the failing opcode', () => {
    const r = walk(Buffer.concat([reduceCall('os', 'system', 'x'), Buffer.from([0x80, 0x02, 0x29, 0x52])]));
    expect(r.globals.map((g) => g.name)).toEqual(['system']);
    expect(r.error).toEqual({ reason: 'REDUCE: stack underflow', offset: 22 });
  });

  it('walks library-shaped pickles (scikit-learn ensemble, torch state dict, op-dense) with the exact globals, at any chunk size', () => {
    const cases: [Buffer, string[]][] = [
      [sklearnEnsemblePickle(30), ['sklearn.ensemble._gb.GradientBoostingClassifier', 'sklearn.tree._classes.DecisionTreeRegressor', 'sklearn.tree._tree.Tree', 'numpy.core.multiarray._reconstruct', 'numpy.ndarray', 'numpy.dtype']],
      [torchStateDictPickle(3), ['collections.OrderedDict', 'torch._utils._rebuild_tensor_v2', 'torch.BFloat16Storage']],
      [opDensePickle(200_000), []],
    ];
    for (const [data, globals] of cases) {
      const whole = walk(data);
      expect(whole.error).toBeUndefined();
      expect(whole.pickles).toBe(1);
      expect(whole.globals.map((g) => `${g.module}.${g.name}`)).toEqual(globals);
      for (const chunk of [5, 333, 65536]) expect(summary(walk(data, chunk))).toEqual(summary(whole));
    }
    const sk = walk(sklearnEnsemblePickle(30)).globals.find((g) => g.name === 'DecisionTreeRegressor')!;
    expect(sk.occurrences).toBe(1);
    expect(sk.callCount).toBe(60); // NEWOBJ and BUILD per tree
  });

  it('leaves exactly one value for each container opcode (a stale slot would make STOP find the wrong value)', () => {
    for (const build of [(p: ReturnType<typeof pickle>) => p.mark().int(1).tuple(), (p: ReturnType<typeof pickle>) => p.mark().int(1).list(), (p: ReturnType<typeof pickle>) => p.mark().str('k').int(1).dict(), (p: ReturnType<typeof pickle>) => p.int(1).int(2).tuple2()]) {
      expect(walk(build(pickle().proto(2)).stop().bytes()).error).toBeUndefined();
      expect(walk(build(pickle().proto(2)).pop().stop().bytes()).error?.reason).toBe('STOP: stack underflow');
    }
  });
});
