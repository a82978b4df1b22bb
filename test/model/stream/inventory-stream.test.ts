import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, parseInventory, readInventory, serializeInventory } from '../../../src/model/index.js';
import { parseInventoryChunks, readInventoryStream } from '../../../src/model/stream/read-inventory.js';
import { writeInventoryStream } from '../../../src/model/stream/write-inventory.js';

const demo = parseInventory(readFileSync(new URL('../../../mocks/examples/demo-inventory.json', import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'aispm-inventory-stream-'));

/** The text cut into pieces of `size` bytes, so every token boundary lands inside some chunk. */
function chunks(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function rejection(text: string, size = 5): Promise<string> {
  try {
    await parseInventoryChunks(chunks(text, size), { source: 'bad.json' });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected the inventory to be rejected');
}

describe('streaming inventory writer and reader', () => {
  it('round-trips an inventory, from generators, whatever the chunk size', async () => {
    const file = join(dir, 'demo.json');
    function* resources() {
      yield* demo.resources;
    }
    const written = await writeInventoryStream(file, { ...demo, resources: resources(), edges: demo.edges });
    expect(written).toMatchObject({ resources: demo.resources.length, edges: demo.edges.length });
    for (const chunkBytes of [1, 3, 64, 1 << 20]) expect(await readInventoryStream(file, { chunkBytes })).toEqual(demo);
    // the same document the non-streaming reader accepts
    expect(parseInventory(readFileSync(file, 'utf8'))).toEqual(demo);
  });

  it('reads what serializeInventory writes (pretty-printed, multi-byte characters, escapes)', async () => {
    const tricky = structuredClone(demo);
    tricky.resources[0].tags = { 'owner "quoted"': 'Zoë \\ ✓ [x] {y}', 'a,b': '\n' };
    const text = serializeInventory(tricky);
    expect(await parseInventoryChunks(chunks(text, 2))).toEqual(tricky);
  });

  it('keeps resources and edges as their own objects, and freezes and shares equal values below them', async () => {
    const bucket = demo.resources.find((r) => r.kind === 'aws.s3.bucket')!;
    const copies = [1, 2, 3, 4].map((i) => ({ ...structuredClone(bucket), id: `arn:aws:s3:::copy-${i}`, name: `copy-${i}` }));
    const inventory = { ...demo, resources: copies, edges: [] };
    const read = await parseInventoryChunks(chunks(serializeInventory(inventory), 64));
    expect(read).toEqual(inventory);
    expect(JSON.stringify(read)).toBe(JSON.stringify(parseInventory(serializeInventory(inventory))));
    const [, , third, fourth] = read.resources as (typeof bucket)[];
    expect(fourth.versioning).toBe(third.versioning);
    expect(fourth.gaps).toBe(third.gaps);
    expect(Object.isFrozen(fourth.versioning)).toBe(true);
    expect(Object.isFrozen(fourth)).toBe(false);
  });

  it('empty arrays and any key order', async () => {
    const text = JSON.stringify({ coverage: { services: [], failures: [] }, edges: [], resources: [], generatedAt: 'now', schemaVersion: 1 });
    expect(await parseInventoryChunks(chunks(text, 4))).toEqual({ schemaVersion: 1, generatedAt: 'now', targets: [], resources: [], edges: [], coverage: { services: [], failures: [] } });
  });

  it('rejects an invalid resource with its JSON path, line and the value found', async () => {
    const bad = structuredClone(demo) as any;
    const i = bad.resources.findIndex((r: any) => r.kind === 'aws.s3.bucket');
    bad.resources[i].versioning.enabled = 'yes';
    const message = await rejection(serializeInventory(bad));
    expect(message).toContain('bad.json: not a valid aispm inventory');
    expect(message).toContain(`at $.resources[${i}].versioning.enabled: `);
    expect(message).toContain('found "yes"');
    expect(message).toMatch(/line \d+/);
  });

  it('rejects an edge with an unknown type and an unknown resource kind', async () => {
    const bad = structuredClone(demo) as any;
    bad.edges[2].type = 'teleports-to';
    bad.resources[1].kind = 'aws.s3.bucket-of-holding';
    const message = await rejection(serializeInventory(bad));
    expect(message).toContain('at $.edges[2].type');
    expect(message).toContain('at $.resources[1].kind');
  });

  it('rejects broken JSON inside an element, naming the element', async () => {
    const text = serializeInventory(demo).replace('"arn:aws:s3:::', '"arn:aws:s3:::\u0000broken" oops "');
    const message = await rejection(text);
    expect(message).toMatch(/at \$\.resources\[\d+\] \(line \d+\): not valid JSON/);
  });

  it('rejects truncated files, trailing commas, bad top-level fields and missing arrays', async () => {
    const text = serializeInventory(demo);
    expect(await rejection(text.slice(0, Math.floor(text.length / 2)))).toContain('unexpected end of file');
    expect(await rejection('{"schemaVersion":1,"generatedAt":"x","resources":[{"a":1},],"edges":[],"coverage":{"services":[],"failures":[]}}')).toMatch(/at \$\.resources\[1\].*unexpected "\]"/);
    expect(await rejection(text.replace('"schemaVersion": 1', '"schemaVersion": 7'))).toContain('at $.schemaVersion');
    expect(await rejection('{"schemaVersion":1,"generatedAt":"x","edges":[],"coverage":{"services":[],"failures":[]}}')).toContain('at $.resources');
    expect(await rejection('{"schemaVersion":1,"generatedAt":"x","resources":[],"resources":[],"edges":[],"coverage":{"services":[],"failures":[]}}')).toContain('duplicate key "resources"');
  });

  it('stops after maxProblems invalid elements instead of listing a million', async () => {
    const bad = { ...demo, resources: Array.from({ length: 50 }, () => ({ kind: 'nope' })) };
    const message = await rejection(JSON.stringify(bad), 1000);
    expect(message).toContain('stopped after 20 problems');
    expect(message.split('\n').filter((l) => l.includes('$.resources[')).length).toBe(20);
  });

  it('readInventory streams large files and names the file as given in errors', async () => {
    const file = join(dir, 'missing.json');
    await expect(readInventory(file, 'missing.json')).rejects.toThrow('cannot read inventory missing.json: ENOENT');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"schemaVersion":1');
    await expect(readInventoryStream(broken, { source: 'broken.json' })).rejects.toThrow('broken.json: not valid JSON at $ (line 1): unexpected end of file');
  });
});
