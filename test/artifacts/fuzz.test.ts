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
});
