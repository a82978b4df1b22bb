import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureIO } from './helpers-io.js';

const INVENTORY = new URL('../../mocks/examples/demo-inventory.json', import.meta.url).pathname;

describe('aispm report', () => {
  it('re-renders a saved JSON result in other formats without rescanning, identical to the scan\'s own output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-report-'));
    const scan = captureIO(dir, { HOME: dir });
    expect(await main(['node', 'aispm', 'scan', '--inventory', INVENTORY, '--format', 'json,sarif,cyclonedx', '--output', 'scan'], scan)).toBe(0);
    const io = captureIO(dir, { HOME: dir });
    expect(await main(['node', 'aispm', 'report', '--from', 'scan/aispm.json', '--format', 'sarif,cyclonedx,html', '--output', 'again', '--fail-on', 'critical'], io)).toBe(1);
    const read = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8'));
    expect(read('again/aispm.sarif')).toEqual(read('scan/aispm.sarif'));
    expect(read('again/aispm.cdx.json')).toEqual(read('scan/aispm.cdx.json'));
    expect(readFileSync(join(dir, 'again/aispm.html'), 'utf8')).toContain('id="aispm-data"');
    expect(io.out()).toContain('CRITICAL');
  });

  it('rejects a file that is not an aispm result, naming the JSON paths, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-report-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ tool: { name: 'aispm', version: '1' }, findings: 'nope' }));
    const io = captureIO(dir, { HOME: dir });
    expect(await main(['node', 'aispm', 'report', '--from', 'bad.json'], io)).toBe(2);
    expect(io.err()).toMatch(/--from bad\.json: not an aispm JSON result/);
    expect(io.err()).toMatch(/at \$\.findings: /);
    expect(io.err()).not.toMatch(/\n\s+at .*\.ts:\d+/);
    const missing = captureIO(dir, { HOME: dir });
    expect(await main(['node', 'aispm', 'report', '--from', 'nope.json'], missing)).toBe(2);
    expect(missing.err()).toContain('--from nope.json: cannot read: ENOENT');
  });
});
