import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildPytorchZip } from '../../mocks/artifacts/models.js';
import { reduceCall } from '../../mocks/artifacts/pickle-builder.js';
import { validateSarif } from '../helpers/sarif-validate.js';
import { captureIO } from '../cli/helpers-io.js';

async function run(args: string[], cwd: string) {
  const io = captureIO(cwd);
  const code = await main(['node', 'aispm', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('aispm scan-model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-scan-model-'));
  writeFileSync(join(dir, 'clean.pt'), buildPytorchZip([{ name: 'w', shape: [2, 2] }]));
  writeFileSync(join(dir, 'evil.pkl'), reduceCall('os', 'system', 'id'));
  writeFileSync(join(dir, 'notes.txt'), 'hello');

  it('prints verdicts and exits 1 with --fail-on critical', async () => {
    const r = await run(['scan-model', 'clean.pt', 'evil.pkl', 'notes.txt', '--fail-on', 'critical'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/CLEAN\s+clean\.pt\s+\[pytorch-zip/);
    expect(r.out).toMatch(/MALICIOUS\s+evil\.pkl/);
    expect(r.out).toMatch(/ERROR\s+notes\.txt/);
    expect(r.out).toContain('ART-001');
  });

  it('writes JSON with the structured artifact results and SARIF that validates', async () => {
    const r = await run(['scan-model', 'clean.pt', 'evil.pkl', 'notes.txt', '--format', 'json,sarif', '--output', 'out'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'aispm.json'), 'utf8'));
    const artifacts = json.artifacts ?? json.result?.artifacts;
    expect(artifacts.map((a: { uri: string; verdict: string }) => [a.uri, a.verdict])).toEqual([
      ['clean.pt', 'clean'],
      ['evil.pkl', 'malicious'],
      ['notes.txt', 'error'],
    ]);
    const sarif = readFileSync(join(dir, 'out', 'aispm.sarif'), 'utf8');
    const v = await validateSarif(sarif);
    expect(v).toEqual({ schema: [], multitool: [] });
    const ids = JSON.parse(sarif).runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort();
    expect(ids).toEqual(['ART-001', 'ART-003']);
  });

  it('rejects bad flags as usage errors', async () => {
    expect((await run(['scan-model', 'evil.pkl', '--max-bytes', 'lots'], dir)).code).toBe(2);
    expect((await run(['scan-model', 's3://bucket-only/', '--timeout', '5'], dir)).err).toMatch(/names a bucket or prefix/);
  });
});
