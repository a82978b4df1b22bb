import { readFileSync } from 'node:fs';
import { parseInventory, plainFinding, type Finding, type Inventory, type ScanResult } from '../../src/model/index.js';
import { loadRuleSet } from '../../src/rules/load.js';
import { analyzeInventory } from '../../src/scan.js';
import { fingerprintOf } from '../../src/rules/evaluate.js';

export const DEMO_INVENTORY_PATH = new URL('../../mocks/examples/demo-inventory.json', import.meta.url);

export function demoInventory(): Inventory {
  return parseInventory(readFileSync(DEMO_INVENTORY_PATH, 'utf8'), 'demo-inventory.json');
}

const FIXED_CLOCK = () => new Date('2026-11-20T08:00:00.000Z');

/** The demo inventory scanned with the built-in rules at a fixed time. */
export function demoScan(inventory = demoInventory()): ScanResult {
  return analyzeInventory(inventory, { rules: loadRuleSet().rules, now: FIXED_CLOCK });
}

/** An attack-path finding with hops, as the graph stage produces them. */
export function pathFinding(): Finding {
  const hops = [
    { from: 'principal:aws-account:444455556666', to: 'arn:aws:s3:::acme-ml-training-data', type: 'can-write' as const, prefix: 'fraud/', evidence: [] },
    { from: 'arn:aws:s3:::acme-ml-training-data', to: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/fraud-detector-v3', type: 'reads-from' as const, prefix: 'fraud/train/', evidence: [] },
    { from: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/fraud-detector-v3', to: 'arn:aws:sagemaker:us-east-1:111122223333:model/fraud-detector-v3', type: 'produces' as const, evidence: [] },
  ];
  return {
    ruleId: 'PATH-001',
    title: 'External principal can poison training data of a deployed model',
    severity: 'critical',
    status: 'fail',
    type: 'path',
    resource: { id: 'arn:aws:sagemaker:us-east-1:111122223333:model/fraud-detector-v3', kind: 'aws.sagemaker.model', provider: 'aws', account: '111122223333', region: 'us-east-1', name: 'fraud-detector-v3' },
    message: 'Account 444455556666 can write the training data of fraud-detector-v3',
    remediation: 'Remove the cross-account write grant',
    evidence: [],
    unknownFields: [],
    hops,
    source: 'principal:aws-account:444455556666',
    frameworks: { mitreAtlas: ['AML.T0020'], owaspMl: ['ML02:2023'], owaspLlm: [] },
    tags: ['attack-path'],
    references: [],
    fingerprint: fingerprintOf('PATH-001', ...hops.map((h) => h.from), hops[hops.length - 1].to),
    onPaths: [],
  };
}

/** The demo scan plus a path finding, a suppressed finding and baseline states: every SARIF feature. */
export function richScan(): ScanResult {
  const result = demoScan();
  const [first, second, ...rest] = result.findings;
  return {
    ...result,
    findings: [pathFinding(), { ...plainFinding(first), baselineState: 'new' }, { ...plainFinding(second), suppressed: { reason: 'accepted risk until Q1', matchedBy: 'suppressions.yaml#1' }, baselineState: 'unchanged' }, ...rest],
  };
}
