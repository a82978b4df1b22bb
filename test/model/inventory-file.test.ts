import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, parseInventory, readInventory, serializeInventory, writeInventory } from '../../src/model/index.js';
import { DEMO_INVENTORY_PATH, demoInventory } from '../helpers/scan-fixture.js';

describe('inventory file', () => {
  it('round-trips: write, read, equal', async () => {
    const inventory = demoInventory();
    const file = join(mkdtempSync(join(tmpdir(), 'aispm-inv-')), 'inventory.json');
    await writeInventory(file, inventory);
    expect(await readInventory(file)).toEqual(inventory);
    expect(serializeInventory(await readInventory(file))).toBe(readFileSync(file, 'utf8'));
  });

  it('is written as JSON.stringify(inventory, null, 2) by streaming; a failed write names the file and leaves nothing', async () => {
    const inventory = demoInventory();
    const dir = mkdtempSync(join(tmpdir(), 'aispm-inv-'));
    await writeInventory(join(dir, 'inventory.json'), inventory);
    expect(readFileSync(join(dir, 'inventory.json'), 'utf8')).toBe(JSON.stringify(inventory, null, 2) + '\n');
    await expect(writeInventory(join(dir, 'gone', 'inventory.json'), inventory, 'gone/inventory.json')).rejects.toThrow(
      new InputError('cannot write gone/inventory.json: ENOENT (the directory does not exist (any more)); nothing was written to it'),
    );
    expect(readdirSync(dir)).toEqual(['inventory.json']);
  });

  it('the bundled demo inventory is valid and has gaps', () => {
    const inventory = demoInventory();
    expect(inventory.resources.length).toBeGreaterThan(10);
    expect(inventory.resources.some((r) => r.gaps.length > 0)).toBe(true);
    expect(new Set(inventory.resources.map((r) => r.provider))).toEqual(new Set(['aws', 'gcp']));
  });

  it('a malformed inventory is rejected listing each problem with its JSON path and expectation', () => {
    const json = JSON.parse(readFileSync(DEMO_INVENTORY_PATH, 'utf8'));
    json.resources[0].versioning.status = 'On';
    json.resources[1].kind = 'aws.s3.buckett';
    json.edges[0].type = 'reads';
    let error: unknown;
    try {
      parseInventory(JSON.stringify(json), 'inv.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toMatch(/^inv\.json: not a valid aispm inventory:/);
    expect(message).toMatch(/at \$\.resources\[0\]\.versioning\.status: .*"Enabled".*found "On"/);
    expect(message).toMatch(/at \$\.resources\[1\]\.kind: .*found "aws\.s3\.buckett"/);
    expect(message).toMatch(/at \$\.edges\[0\]\.type: .*found "reads"/);
  });

  it('invalid JSON names the file', () => {
    expect(() => parseInventory('{"schemaVersion": 1,', 'inv.json')).toThrow(/^inv\.json: not valid JSON/);
  });
});
