import { describe, expect, it } from 'vitest';
import { INTERNET, awsAccountPrincipal, noTrust, s3BucketArn, type Finding } from '../../src/model/index.js';
import { graphStage, evaluatePathRules, parsePathRule, rankFindings, linkFindingsToPaths, pathsByNode, formatHops, searchPaths, type PathRule } from '../../src/graph/index.js';
import { aws, edge, evidence, inventory } from './builders.js';

function rule(extra: string, id = 'PATH-901'): PathRule {
  const text = `id: ${id}
title: test
description: test
severity: medium
remediation: fix it
frameworks: {}
source: node.principal && node.external
${extra}`;
  const { rule, errors } = parsePathRule(text, `${id}-test.yaml`);
  if (!rule) throw new Error(errors.join('\n'));
  return rule;
}

const routeOf = (f: Finding) => [f.hops![0].from, ...f.hops!.map((h) => h.to)];
const A = awsAccountPrincipal('444455556666');
const B = awsAccountPrincipal('555566667777');

describe('path search', () => {
  const j1 = aws.trainingJob('j1', []);
  const j2 = aws.trainingJob('j2', []);
  const m1 = aws.model('m1');
  const bucket = s3BucketArn('data');
  const out = s3BucketArn('out');

  it('terminates on cycles and never revisits a node', () => {
    // j1 reads data and writes out; j2 reads out and writes data: a cycle data -> j1 -> out -> j2 -> data
    const inv = inventory(
      [aws.bucket('data'), aws.bucket('out'), j1, j2],
      [
        edge(INTERNET, 'can-write', bucket, { evidence: evidence('public') }),
        edge(j1.id, 'reads-from', bucket),
        edge(j1.id, 'writes-to', out),
        edge(j2.id, 'reads-from', out),
        edge(j2.id, 'writes-to', bucket),
      ],
    );
    const findings = evaluatePathRules(graphStage(inv), [rule('target: node.category == "ml.training"\nedges: [can-write, reads-from, writes-to]\nmaxHops: 10\nreport: every')]);
    expect(findings.map(routeOf).sort()).toEqual([
      [INTERNET, bucket, j1.id],
      [INTERNET, bucket, j1.id, out, j2.id],
    ]);
    for (const f of findings) expect(new Set(routeOf(f)).size).toBe(routeOf(f).length);
  });

  it('respects the hop limit', () => {
    const inv = inventory([aws.bucket('data'), j1, m1], [edge(INTERNET, 'can-write', bucket), edge(j1.id, 'reads-from', bucket), edge(j1.id, 'produces', m1.id)]);
    const g = graphStage(inv);
    const target = 'target: node.category in ["ml.training", "ml.model"]\nedges: [can-write, reads-from, produces]\n';
    expect(evaluatePathRules(g, [rule(`${target}maxHops: 2`)]).map(routeOf)).toEqual([[INTERNET, bucket, j1.id]]);
    expect(evaluatePathRules(g, [rule(`${target}maxHops: 3`)]).map(routeOf)).toEqual([[INTERNET, bucket, j1.id, m1.id]]);
    expect(evaluatePathRules(g, [rule(`${target}maxHops: 3\nreport: every`)]).map(routeOf)).toHaveLength(2);
  });

  it('merges sources of one class into one finding per route, and keeps classes apart', () => {
    const inv = inventory(
      [aws.bucket('data'), j1],
      [
        edge(B, 'can-write', bucket, { prefix: 'x/' }),
        edge(A, 'can-write', bucket, { prefix: 'x/' }),
        edge(INTERNET, 'can-write', bucket),
        edge(j1.id, 'reads-from', bucket),
      ],
    );
    const findings = evaluatePathRules(graphStage(inv), [rule('target: node.category == "ml.training"\nedges: [can-write, reads-from]\nmaxHops: 3')]);
    expect(findings).toHaveLength(2);
    const accounts = findings.find((f) => f.source !== INTERNET)!;
    expect(accounts.source).toBe(A);
    expect(accounts.evidence.find((e) => e.path === 'sources')!.value).toEqual([A, B]);
    expect(accounts.message).toContain('and 1 more of its kind');
  });

  it('a conditional grant makes the path unknown, not fail', () => {
    const inv = inventory([aws.bucket('data'), j1], [edge(INTERNET, 'can-write', bucket, { conditional: true }), edge(j1.id, 'reads-from', bucket)]);
    const [f] = evaluatePathRules(graphStage(inv), [rule('target: node.category == "ml.training"\nedges: [can-write, reads-from]\nmaxHops: 3')]);
    expect(f.status).toBe('unknown');
    expect(f.unknownFields).toEqual([{ path: 'hops[0]', reason: expect.stringContaining('conditional') }]);
  });

  it('follows an edge against the flow when a rule says so', () => {
    // who reads what an outsider can write: bucket -> reader principal via can-read (flow), and back via reads-from against flow
    const inv = inventory([aws.bucket('data'), j1], [edge(INTERNET, 'can-write', bucket), edge(j1.id, 'writes-to', bucket)]);
    const g = graphStage(inv);
    const against = rule('target: node.category == "ml.training"\nedges: [can-write, {type: writes-to, direction: against-flow}]\nmaxHops: 2');
    expect(evaluatePathRules(g, [against]).map(routeOf)).toEqual([[INTERNET, bucket, j1.id]]);
    const withFlow = rule('target: node.category == "ml.training"\nedges: [can-write, writes-to]\nmaxHops: 2');
    expect(evaluatePathRules(g, [withFlow])).toEqual([]);
  });

  it('stops at the per-rule path limit and says so', () => {
    const jobs = Array.from({ length: 5 }, (_, k) => aws.trainingJob(`j${k}`, []));
    const inv = inventory([aws.bucket('data'), ...jobs], [edge(INTERNET, 'can-write', bucket), ...jobs.map((j) => edge(j.id, 'reads-from', bucket))]);
    const r = searchPaths(graphStage(inv), [rule('target: node.category == "ml.training"\nedges: [can-write, reads-from]\nmaxHops: 2')], { maxPathsPerRule: 3, maxStepsPerSource: 1000 });
    expect(r.findings).toHaveLength(3);
    expect(r.stats[0]).toMatchObject({ paths: 3, truncated: true, targets: 5 });
  });

  it('an account declared trusted is not a source; the own account never is', () => {
    const own = awsAccountPrincipal(aws.account);
    const inv = inventory([aws.bucket('data'), j1], [edge(own, 'can-write', bucket), edge(A, 'can-write', bucket), edge(j1.id, 'reads-from', bucket)]);
    const r = rule('target: node.category == "ml.training"\nedges: [can-write, reads-from]\nmaxHops: 2');
    expect(evaluatePathRules(graphStage(inv), [r]).map((f) => f.source)).toEqual([A]);
    expect(evaluatePathRules(graphStage(inv, { ...noTrust(), trustedAccounts: ['444455556666'] }), [r])).toEqual([]);
  });
});

describe('ranking and linking', () => {
  const base = {
    title: 't',
    status: 'fail' as const,
    message: 'm',
    remediation: 'r',
    evidence: [],
    unknownFields: [],
    frameworks: { mitreAtlas: [], owaspMl: [], owaspLlm: [] },
    tags: [],
    references: [],
    onPaths: [],
  };
  const ref = (id: string, kind = 'aws.s3.bucket') => ({ id, kind, provider: 'aws', account: '1', region: 'r', name: id });
  const path = (fp: string, severity: Finding['severity'], tier: string, nodes: string[]): Finding => ({
    ...base,
    ruleId: 'PATH-001',
    severity,
    type: 'path',
    resource: ref(nodes[nodes.length - 1]),
    fingerprint: fp,
    evidence: [{ path: 'target', value: { tier } }],
    hops: nodes.slice(1).map((to, k) => ({ from: nodes[k], to, type: 'can-write', evidence: [] })),
    onPaths: [],
  });
  const resourceFinding = (id: string, severity: Finding['severity'], fp: string): Finding => ({ ...base, ruleId: 'AWS-S3-001', severity, type: 'resource', resource: ref(id), fingerprint: fp, onPaths: [] });

  it('paths first by severity then by what the target serves; on-path findings before others of equal severity', () => {
    const p1 = path('p1', 'high', 'model', ['a', 'b', 'm']);
    const p2 = path('p2', 'high', 'serving-endpoint', ['a', 'b', 'e']);
    const p3 = path('p3', 'critical', 'dataset', ['a', 'd']);
    const linked = linkFindingsToPaths([resourceFinding('x', 'high', 'r1'), resourceFinding('b', 'high', 'r2'), resourceFinding('z', 'critical', 'r3')], [p1, p2, p3]);
    expect(linked.find((f) => f.fingerprint === 'r2')!.onPaths).toEqual(['p1', 'p2']);
    const ranked = rankFindings([...linked, p1, p2, p3]).map((f) => f.fingerprint);
    expect(ranked).toEqual(['p3', 'p2', 'p1', 'r3', 'r2', 'r1']);
  });

  it('pathsByNode gives a new finding the onPaths linkFindingsToPaths would give it', () => {
    const paths = [path('p2', 'high', 'model', ['a', 'b', 'm']), path('p1', 'high', 'serving-endpoint', ['a', 'b', 'e'])];
    const findings = [resourceFinding('b', 'high', 'r1'), resourceFinding('m', 'high', 'r2'), resourceFinding('x', 'high', 'r3')];
    const byNode = pathsByNode(paths);
    const atCreation = findings.map((f) => ({ ...f, onPaths: byNode.get(f.resource.id) ?? f.onPaths }));
    expect(atCreation).toEqual(linkFindingsToPaths(findings, paths));
    expect(atCreation[0].onPaths).toEqual(['p1', 'p2']);
    expect(Object.isFrozen(byNode.get('b'))).toBe(true);
  });

  it('formats hops like the table output', () => {
    expect(
      formatHops([
        { from: INTERNET, to: '//storage.googleapis.com/projects/_/buckets/vd', type: 'can-write', prefix: 'img/', evidence: [] },
        { from: '//storage.googleapis.com/projects/_/buckets/vd', to: 'projects/1/locations/us/datasets/7', type: 'imports-from', evidence: [], reversed: true },
      ]),
    ).toBe('internet -[can-write]-> gs://vd/img/ -[imports-from]-> datasets/7');
  });
});

describe('through', () => {
  it('counts a path only when it passes a node matching `through`', () => {
    const job = aws.trainingJob('j', []);
    const model = aws.model('m');
    const data = s3BucketArn('data');
    const art = s3BucketArn('art');
    const inv = inventory(
      [aws.bucket('data'), aws.bucket('art'), job, model],
      [
        edge(INTERNET, 'can-write', data),
        edge(INTERNET, 'can-write', art),
        edge(job.id, 'reads-from', data),
        edge(job.id, 'writes-to', art, { prefix: 'out/' }),
        edge(model.id, 'stored-in', art, { prefix: 'out/model/' }),
      ],
    );
    const r = rule('target: node.category == "ml.model"\nthrough: node.category == "ml.training"\nedges: [can-write, reads-from, writes-to, stored-in]\nmaxHops: 4');
    expect(evaluatePathRules(graphStage(inv), [r]).map(routeOf)).toEqual([[INTERNET, data, job.id, art, model.id]]);
  });
});
