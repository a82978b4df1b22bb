import { describe, expect, it } from 'vitest';
import { scanArtifact } from '../../src/artifacts/scan-artifact.js';
import { BufferSource } from '../../src/artifacts/sources/buffer.js';
import { buildFixtures } from './fixtures/build.js';

const fixtures = buildFixtures();

describe('artifact fixtures', () => {
  it('has at least 40 fixtures, benign and malicious', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    expect(fixtures.filter((f) => f.verdict === 'clean').length).toBeGreaterThanOrEqual(15);
    expect(fixtures.filter((f) => f.verdict === 'malicious').length).toBeGreaterThanOrEqual(20);
    expect(new Set(fixtures.map((f) => f.name)).size).toBe(fixtures.length);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const r = await scanArtifact(new BufferSource(f.name, f.bytes));
    const flagged = r.globals.filter((g) => g.classification !== 'safe').map((g) => `${g.module}.${g.name}`).sort();
    expect({ verdict: r.verdict, flagged }).toEqual({ verdict: f.verdict, flagged: [...f.flagged].sort() });
    const all = r.globals.map((g) => `${g.module}.${g.name}`);
    for (const s of f.safe ?? []) expect(all).toContain(s);
    for (const g of r.globals.filter((x) => x.classification === 'safe')) expect(f.flagged).not.toContain(`${g.module}.${g.name}`);
    if (f.format) expect(r.format).toBe(f.format);
    if (f.calledBy) {
      const g = r.globals.find((x) => `${x.module}.${x.name}` === f.calledBy![0]);
      expect(g?.calls.map((c) => c.opcode)).toContain(f.calledBy[1]);
    }
    if (f.issue) expect(r.issues.map((i) => i.message).join('\n')).toContain(f.issue);
    for (const g of r.globals) {
      expect(g.offset).toBeGreaterThanOrEqual(0);
      expect(g.offset).toBeLessThan(f.bytes.length * 4);
    }
  });
});
