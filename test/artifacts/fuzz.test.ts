// Thousands of mutated and truncated fixtures: every scan must finish with a verdict, quickly and in bounded memory.
import { describe, expect, it } from 'vitest';
import { scanArtifact } from '../../src/artifacts/scan-artifact.js';
import { BufferSource } from '../../src/artifacts/sources/buffer.js';
import { VERDICTS } from '../../src/artifacts/types.js';
import { buildFixtures } from './fixtures/build.js';
import { SeededRandom } from '../../mocks/generate/random.js';

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x28, 0x2e, 0x52, 0x63, 0x93, 0x94, 0x68, 0x71, 0x8a, 0x8e, 0x95, 0x0a];

function mutate(data: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(data);
  const kind = Math.floor(rand() * 5);
  if (kind === 0) return out.subarray(0, Math.floor(rand() * out.length));
  const n = 1 + Math.floor(rand() * 8);
  if (kind === 1) for (let i = 0; i < n; i++) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
  if (kind === 2) for (let i = 0; i < n; i++) out[Math.floor(rand() * out.length)] = INTERESTING[Math.floor(rand() * INTERESTING.length)];
  if (kind === 3) {
    // a huge length field: 0xffffffff written at a random place
    const at = Math.floor(rand() * Math.max(1, out.length - 4));
    out.writeUInt32LE(0xffffffff, at);
  }
  if (kind === 4) {
    const at = Math.floor(rand() * out.length);
    return Buffer.concat([out.subarray(0, at), out.subarray(at, at + Math.floor(rand() * 64)), out.subarray(at)]);
  }
  return out;
}

describe('artifact scanner fuzzing', () => {
  it('turns thousands of mutated inputs into verdicts without crashing, hanging or growing memory', async () => {
    const random = new SeededRandom(20240607);
    const rand = () => random.next();
    const fixtures = buildFixtures().filter((f) => f.bytes.length < 200_000);
    const started = Date.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const counts: Record<string, number> = {};
    let runs = 0;
    for (let round = 0; round < 40; round++) {
      for (const f of fixtures) {
        const input = mutate(f.bytes, rand);
        const r = await scanArtifact(new BufferSource(`fuzz-${runs}`, input), { limits: { timeoutMs: 5000, maxBufferedMember: 8 * 1024 * 1024 } });
        expect(VERDICTS).toContain(r.verdict);
        for (const i of r.issues) if (i.kind === 'error') expect(i.message.length).toBeGreaterThan(0);
        counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
        runs++;
      }
    }
    const elapsed = Date.now() - started;
    expect(runs).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(30_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(512 * 1024 * 1024);
    // mutations must exercise more than one outcome
    expect(Object.keys(counts).length).toBeGreaterThanOrEqual(3);
  });

  it('a central directory entry cut off by the end of the file gives an error verdict, promptly and without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const zip = buildFixtures().find((f) => f.name === 'PyTorch zip state dict')!.bytes;
      const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
      const entries = zip.readUInt16LE(eocd + 10);
      let last = zip.readUInt32LE(eocd + 16);
      for (let i = 0; i < entries - 1; i++) last += 46 + zip.readUInt16LE(last + 28) + zip.readUInt16LE(last + 30) + zip.readUInt16LE(last + 32);
      for (const left of [1, 2, 3, 20]) {
        // one more entry than there is, and the last entry's comment stretched so the next one starts `left` bytes before the end
        const cut = Buffer.from(zip);
        cut.writeUInt16LE(entries + 1, eocd + 8);
        cut.writeUInt16LE(entries + 1, eocd + 10);
        cut.writeUInt16LE(cut.length - left - (last + 46 + cut.readUInt16LE(last + 28) + cut.readUInt16LE(last + 30)), last + 32);
        const r = await scanArtifact(new BufferSource(`cut-${left}`, cut), { limits: { timeoutMs: 5000 } });
        expect(r.verdict, `${left} bytes left`).toBe('error');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 30_000);
});
