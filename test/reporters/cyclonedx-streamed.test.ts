import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { Inventory, type ScanResult } from '../../src/model/index.js';
import { cycloneDxByLibrary, cyclonedxReporter } from '../../src/reporters/cyclonedx.js';
import { makeResource } from '../helpers/resources.js';
import { demoScan, richScan } from '../helpers/scan-fixture.js';

function syntheticScan(resources: number): ScanResult {
  const parts = syntheticInventoryParts(resources, 3);
  const inventory = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
  return demoScan(inventory);
}

const P = 'projects/100000000001/locations/us-central1';

/** A scan whose inventory is exactly these resources (no findings). */
function scanOf(resources: ScanResult['inventory']['resources']): ScanResult {
  const base = demoScan();
  return { ...base, findings: [], inventory: { ...base.inventory, resources, edges: [] } };
}

const render = (result: ScanResult) => cyclonedxReporter.render(result, { color: false });
const byLibrary = (result: ScanResult) => JSON.stringify(cycloneDxByLibrary(result), null, 2) + '\n';

describe('CycloneDX written a component at a time', () => {
  it.each([
    ['the demo scan', () => demoScan()],
    ['a scan with attack paths, suppressions and baseline states', richScan],
    ['a synthetic 2,000-resource scan', () => syntheticScan(2_000)],
    ['a scan without models, datasets or endpoints', () => scanOf([makeResource('aws.s3.bucket', { id: 'arn:aws:s3:::b', name: 'b' })])],
    ['a scan with unicode names and ids that sort differently by code unit', () =>
      scanOf(['Zeta', 'alpha', 'Ärger', 'éclair', 'eclair', 'z', '_x'].map((n, i) => makeResource(i % 2 ? 'gcp.vertexai.dataset' : 'gcp.vertexai.model', { id: `${P}/x/${n}`, name: `${n}-\u{1F600}"` })))],
  ])('%s: byte-identical to the BOM the library normalizes in one go', (_name, scan) => {
    const result = scan();
    expect(render(result)).toBe(byLibrary(result));
  });

  it('never builds the whole document: no chunk is longer than its largest component, service or dependency', () => {
    const result = syntheticScan(2_000);
    const chunks = [...cyclonedxReporter.chunks(result, { color: false })];
    const bom = cycloneDxByLibrary(result) as { components: unknown[]; services: unknown[]; dependencies: unknown[] };
    const largest = Math.max(...[...bom.components, ...bom.services, ...bom.dependencies].map((e) => JSON.stringify([[e]], null, 2).length));
    expect(bom.components.length).toBeGreaterThan(100);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(Math.max(largest, JSON.stringify(result.tool).length + 2000));
  });

  it('refs that compare equal (canonically equivalent unicode) keep the library order', () => {
    const result = scanOf([makeResource('gcp.vertexai.dataset', { id: `${P}/datasets/caf\u00e9`, name: 'a' }), makeResource('gcp.vertexai.dataset', { id: `${P}/datasets/cafe\u0301`, name: 'b' })]);
    expect(render(result)).toBe(byLibrary(result));
  });

  it('duplicate resource ids (a hand-edited result) still give distinct bom-refs', () => {
    const model = makeResource('gcp.vertexai.model', { id: `${P}/models/1`, name: 'm' });
    const bom = JSON.parse(render(scanOf([model, { ...model, name: 'm2' }]))) as { components: { 'bom-ref': string }[]; dependencies: { ref: string }[] };
    const refs = bom.components.map((c) => c['bom-ref']);
    expect(refs).toHaveLength(2);
    expect(new Set(refs).size).toBe(2);
    expect(refs).toContain(model.id);
    expect(bom.dependencies.map((d) => d.ref).sort()).toEqual([...refs].sort());
  });
});
