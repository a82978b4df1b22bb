import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { Inventory, plainFinding, type ScanResult } from '../../src/model/index.js';
import { buildCycloneDx, cyclonedxReporter } from '../../src/reporters/cyclonedx.js';
import { jsonReporter } from '../../src/reporters/json.js';
import { REPORTERS, reportChunks } from '../../src/reporters/index.js';
import { demoScan, richScan } from '../helpers/scan-fixture.js';

function syntheticScan(resources: number): ScanResult {
  const parts = syntheticInventoryParts(resources, 3);
  const inventory = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
  return demoScan(inventory);
}

/** Optional fields absent and undefined, empty arrays, unicode and characters JSON escapes. */
function trickyScan(): ScanResult {
  const base = richScan();
  const [first, ...rest] = base.inventory.resources;
  return {
    ...base,
    scanId: undefined,
    artifacts: [],
    fixed: [],
    inventory: { ...base.inventory, edges: [], resources: [{ ...first, name: 'données-\u00e9\u2028\u{1F600}"\\\n\t</script>', tags: {} } as typeof first, ...rest] },
    findings: base.findings.map((f, i) => (i === 0 ? { ...plainFinding(f), message: 'ünïcode \u2029 "quoted"', evidence: [] } : f)),
  };
}

const scans: [string, () => ScanResult][] = [
  ['the demo scan', () => demoScan()],
  ['a scan with attack paths, suppressions and baseline states', richScan],
  ['a synthetic 1,000-resource scan', () => syntheticScan(1_000)],
  ['a scan with empty arrays, absent optional fields and unicode', trickyScan],
];

describe('streamed reporters', () => {
  it.each(scans)('JSON: the chunks of %s are byte-identical to JSON.stringify(result, null, 2)', (_name, scan) => {
    const result = scan();
    const chunks = [...jsonReporter.chunks(result, { color: false })];
    expect(chunks.join('')).toBe(JSON.stringify(result, null, 2) + '\n');
    expect(jsonReporter.render(result, { color: false })).toBe(chunks.join(''));
  });

  it('JSON: no chunk is larger than the largest element it writes (the whole document is never built)', () => {
    const result = syntheticScan(1_000);
    const chunks = [...jsonReporter.chunks(result, { color: false })];
    const largestElement = Math.max(...[...result.inventory.resources, ...result.inventory.edges, ...result.findings, ...result.rules].map((e) => JSON.stringify(e, null, 2).length));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(largestElement * 2);
    expect(chunks.length).toBeGreaterThan(result.findings.length + result.inventory.resources.length);
  });

  it.each(scans)('CycloneDX: the chunks of %s are byte-identical to the one-shot document', (_name, scan) => {
    const result = scan();
    expect(cyclonedxReporter.render(result, { color: false })).toBe(JSON.stringify(buildCycloneDx(result), null, 2) + '\n');
  });

  it('reportChunks yields a non-streaming reporter\'s output as its one chunk, and a streaming one\'s chunks', () => {
    const result = demoScan();
    const whole = { name: 'whole', fileName: 'whole.txt', render: () => 'the whole output\n' };
    expect([...reportChunks(whole, result, { color: false })]).toEqual(['the whole output\n']);
    expect([...reportChunks(REPORTERS.table, result, { color: false })].length).toBeGreaterThan(10);
  });
});
