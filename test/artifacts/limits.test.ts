import { describe, expect, it } from 'vitest';
import { scanArtifact } from '../../src/artifacts/scan-artifact.js';
import { BufferSource } from '../../src/artifacts/sources/buffer.js';
import { buildTar, buildZip, gzip } from '../../mocks/artifacts/containers.js';
import { buildPytorchZip } from '../../mocks/artifacts/models.js';
import { pickle } from '../../mocks/artifacts/pickle-builder.js';
import { classifyGlobal } from '../../src/artifacts/classify.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { reduceCall } from '../../mocks/artifacts/pickle-builder.js';

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

  it('spools a zip member of a tar.gz larger than the memory buffer to a temporary file, scans it, and deletes it', async () => {
    const spoolDir = mkdtempSync(join(os.tmpdir(), 'aispm-spool-test-'));
    try {
      const pth = buildPytorchZip([{ name: 'w', shape: [64 * 1024] }], { inject: (p) => p.global('os', 'system').str('id').tuple1().reduce().pop() });
      const data = gzip(buildTar([{ name: 'model.pth', data: pth }, { name: 'code/inference.py', data: Buffer.from('x = 1\n') }]));
      const limits = { maxBufferedMember: 16 * 1024, spoolDir };
      const r = await scanArtifact(new BufferSource('model.tar.gz', data), { limits });
      expect(r.verdict).toBe('malicious');
      expect(r.globals.find((g) => g.name === 'system')?.member).toBe('model.pth!/archive/data.pkl');
      expect(readdirSync(spoolDir)).toEqual([]);
      // the same member inside a gzip stream of unknown size
      const gz = await scanArtifact(new BufferSource('model.pth.gz', gzip(pth)), { limits });
      expect(gz.verdict).toBe('malicious');
      // and over the spool limit: partial, never clean
      const capped = await scanArtifact(new BufferSource('model.tar.gz', data), { limits: { ...limits, maxSpooledMember: 32 * 1024 } });
      expect(capped.verdict).toBe('partial');
      expect(capped.issues[0].message).toMatch(/exceeds the 32768-byte spool limit/);
      expect(readdirSync(spoolDir)).toEqual([]);
    } finally {
      rmSync(spoolDir, { recursive: true, force: true });
    }
  });

  it('scans a large pickle member of a tar.gz as a stream (no buffer limit applies)', async () => {
    const big = Buffer.concat([reduceCall('os', 'system', 'id').subarray(0, -1), Buffer.from([0x30]), Buffer.from(pickleWithPayload(300 * 1024))]);
    const r = await scanArtifact(new BufferSource('model.tar.gz', gzip(buildTar([{ name: 'model.pkl', data: big }]))), { limits: { maxBufferedMember: 16 * 1024 } });
    expect(r.verdict).toBe('malicious');
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

function pickleWithPayload(n: number): Buffer {
  return pickle().binbytes(Buffer.alloc(n, 0x63)).pop().none().stop().bytes();
}
