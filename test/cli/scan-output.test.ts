import { describe, expect, it } from 'vitest';
import { writeScanOutputs } from '../../src/cli/scan-output.js';
import type { Finding, ScanResult } from '../../src/model/index.js';
import { demoScan } from '../helpers/scan-fixture.js';
import { captureIO } from './helpers-io.js';

const demo = demoScan();

function scanWithFindings(n: number): ScanResult {
  const findings: Finding[] = Array.from({ length: n }, (_, i) => {
    const f = demo.findings[i % demo.findings.length];
    return { ...f, resource: { ...f.resource, id: `arn:aws:s3:::bulk-${i}`, name: `bulk-${i}` }, fingerprint: i.toString(16).padStart(64, '0') };
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
});
