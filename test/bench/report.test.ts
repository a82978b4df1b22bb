import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJsonStructure } from '../../bench/lib/json-structure.js';
import { benchReport } from '../../bench/report.js';

describe('bench:report at a tiny size', () => {
  it('runs the real CLI on a synthetic inventory and reports time, RSS, exit code and every output file', async () => {
    const r = await benchReport(300);
    expect(r.exitCode).toBe(0);
    expect(r.peakRssMiB).toBeGreaterThan(0);
    expect(r.cpuS).toBeGreaterThan(0);
    expect(r.command).toBe('aispm scan --inventory INVENTORY --format json,sarif,html,cyclonedx --output OUT');
    expect(r.stderrTail).toMatch(/^aispm: 300 resources/m);
    expect(r.outputs.map((o) => [o.format, o.exists, o.parses])).toEqual([
      ['json', true, true],
      ['sarif', true, true],
      ['html', true, true],
      ['cyclonedx', true, true],
    ]);
  }, 120_000);

  it('checks files above the parse limit by streaming their structure', async () => {
    const r = await benchReport(100, { parseLimitMiB: 1e-6 });
    expect(r.outputs.filter((o) => o.format !== 'html').map((o) => [o.check, o.parses])).toEqual([
      ['structure', true],
      ['structure', true],
      ['structure', true],
    ]);
  }, 120_000);

  it('the structural check finds a truncated file and content after the value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-structure-'));
    const check = async (text: string) => {
      writeFileSync(join(dir, 'f.json'), text);
      return checkJsonStructure(join(dir, 'f.json'));
    };
    expect(await check('{"a": [1, {"b": "x]}"}]}\n')).toEqual({ ok: true });
    expect((await check('{"a": [1, {"b": 2}')).ok).toBe(false);
    expect((await check('{"a": "unterminated')).ok).toBe(false);
    expect((await check('{"a": 1}]')).ok).toBe(false);
    expect((await check('{"a": 1} {}')).ok).toBe(false);
  });
});
