// A malicious artifact on a deployed model: PATH-070 from the model to the serving endpoint, and every attack path
// through that model raised to critical. Inventories built in code (test/graph's AWS estate).
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { noTrust, type Finding, type Inventory } from '../../src/model/index.js';
import { evaluatePathRules, graphStage, loadPathRules, parsePathRule, type PathRule } from '../../src/graph/index.js';
import { awsScenario, EXTERNAL, ids } from '../graph/aws-scenario.js';

let rules: PathRule[];
beforeAll(async () => {
  rules = await loadPathRules(resolve('rules/paths'));
});

function withVerdicts(inv: Inventory, verdicts: Record<string, 'malicious' | 'clean'>): Inventory {
  return {
    ...inv,
    resources: inv.resources.map((r) => (verdicts[r.id] ? { ...r, artifactScan: { verdict: verdicts[r.id], artifacts: [{ uri: `s3://ml-artifacts/${r.name}/model.tar.gz`, verdict: verdicts[r.id], format: 'tar' }] } } : r)),
  };
}

function run(inv: Inventory, extra: PathRule[] = []): Finding[] {
  return evaluatePathRules(graphStage(inv, { ...noTrust(), trustedAccounts: ['999988887777'] }), [...rules, ...extra]);
}

const routeOf = (f: Finding) => [f.hops![0].from, ...f.hops!.map((h) => h.to)];

/** A deliberately low-severity rule over the artifact-tampering route, to show the raise. */
const lowRule = parsePathRule(
  `id: PATH-901
title: t
description: d
severity: low
source: node.principal && node.external
target: node.category == "ml.endpoint"
firstHop: [can-write]
edges: [can-write, stored-in, uses, serves]
maxHops: 5
remediation: r
frameworks: { mitreAtlas: [AML.T0010] }
`,
  'PATH-901-low.yaml',
).rule!;

describe('malicious model artifacts on attack paths', () => {
  it('PATH-070: a deployed model with a malicious artifact reaches its serving endpoint, at critical', () => {
    const findings = run(withVerdicts(awsScenario(), { [ids.model]: 'malicious', [ids.expModel]: 'malicious' }));
    const p70 = findings.filter((f) => f.ruleId === 'PATH-070');
    expect(p70.map(routeOf)).toEqual([[ids.model, ids.config, ids.endpoint]]);
    expect(p70[0]).toMatchObject({ severity: 'critical', status: 'fail', source: ids.model, resource: { id: ids.endpoint } });
    expect(p70[0].evidence.find((e) => e.path === 'maliciousArtifactModels')?.value).toEqual([ids.model]);
  });

  it('no PATH-070 without a malicious verdict (clean artifacts, or artifacts not scanned)', () => {
    expect(run(withVerdicts(awsScenario(), { [ids.model]: 'clean' })).filter((f) => f.ruleId === 'PATH-070')).toEqual([]);
    expect(run(awsScenario()).filter((f) => f.ruleId === 'PATH-070')).toEqual([]);
  });

  it('raises any path through the deployed malicious model to critical, and only then', () => {
    const plain = run(awsScenario(), [lowRule]).find((f) => f.ruleId === 'PATH-901')!;
    expect(routeOf(plain)).toEqual([EXTERNAL, ids.artifacts, ids.model, ids.config, ids.endpoint]);
    expect(plain.severity).toBe('low');
    const raised = run(withVerdicts(awsScenario(), { [ids.model]: 'malicious' }), [lowRule]).find((f) => f.ruleId === 'PATH-901')!;
    expect(raised.severity).toBe('critical');
    expect(raised.evidence.find((e) => e.path === 'maliciousArtifactModels')?.value).toEqual([ids.model]);
    // a malicious artifact on a model nobody deploys does not raise paths through it
    const undeployed = run(withVerdicts(awsScenario(), { [ids.expModel]: 'malicious' })).filter((f) => f.hops?.some((h) => h.to === ids.expModel));
    expect(undeployed.length).toBeGreaterThan(0);
    for (const f of undeployed) expect(f.severity).not.toBe('critical');
  });
});
