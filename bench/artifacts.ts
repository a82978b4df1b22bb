// npm run bench:artifacts -- [--pickle-mb 256] [--targz-mb 256] [--zip-gb 1] [--json]
// Pickle and tar.gz scanning throughput, and the bytes fetched to scan a large PyTorch zip in the mock S3.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { startMockCloud } from '../mocks/cloud.js';
import { buildTar } from '../mocks/artifacts/containers.js';
import { buildPytorchZip } from '../mocks/artifacts/models.js';
import { pickle } from '../mocks/artifacts/pickle-builder.js';
import { PickleWalker } from '../src/artifacts/pickle/walker.js';
import { scanArtifact } from '../src/artifacts/scan-artifact.js';
import { LocalFileSource } from '../src/artifacts/sources/local.js';
import { openSource } from '../src/artifacts/sources/resolve.js';
import { artifactClients } from '../src/cli/commands/scan-model.js';

const { values } = parseArgs({
  options: {
    'pickle-mb': { type: 'string', default: '256' },
    'targz-mb': { type: 'string', default: '256' },
    'zip-gb': { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const MB = 1024 * 1024;
const pickleBytes = Number(values['pickle-mb']) * MB;
const tarBytes = Number(values['targz-mb']) * MB;
const zipBytes = Math.round(Number(values['zip-gb']) * 1024 * MB);

/** Op-dense worst case: a state-dict-like pickle of small strings, ints, tuples, memo puts/gets and dict items. */
function opDensePickle(target: number): Buffer {
  const block = pickle().mark();
  for (let i = 0; i < 2000; i++) {
    block.shortBinunicode(`layer.${i % 97}.weight`).binput(i % 256).binget(i % 256).pop();
    block.mark().int(i % 250).int(i).binfloat(i / 7).none().tuple();
  }
  const body = block.setitems().bytes();
  const head = pickle().proto(4).emptyDict().bytes();
  const copies = Math.max(1, Math.floor(target / body.length));
  return Buffer.concat([head, ...new Array(copies).fill(body), Buffer.from('.')]);
}

/** Payload-heavy typical case: numpy arrays pickled inline (protocol 4 BINBYTES8 of 1 MiB each) with their reconstruct calls. */
function payloadPickle(target: number): Buffer {
  const parts: Buffer[] = [pickle().proto(4).emptyList().mark().bytes()];
  const payload = Buffer.alloc(MB, 7);
  const one = pickle().stackGlobalOf('numpy._core.multiarray', '_reconstruct').memoize().stackGlobalOf('numpy', 'ndarray').int(0).tuple1().shortBinbytes(Buffer.from('b')).tuple3().reduce().mark().int(1).int(262144).tuple1().stackGlobalOf('numpy', 'dtype').str('f4').bool(false).bool(true).tuple3().reduce().bool(false).binbytes8(payload).tuple().build().bytes();
  for (let n = 0; n < target; n += one.length) parts.push(one);
  parts.push(pickle().appends().stop().bytes());
  return Buffer.concat(parts);
}

function walkThroughput(data: Buffer, chunk = MB): { mbPerS: number; ms: number; error?: string } {
  let best = Infinity;
  let error: string | undefined;
  for (let round = 0; round < 3; round++) {
    const t0 = process.hrtime.bigint();
    const w = new PickleWalker();
    for (let i = 0; i < data.length; i += chunk) w.feed(data.subarray(i, i + chunk));
    const r = w.end();
    error = r.error?.reason;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { mbPerS: data.length / MB / (best / 1000), ms: best, error };
}

async function fileThroughput(path: string, size: number): Promise<{ mbPerS: number; ms: number; verdict: string }> {
  let best = Infinity;
  let verdict = '';
  for (let round = 0; round < 2; round++) {
    const t0 = Date.now();
    const r = await scanArtifact(new LocalFileSource(path));
    verdict = r.verdict;
    best = Math.min(best, Date.now() - t0);
  }
  return { mbPerS: size / MB / (best / 1000), ms: best, verdict };
}

function pseudoRandom(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i + 4 <= n; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, i);
  }
  return b;
}

async function main() {
  const rows: Record<string, unknown>[] = [];
  const dir = mkdtempSync(join(os.tmpdir(), 'aispm-bench-artifacts-'));
  try {
    const dense = opDensePickle(pickleBytes);
    const d = walkThroughput(dense);
    rows.push({ bench: 'pickle walk, op-dense (worst case)', sizeMB: +(dense.length / MB).toFixed(1), ms: Math.round(d.ms), 'MB/s': Math.round(d.mbPerS), target: '>= 200 MB/s', ok: d.mbPerS >= 200 && !d.error });
    const heavy = payloadPickle(pickleBytes);
    const h = walkThroughput(heavy);
    rows.push({ bench: 'pickle walk, inline arrays (typical)', sizeMB: +(heavy.length / MB).toFixed(1), ms: Math.round(h.ms), 'MB/s': Math.round(h.mbPerS), target: '>= 200 MB/s', ok: h.mbPerS >= 200 && !h.error });
    const densePath = join(dir, 'dense.pkl');
    writeFileSync(densePath, dense);
    const df = await fileThroughput(densePath, dense.length);
    rows.push({ bench: 'scan-model file, op-dense pickle', sizeMB: +(dense.length / MB).toFixed(1), ms: df.ms, 'MB/s': Math.round(df.mbPerS), target: '>= 200 MB/s', ok: df.mbPerS >= 200 && df.verdict === 'clean' });

    // tar.gz: a SageMaker-style model.tar.gz holding an incompressible PyTorch zip and a joblib-free code dir
    const tensors = [{ name: 'w', shape: [Math.floor(tarBytes / 4)] }];
    const tar = buildTar([{ name: 'model.pth', data: buildPytorchZip(tensors, { storageBytes: (i, n) => pseudoRandom(n, i + 1) }) }, { name: 'code/inference.py', data: Buffer.from('def model_fn(d): ...\n') }]);
    const tgz = zlib.gzipSync(tar, { level: 1 });
    const tgzPath = join(dir, 'model.tar.gz');
    writeFileSync(tgzPath, tgz);
    const t = await fileThroughput(tgzPath, tar.length);
    rows.push({ bench: 'scan-model model.tar.gz (gunzip + tar, one pass; MB of tar)', sizeMB: +(tar.length / MB).toFixed(1), ms: t.ms, 'MB/s': Math.round(t.mbPerS), target: '(no target)', ok: t.verdict === 'clean' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // a PyTorch zip served by the mock S3 (Size + Generator: pytorch-zip, ranged GetObject)
  const cloud = await startMockCloud({ aws: { accountId: '111122223333', s3: { buckets: [{ Name: 'bench-models', Objects: [{ Key: 'llm/pytorch_model.bin', Size: zipBytes, Generator: 'pytorch-zip' }] }] } } as any });
  try {
    const env = { ...cloud.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' };
    const t0 = Date.now();
    const r = await scanArtifact(openSource('s3://bench-models/llm/pytorch_model.bin', artifactClients(env), '/'));
    const fraction = r.bytesFetched / zipBytes;
    rows.push({ bench: `PyTorch zip in mock S3 (${(zipBytes / 1024 ** 3).toFixed(2)} GiB): bytes fetched`, sizeMB: +(zipBytes / MB).toFixed(1), ms: Date.now() - t0, fetchedBytes: r.bytesFetched, fetchedPct: +(fraction * 100).toFixed(4), target: '<= 1%', ok: fraction <= 0.01 && r.verdict === 'clean' });
  } finally {
    await cloud.close();
  }

  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
  if (values.json) {
    process.stdout.write(JSON.stringify({ machine, rows }, null, 2) + '\n');
  } else {
    process.stdout.write(`bench:artifacts on ${machine}\n`);
    for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
  }
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}

await main();
