import { describe, expect, it } from 'vitest';
import { scanArtifact } from '../../src/artifacts/scan-artifact.js';
import { BufferSource } from '../../src/artifacts/sources/buffer.js';
import { buildTar, buildZip, gzip } from '../../mocks/artifacts/containers.js';
import { buildPytorchZip } from '../../mocks/artifacts/models.js';
import { pickle } from '../../mocks/artifacts/pickle-builder.js';
import { classifyGlobal } from '../../src/artifacts/classify.js';

describe('scan limits', () => {
  it('reports an artifact over --max-bytes as partial, never clean', async () => {
    const data = gzip(buildTar([{ name: 'a.bin', data: Buffer.alloc(4 * 1024 * 1024, 1) }, { name: 'model.pth', data: buildPytorchZip([{ name: 'w', shape: [4] }]) }]));
    const r = await scanArtifact(new BufferSource('big.tar.gz', data), { limits: { maxBytesPerArtifact: 1000 } });
    expect(r.verdict).toBe('partial');
    expect(r.issues[0].message).toMatch(/per-artifact limit of 1000 bytes/);
  });

  it('stops a gzip bomb by its decompression ratio', async () => {
    const bomb = gzip(Buffer.concat([pickle().proto(4).binbytes8(Buffer.alloc(40 * 1024 * 1024)).bytes()]));
    const r = await scanArtifact(new BufferSource('bomb.pkl.gz', bomb), { limits: { maxCompressionRatio: 100 } });
    expect(r.verdict).toBe('partial');
    expect(r.issues.map((i) => i.message).join()).toMatch(/decompression ratio above 100:1/);
  });

  it('refuses a zip member whose declared ratio is a bomb', async () => {
    const zip = buildZip([{ name: 'x.pkl', data: Buffer.alloc(10 * 1024 * 1024), method: 'deflate' }]);
    const r = await scanArtifact(new BufferSource('bomb.zip', zip), { limits: { maxCompressionRatio: 50 } });
    expect(r.verdict).toBe('partial');
    expect(r.issues[0]).toMatchObject({ kind: 'partial', member: 'x.pkl' });
  });

  it('times out into partial', async () => {
    const many = pickle().proto(2);
    for (let i = 0; i < 300_000; i++) many.none().pop();
    const r = await scanArtifact(new BufferSource('slow.pkl', many.stop().bytes()), { limits: { timeoutMs: 1 } });
    expect(['partial', 'clean']).toContain(r.verdict);
    if (r.verdict === 'clean') expect(r.durationMs).toBeLessThan(5);
  });

  it('bounds nesting depth of archives', async () => {
    let data = buildZip([{ name: 'm.pkl', data: pickle().proto(2).none().stop().bytes() }]);
    for (let i = 0; i < 6; i++) data = buildZip([{ name: `level${i}.zip`, data }]);
    const r = await scanArtifact(new BufferSource('deep.zip', data), { limits: { maxDepth: 3 } });
    expect(r.verdict).toBe('partial');
    expect(r.issues[0].message).toMatch(/deeper than 3 levels/);
  });
});

describe('classifyGlobal', () => {
  it.each([
    ['os', 'system', 'dangerous'],
    ['posix', 'system', 'dangerous'],
    ['__builtin__', 'eval', 'dangerous'],
    ['builtins', 'getattr', 'dangerous'],
    ['builtins', 'dict', 'safe'],
    ['builtins', 'type', 'suspicious'],
    ['runpy', '_run_code', 'dangerous'],
    ['numpy.testing._private.utils', 'runstring', 'dangerous'],
    ['numpy', 'testing._private.utils.runstring', 'dangerous'],
    ['torch.hub', 'load', 'dangerous'],
    ['torch', 'hub.load', 'dangerous'],
    ['torch.serialization', '_get_layout', 'safe'],
    ['torch._utils', '_rebuild_tensor_v2', 'safe'],
    ['torch', 'BFloat16Storage', 'safe'],
    ['torch', 'float16', 'safe'],
    ['torch.nn.modules.linear', 'Linear', 'safe'],
    ['numpy.core.multiarray', '_reconstruct', 'safe'],
    ['numpy', 'float64', 'safe'],
    ['sklearn.ensemble._forest', 'RandomForestClassifier', 'safe'],
    ['sklearn.externals.joblib', 'load', 'dangerous'],
    ['joblib', 'load', 'dangerous'],
    ['collections', 'OrderedDict', 'safe'],
    ['collections', 'OrderedDict.__init__.__globals__', 'dangerous'],
    ['commands', 'getoutput', 'dangerous'],
    ['httplib', 'HTTPSConnection', 'dangerous'],
    ['mypkg', 'Thing', 'suspicious'],
    ['operator', 'add', 'suspicious'],
    ['copyreg', '_reconstructor', 'safe'],
    ['copy_reg', '_reconstructor', 'safe'],
    ['copyreg', 'add_extension', 'dangerous'],
    ['_codecs', 'encode', 'safe'],
  ])('%s.%s is %s', (module, name, expected) => {
    expect(classifyGlobal(module, name).classification).toBe(expected);
  });
});
