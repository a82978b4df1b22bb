import { describe, expect, it } from 'vitest';
import { demoInventory, demoScan } from './helpers/scan-fixture.js';
import { analyzeInventory } from '../src/scan.js';
import { loadRuleSet } from '../src/rules/load.js';

describe('analyzeInventory and its input', () => {
  it('leaves its input as it was by default', () => {
    const inventory = demoInventory();
    const before = JSON.stringify(inventory);
    demoScan(inventory);
    expect(JSON.stringify(inventory)).toBe(before);
  });

  it('with annotateInPlace gives the same result, on the input resources', () => {
    const copied = demoScan();
    const handedOver = demoInventory();
    const inPlace = analyzeInventory(handedOver, { rules: loadRuleSet().rules, now: () => new Date(copied.startedAt), annotateInPlace: true });
    expect(JSON.stringify(inPlace)).toBe(JSON.stringify(copied));
    const bucket = inPlace.inventory.resources.find((r) => r.kind === 'aws.s3.bucket')!;
    expect(handedOver.resources).toContain(bucket);
    expect('related' in bucket && 'access' in bucket).toBe(true);
  });
});
