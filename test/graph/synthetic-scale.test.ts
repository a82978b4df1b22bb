import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Inventory, type Finding } from '../../src/model/index.js';
import { graphStage, evaluatePathRules, loadPathRules, type PathRule } from '../../src/graph/index.js';
import { syntheticEstate } from '../../bench/synthetic-graph.js';

let rules: PathRule[];
beforeAll(async () => {
  rules = await loadPathRules(resolve('rules/paths'));
});
const routeOf = (f: Finding) => [f.hops![0].from, ...f.hops!.map((h) => h.to)];

describe('path search on a synthetic estate of 10^4 nodes', () => {
  it('the generator makes valid inventories', () => {
    expect(() => Inventory.parse(syntheticEstate(2_000, 7).inventory)).not.toThrow();
  });

  it('finds every planted poisoning route and no path through a decoy', () => {
    const estate = syntheticEstate(10_000, 3);
    expect(estate.plantedPoisoning.length).toBeGreaterThan(5);
    expect(estate.decoyBuckets.length).toBeGreaterThan(5);
    const findings = evaluatePathRules(graphStage(estate.inventory), rules);
    const found = findings.filter((f) => f.ruleId === 'PATH-001').map(routeOf);
    for (const route of estate.plantedPoisoning) expect(found).toContainEqual(route);
    const decoys = new Set(estate.decoyBuckets);
    for (const f of findings) expect(routeOf(f).filter((id) => decoys.has(id))).toEqual([]);
  });

  it('the same seed gives the same findings', () => {
    const a = evaluatePathRules(graphStage(syntheticEstate(5_000, 5).inventory), rules).map((f) => f.fingerprint);
    const b = evaluatePathRules(graphStage(syntheticEstate(5_000, 5).inventory), rules).map((f) => f.fingerprint);
    expect(b).toEqual(a);
  });

  it('bench:paths runs at a tiny size', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/paths.ts', '--nodes', '2000'], { timeout: 60_000 });
    expect(stdout).toMatch(/planted poisoning routes found: (\d+)\/\1/);
    expect(stdout).toContain('peak RSS');
  });
});
