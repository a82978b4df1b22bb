// The bundled demo inventory through the whole pipeline (access analysis -> graph -> rules -> reporters):
// the expected attack paths by node ids on both clouds, rendered in every format.
import { beforeAll, describe, expect, it } from 'vitest';
import { readInventory, type Finding, type ScanResult } from '../../src/model/index.js';
import { analyzeInventory } from '../../src/scan.js';
import { pathRuleIds } from '../../src/graph/index.js';
import { loadRuleSet } from '../../src/rules/load.js';
import { tableReporter } from '../../src/reporters/table.js';
import { jsonReporter } from '../../src/reporters/json.js';
import { sarifReporter } from '../../src/reporters/sarif.js';
import { validateSarif } from '../helpers/sarif-validate.js';

const AWS = '111122223333';
const LOC = 'projects/123456789012/locations/us-central1';
const sm = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:${AWS}:${type}/${name}`;
const EXTERNAL_ACCOUNT = 'principal:aws-account:444455556666';
const CONTRACTOR = 'principal:gcp-member:user:contractor@partner-labs.example';

let result: ScanResult;
beforeAll(async () => {
  result = analyzeInventory(await readInventory('mocks/examples/demo-inventory.json'), { rules: loadRuleSet().rules, now: () => new Date('2026-01-01T00:00:00Z') });
});
const routeOf = (f: Finding) => [f.hops![0].from, ...f.hops!.map((h) => h.to)];
const paths = (ruleId: string) => result.findings.filter((f) => f.ruleId === ruleId).map(routeOf);

describe('demo inventory through the whole pipeline', () => {
  it('AWS: an external account poisons the training data of the model the fraud endpoint serves', () => {
    expect(paths('PATH-001')).toContainEqual([EXTERNAL_ACCOUNT, 'arn:aws:s3:::acme-ml-training-data', sm('training-job', 'fraud-detector-v3'), sm('model', 'fraud-detector-v3'), sm('endpoint', 'fraud-detector')]);
  });

  it('GCP: a contractor poisons the Vertex dataset behind the public churn endpoint', () => {
    expect(paths('PATH-001')).toContainEqual([
      CONTRACTOR,
      '//storage.googleapis.com/projects/_/buckets/acme-vertex-datasets',
      `${LOC}/datasets/5551234`,
      `${LOC}/trainingPipelines/7710001`,
      `${LOC}/models/4410001`,
      `${LOC}/endpoints/3310001`,
    ]);
    // the public churn endpoint is exposed: the same route is one finding, PATH-001's, naming PATH-005
    const exposed = result.findings.filter((f) => f.type === 'path' && pathRuleIds(f).includes('PATH-005'));
    expect(exposed.map(routeOf)).toContainEqual([
      CONTRACTOR,
      '//storage.googleapis.com/projects/_/buckets/acme-vertex-datasets',
      `${LOC}/datasets/5551234`,
      `${LOC}/trainingPipelines/7710001`,
      `${LOC}/models/4410001`,
      `${LOC}/endpoints/3310001`,
    ]);
    expect(exposed.every((f) => f.resource.id === `${LOC}/endpoints/3310001` || f.resource.id === sm('endpoint', 'fraud-detector'))).toBe(true);
    const routesOnce = result.findings.filter((f) => f.type === 'path').map((f) => `${f.evidence.find((e) => e.path === 'sourceClass')!.value}|${routeOf(f).slice(1).join('>')}`);
    expect(new Set(routesOnce).size).toBe(routesOnce.length);
  });

  it('the queue opens with the attack paths, critical ones reaching serving endpoints first', () => {
    const first = result.findings[0];
    expect(first.type).toBe('path');
    expect(first.severity).toBe('critical');
    expect(first.evidence.find((e) => e.path === 'target')!.value).toMatchObject({ tier: 'serving-endpoint' });
    const lastPath = result.findings.map((f) => f.type).lastIndexOf('path');
    expect(result.findings.slice(0, lastPath + 1).every((f) => f.type === 'path')).toBe(true);
  });

  it('misconfigurations on a path link to it; resource rules saw related lineage', () => {
    const pathFps = new Set(result.findings.filter((f) => f.type === 'path').map((f) => f.fingerprint));
    const onBucket = result.findings.filter((f) => f.type === 'resource' && f.resource.id === 'arn:aws:s3:::acme-ml-training-data');
    expect(onBucket.length).toBeGreaterThan(0);
    for (const f of onBucket) {
      expect(f.onPaths.length).toBeGreaterThan(0);
      for (const fp of f.onPaths) expect(pathFps.has(fp)).toBe(true);
    }
    const bucket = result.inventory.resources.find((r) => r.id === 'arn:aws:s3:::acme-ml-training-data')!;
    expect(bucket.related).toMatchObject({ feedsTraining: true, deployed: true, servingEndpoints: [sm('endpoint', 'fraud-detector')] });
    expect(result.rules.filter((r) => r.type === 'path').map((r) => r.id)).toEqual(['PATH-001', 'PATH-002', 'PATH-003', 'PATH-004', 'PATH-005', 'PATH-070']);
  });

  it('renders every hop in the table, JSON and SARIF codeFlows, and the SARIF validates', async () => {
    const table = tableReporter.render(result, { color: false });
    expect(table).toContain(
      'aws-account:444455556666 -[can-write]-> s3://acme-ml-training-data/fraud/train/ -[reads-from]-> training-job/fraud-detector-v3 -[produces]-> model/fraud-detector-v3',
    );
    const json = JSON.parse(jsonReporter.render(result, { color: false }));
    const jsonPath = json.findings.find((f: Finding) => f.type === 'path');
    expect(jsonPath.hops[0]).toMatchObject({ type: 'can-write', evidence: [expect.objectContaining({ source: expect.any(String) })] });

    const sarifText = sarifReporter.render(result, { color: false });
    const sarif = JSON.parse(sarifText);
    const pathResults = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId.startsWith('PATH-'));
    expect(pathResults.length).toBe(result.findings.filter((f) => f.type === 'path' && !f.suppressed).length);
    for (const r of pathResults) {
      const f = result.findings.find((x) => x.fingerprint === Object.values(r.partialFingerprints as Record<string, string>)[0])!;
      expect(r.codeFlows[0].threadFlows[0].locations.length).toBe(f.hops!.length);
    }
    const { schema, multitool } = await validateSarif(sarifText);
    expect(schema).toEqual([]);
    expect(multitool).toEqual([]);
  });
});
