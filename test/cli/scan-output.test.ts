import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeScanOutputs } from '../../src/cli/scan-output.js';
import { InputError, plainFinding, type Finding, type ScanResult } from '../../src/model/index.js';
import { demoScan } from '../helpers/scan-fixture.js';
import { captureIO } from './helpers-io.js';

const demo = demoScan();

function scanWithFindings(n: number): ScanResult {
  const findings: Finding[] = Array.from({ length: n }, (_, i) => {
    const f = demo.findings[i % demo.findings.length];
    return { ...plainFinding(f), resource: { ...f.resource, id: `arn:aws:s3:::bulk-${i}`, name: `bulk-${i}` }, fingerprint: i.toString(16).padStart(64, '0') };
  });
  return { ...demo, findings, fixed: [] };
}

async function run(result: ScanResult, formats: ('sarif' | 'json')[]) {
  const io = captureIO('/tmp');
  const ctx = { io, exitCode: 0 };
  await writeScanOutputs(ctx, result, { formats, outputDir: undefined, failOn: undefined });
  return io.err();
}

describe('scan outputs', () => {
  it('warns when the SARIF output leaves findings out to stay within GitHub code scanning limits', async () => {
    const err = await run(scanWithFindings(5_003), ['sarif']);
    expect(err).toContain('aispm: warning: the SARIF output holds 5,000 of 5,003 findings');
    expect(err).toContain('the JSON output has all of them');
  });

  it('says nothing when every finding fits, or when no SARIF is written', async () => {
    expect(await run(scanWithFindings(5_000), ['sarif'])).not.toContain('warning');
    expect(await run(scanWithFindings(5_003), ['json'])).not.toContain('warning');
  });

  it('writes every file whole, the same as rendering it, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-scan-output-'));
    const io = captureIO(dir);
    await writeScanOutputs({ io, exitCode: 0 }, demo, { formats: ['json', 'cyclonedx', 'sarif'], outputDir: 'out', failOn: undefined });
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['aispm.cdx.json', 'aispm.json', 'aispm.sarif']);
    expect(readFileSync(join(dir, 'out', 'aispm.json'), 'utf8')).toBe(JSON.stringify(demo, null, 2) + '\n');
    expect(io.err()).toContain('wrote out/aispm.json, out/aispm.cdx.json, out/aispm.sarif');
  });

  it('a file that cannot be written is an InputError naming it, and nothing that looks complete is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-scan-output-'));
    mkdirSync(join(dir, 'out', 'aispm.json'), { recursive: true });
    const io = captureIO(dir);
    const written = writeScanOutputs({ io, exitCode: 0 }, demo, { formats: ['json'], outputDir: 'out', failOn: undefined });
    await expect(written).rejects.toThrow(InputError);
    await expect(written).rejects.toThrow(/^cannot write out\/aispm\.json: EISDIR \(it is a directory\); nothing was written to it$/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['aispm.json']);
  });

  it('stdout: waits for a slow reader and stops quietly when it goes away', async () => {
    const io = captureIO('/tmp');
    let received = 0;
    io.stdout = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        if (received > 3000) this.destroy();
        setTimeout(cb, 1);
      },
    });
    const ctx = { io, exitCode: 0 };
    await writeScanOutputs(ctx, scanWithFindings(2_000), { formats: ['json', 'table'], outputDir: undefined, failOn: 'high' });
    expect(io.err()).toMatch(/^aispm: 18 resources/m);
    expect(ctx.exitCode).toBe(1);
  });
});
