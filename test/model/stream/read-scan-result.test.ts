import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../../bench/synthetic-inventory.js';
import { InputError, Inventory, plainFinding, ScanResult } from '../../../src/model/index.js';
import { parseScanResultChunks, readScanResultStream } from '../../../src/model/stream/read-scan-result.js';
import { readScanResult } from '../../../src/cli/commands/report.js';
import { jsonReporter } from '../../../src/reporters/json.js';
import { demoScan, richScan } from '../../helpers/scan-fixture.js';

/** The text cut into pieces of `size` bytes, so every token boundary lands inside some chunk. */
function chunks(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function syntheticScan(resources: number): ScanResult {
  const parts = syntheticInventoryParts(resources, 3);
  return demoScan(Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] }));
}

const json = (result: ScanResult) => jsonReporter.render(result, { color: false });

async function rejection(text: string, options: { maxRestChars?: number } = {}): Promise<string> {
  try {
    await parseScanResultChunks(chunks(text, 7), { source: '--from big.json', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected the result to be rejected');
}

describe('streamed JSON result reader', () => {
  it.each([
    ['a scan with attack paths, suppressions and baseline states', richScan],
    ['a synthetic 500-resource scan', () => syntheticScan(500)],
  ])('reads %s as the one-string reader does', async (_name, scan) => {
    const text = json(scan());
    const streamed = await parseScanResultChunks(chunks(text, 1_000), { source: 'r.json' });
    expect(streamed).toEqual(ScanResult.parse(JSON.parse(text)));
  });

  it('reads a file as `aispm report --from` reads a small one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-read-result-'));
    writeFileSync(join(dir, 'aispm.json'), json(richScan()));
    expect(await readScanResultStream(join(dir, 'aispm.json'), { source: '--from aispm.json' })).toEqual(await readScanResult('aispm.json', dir));
    await expect(readScanResultStream(join(dir, 'nope.json'), { source: '--from nope.json' })).rejects.toThrow('--from nope.json: cannot read: ENOENT');
  });

  it('names the JSON path and line of an invalid finding or rule', async () => {
    const result = richScan();
    const bad = { ...result, findings: result.findings.map((f, i) => (i === 1 ? { ...plainFinding(f), severity: 'severe' } : f)), rules: [{ id: 'X' }, ...result.rules] };
    const message = await rejection(JSON.stringify(bad, null, 2));
    expect(message).toMatch(/^--from big\.json: not an aispm JSON result \(write one with --format json\):/);
    expect(message).toMatch(/at \$\.findings\[1\]\.severity: .*found "severe" \(element at line \d+\)/);
    expect(message).toMatch(/at \$\.rules\[0\]\.title: /);
  });

  it('names the path of a problem outside the findings and rules, and of broken JSON', async () => {
    const result = richScan();
    expect(await rejection(JSON.stringify({ ...result, startedAt: 5 }))).toMatch(/at \$\.startedAt: .*found 5/);
    expect(await rejection(json(result).replace('"findings": [', '"findings": [,'))).toMatch(/not valid JSON at \$\.findings\[0\]/);
    expect(await rejection(json(result).slice(0, -100))).toMatch(/truncated/);
  });

  it('reads a compact (unindented) result and one whose inventory comes last', async () => {
    const result = syntheticScan(300);
    const expected = ScanResult.parse(JSON.parse(json(result)));
    expect(await parseScanResultChunks(chunks(JSON.stringify(result), 7), { source: 'r.json' })).toEqual(expected);
    const { inventory, ...rest } = result;
    expect(await parseScanResultChunks(chunks(JSON.stringify({ ...rest, inventory }), 3), { source: 'r.json' })).toEqual(expected);
  });

  it('names the JSON path and line of an invalid resource or edge, and of broken JSON in the inventory', async () => {
    const result = richScan();
    const { resources, edges } = result.inventory;
    const bad = { ...result, inventory: { ...result.inventory, resources: resources.map((r, i) => (i === 2 ? { ...r, provider: 'azure' } : r)), edges: [{ ...edges[0], to: 7 }, ...edges.slice(1)] } };
    const text = JSON.stringify(bad, null, 2);
    const message = await rejection(text);
    const line = text.slice(0, text.indexOf('"provider": "azure"')).split('\n').length;
    expect(message).toMatch(new RegExp(`at \\$\\.inventory\\.resources\\[2\\]\\.provider: .*found "azure" \\(element at line (\\d+)\\)`));
    const at = Number(/resources\[2\]\.provider: .*\(element at line (\d+)\)/.exec(message)![1]);
    expect(at).toBeLessThan(line);
    expect(text.split('\n')[at - 1].trim()).toBe('{');
    expect(message).toMatch(/at \$\.inventory\.edges\[0\]\.to: .*found 7/);
    expect(await rejection(json(result).replace('"resources": [', '"resources": [,'))).toMatch(/not valid JSON at \$\.inventory\.resources\[0\] \(line \d+\)/);
    expect(await rejection(JSON.stringify({ ...result, inventory: { ...result.inventory, schemaVersion: 'x' } }))).toMatch(/at \$\.inventory\.schemaVersion: /);
  });

  it('rejects an inventory given twice or one that is not an object', async () => {
    const text = json(richScan());
    const inventory = JSON.stringify(richScan().inventory);
    expect(await rejection(text.replace('"inventory": {', `"inventory": ${inventory}, "inventory": {`))).toMatch(/not valid JSON at \$ \(line \d+\): duplicate key "inventory"/);
    expect(await rejection(JSON.stringify({ ...richScan(), inventory: 'none' }))).toMatch(/at \$\.inventory: .*found "none"/);
  });

  it('stops with a clear error when the rest of the result is longer than it can parse at once', async () => {
    const result = { ...richScan(), artifacts: Array.from({ length: 2_000 }, (_, i) => ({ path: `model-${i}.pkl` })) };
    const message = await rejection(json(result), { maxRestChars: 64 * 1024 });
    expect(message).toMatch(/^--from big\.json: too large to re-render: .* exceed .* Run the scan again/);
  });
});
