import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { INTERNET, ANY_AUTHENTICATED, noTrust, type Finding } from '../../src/model/index.js';
import { graphStage, evaluatePathRules, loadPathRules, pathRuleIds, type PathRule } from '../../src/graph/index.js';
import { awsScenario, ids, EXTERNAL, ROLE_ASSUMER, PARTNER } from './aws-scenario.js';
import type { Inventory } from '../../src/model/index.js';

let rules: PathRule[];
beforeAll(async () => {
  rules = await loadPathRules(resolve('rules/paths'));
});

function run(trustedAccounts: string[] = ['999988887777'], change?: (inv: Inventory) => void, only?: (r: PathRule) => boolean): Finding[] {
  const inv = awsScenario();
  change?.(inv);
  const graph = graphStage(inv, { ...noTrust(), trustedAccounts });
  return evaluatePathRules(graph, only ? rules.filter(only) : rules);
}

const routeOf = (f: Finding) => [f.hops![0].from, ...f.hops!.map((h) => h.to)];
const routes = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map(routeOf);
/** routes a rule reports, as its own findings or merged into another rule's finding for the same route */
const matched = (findings: Finding[], ruleId: string) => findings.filter((f) => pathRuleIds(f).includes(ruleId)).map(routeOf);
const withModel = (name: string, fields: Record<string, unknown>) => (inv: Inventory) => {
  const model = inv.resources.find((r) => r.id.endsWith(`:model/${name}`))!;
  Object.assign(model, fields);
};

describe('attack paths over an AWS estate', () => {
  it('finds training data poisoning from the internet through the prefix to the serving endpoint', () => {
    const findings = run();
    expect(routes(findings, 'PATH-001')).toContainEqual([INTERNET, ids.mlData, ids.job, ids.model, ids.config, ids.endpoint]);
    const f = findings.find((x) => x.ruleId === 'PATH-001' && x.resource.id === ids.endpoint)!;
    expect(f.severity).toBe('critical');
    expect(f.status).toBe('fail');
    expect(f.source).toBe(INTERNET);
    expect(f.hops!.map((h) => h.type)).toEqual(['can-write', 'reads-from', 'produces', 'uses', 'uses']);
    expect(f.hops![0]).toMatchObject({ prefix: 'train/', evidence: [{ source: 'bucket-policy' }] });
    expect(f.hops![1]).toMatchObject({ from: ids.mlData, to: ids.job, reversed: true });
    expect(f.evidence.find((e) => e.path === 'path')!.value).toBe('internet -[can-write]-> s3://ml-data/train/ -[reads-from]-> training-job/fraud-v3 -[produces]-> model/fraud-v3 -[uses]-> endpoint-config/fraud-prod-config -[uses]-> endpoint/fraud-prod');
  });

  it('reports the longest route only: no separate finding ends at the job or model of a deployed chain', () => {
    const ends = run().filter((f) => f.ruleId === 'PATH-001' && f.source === INTERNET).map((f) => f.resource.id);
    expect(ends).not.toContain(ids.job);
    expect(ends).not.toContain(ids.model);
  });

  it('a writable bucket whose model is not deployed yields a lower-severity path, not none', () => {
    const findings = run();
    expect(routes(findings, 'PATH-001')).toContainEqual([EXTERNAL, ids.staging, ids.expJob, ids.expModel]);
    const f = findings.find((x) => x.resource.id === ids.expModel)!;
    expect(f.severity).toBe('high');
  });

  it('finds model artifact tampering through the artifact prefix', () => {
    const findings = run();
    expect(routes(findings, 'PATH-003')).toEqual([[EXTERNAL, ids.artifacts, ids.model, ids.config, ids.endpoint]]);
    expect(findings.find((f) => f.ruleId === 'PATH-003')!.severity).toBe('critical');
  });

  it('finds an external account assuming a role that writes training data', () => {
    const paths = routes(run(), 'PATH-004');
    expect(paths).toEqual([[ROLE_ASSUMER, ids.role, ids.mlData, ids.job, ids.model, ids.config, ids.endpoint]]);
  });

  it('finds knowledge base poisoning by any authenticated user', () => {
    expect(routes(run(), 'PATH-002')).toEqual([[ANY_AUTHENTICATED, ids.kbDocs, ids.kb]]);
  });

  it('flags the endpoint serving a poisonable model without network isolation or VPC', () => {
    const paths = matched(run(), 'PATH-005');
    expect(paths).toContainEqual([INTERNET, ids.mlData, ids.job, ids.model, ids.config, ids.endpoint]);
    expect(paths).toContainEqual([EXTERNAL, ids.artifacts, ids.model, ids.config, ids.endpoint]);
  });

  it('reports a route once: the poisoning finding names the exposed endpoint rule instead of a second finding', () => {
    const findings = run();
    const route = [INTERNET, ids.mlData, ids.job, ids.model, ids.config, ids.endpoint];
    const same = findings.filter((f) => JSON.stringify(routeOf(f)) === JSON.stringify(route));
    expect(same.map((f) => f.ruleId)).toEqual(['PATH-001']);
    const [f] = same;
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('also PATH-005: Exposed endpoint serves a model an outsider can poison');
    expect(f.evidence.find((e) => e.path === 'alsoMatches')!.value).toEqual([expect.objectContaining({ ruleId: 'PATH-005', severity: 'critical' })]);
    expect(f.frameworks.mitreAtlas).toEqual(expect.arrayContaining(['AML.T0020', 'AML.T0040']));
    expect(f.tags).toEqual(expect.arrayContaining(['data-poisoning', 'exposed-inference']));
    expect(routes(findings, 'PATH-005')).toEqual([]);
  });

  it('without the rules it merges into, the exposed endpoint rule reports the route itself', () => {
    const findings = run(undefined, undefined, (r) => r.id === 'PATH-005');
    expect(routes(findings, 'PATH-005')).toContainEqual([INTERNET, ids.mlData, ids.job, ids.model, ids.config, ids.endpoint]);
    expect(findings.every((f) => !f.evidence.some((e) => e.path === 'alsoMatches'))).toBe(true);
  });

  it('a SageMaker endpoint whose model runs in a VPC, or with network isolation, is poisonable but not exposed', () => {
    for (const fields of [{ vpcConfig: { subnets: ['subnet-1'], securityGroupIds: ['sg-1'] } }, { enableNetworkIsolation: true }]) {
      const findings = run(undefined, withModel('fraud-v3', fields));
      expect(routes(findings, 'PATH-001')).toContainEqual([INTERNET, ids.mlData, ids.job, ids.model, ids.config, ids.endpoint]);
      expect(matched(findings, 'PATH-005').some((r) => r.includes(ids.endpoint))).toBe(false);
    }
  });

  describe('decoys', () => {
    const onAnyPath = (findings: Finding[], id: string) => findings.some((f) => routeOf(f).includes(id));

    it('a public bucket that feeds nothing is on no path', () => {
      expect(onAnyPath(run(), ids.publicAssets)).toBe(false);
    });

    it('a writer limited to logs/ does not poison a job reading train/', () => {
      const findings = run();
      expect(onAnyPath(findings, ids.logs)).toBe(false);
      expect(onAnyPath(findings, ids.logEndpoint)).toBe(false);
    });

    it('a bucket whose public policy is neutralized (no can-write edge) is on no path', () => {
      expect(onAnyPath(run(), ids.locked)).toBe(false);
    });

    it('a partner account declared trusted produces no path, and does when it is not trusted', () => {
      expect(onAnyPath(run(), ids.partnerData)).toBe(false);
      const untrusted = run([]);
      expect(routes(untrusted, 'PATH-001')).toContainEqual([PARTNER, ids.partnerData, expect.any(String), expect.any(String), expect.any(String), ids.partnerEndpoint]);
    });
  });

  it('fingerprints are stable across scans and distinct across paths', () => {
    const a = run().map((f) => f.fingerprint);
    const b = run().map((f) => f.fingerprint);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    for (const fp of a) expect(fp).toMatch(/^[0-9a-f]{64}$/);
  });
});
