// `aispm demo` end to end: the mock cloud serves the bundled AWS and GCP demo scenarios, the real SDK clients collect
// them, and the attack paths come out first, by node ids, with the scenarios' decoys on no path.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Finding, ScanResult } from '../../src/model/index.js';
import { captureIO } from '../cli/helpers-io.js';

let result: ScanResult;
let table: string;
beforeAll(async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'aispm-demo-paths-'));
  const io = captureIO(cwd);
  const code = await main(['node', 'aispm', 'demo'], io);
  expect(code, io.err()).toBe(0);
  table = io.out();
  result = JSON.parse(readFileSync(join(cwd, 'aispm-output', 'aispm.json'), 'utf8'));
}, 120_000);

const routeOf = (f: Finding) => [f.hops![0].from, ...f.hops!.map((h) => h.to)];
const paths = () => result.findings.filter((f) => f.type === 'path');
const sm = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:123456789012:${type}/${name}`;

describe('aispm demo attack paths', () => {
  it('AWS: a full poisoning path to the serving fraud endpoint', () => {
    expect(paths().filter((f) => f.ruleId === 'PATH-001').map(routeOf)).toContainEqual([
      'principal:aws-account:444455556666',
      'arn:aws:s3:::acme-ml-training-data',
      sm('training-job', 'fraud-detector-2025-06'),
      sm('model', 'fraud-detector-v3'),
      sm('endpoint-config', 'fraud-detector-prod-config'),
      sm('endpoint', 'fraud-detector-prod'),
    ]);
  });

  it('GCP: a full poisoning path to a serving Vertex endpoint', () => {
    const gcp = paths().filter((f) => f.ruleId === 'PATH-001' && f.resource.provider === 'gcp' && f.resource.kind === 'gcp.vertexai.endpoint');
    expect(gcp.length).toBeGreaterThan(0);
    const route = routeOf(gcp[0]);
    expect(route[0]).toBe('principal:any-authenticated');
    expect(route[1]).toBe('//storage.googleapis.com/projects/_/buckets/acme-vision-training-images');
    expect(route.slice(2).map((id) => id.replace(/^projects\/[^/]+\/locations\/[^/]+\//, ''))).toEqual(['datasets/3001', 'trainingPipelines/4001', 'models/5001', 'endpoints/7001']);
    expect(gcp[0].severity).toBe('critical');
  });

  it('the table opens with the ranked attack paths, every hop shown', () => {
    const firstFinding = table.split('\n').find((l) => /^\s+(FAIL|UNKNOWN)\s/.test(l))!;
    expect(firstFinding).toMatch(/PATH-\d{3}/);
    expect(table).toContain('-[reads-from]-> training-job/fraud-detector-2025-06 -[produces]-> model/fraud-detector-v3 -[uses]-> endpoint-config/fraud-detector-prod-config -[uses]-> endpoint/fraud-detector-prod');
  });

  it('the trusted partners declared by the demo are on no path', () => {
    const onPath = new Set(paths().flatMap(routeOf));
    for (const id of ['arn:aws:s3:::acme-partner-drop', '//storage.googleapis.com/projects/_/buckets/acme-vision-partner-labels']) {
      const bucket = result.inventory.resources.find((r) => r.id === id)!;
      expect(bucket.related?.feedsTraining, id).toBe(true);
      expect(onPath.has(id), id).toBe(false);
    }
  });

  it('the malicious model artifact of the deployed fraud detector is reported on the attack path (PATH-070, ART-001)', () => {
    const p70 = paths().filter((f) => f.ruleId === 'PATH-070');
    expect(p70.map(routeOf)).toEqual([[sm('model', 'fraud-detector-v3'), sm('endpoint-config', 'fraud-detector-prod-config'), sm('endpoint', 'fraud-detector-prod')]]);
    expect(p70[0].severity).toBe('critical');
    const art = result.findings.find((f) => f.ruleId === 'ART-001' && f.resource.id === sm('model', 'fraud-detector-v3'))!;
    expect(art.onPaths).toContain(p70[0].fingerprint);
    expect(art.message).toContain('os.system');
    // the clean artifacts: the recommender's model.tar.gz and the Vertex model's PyTorch zip
    const verdicts = Object.fromEntries((result.artifacts as { uri: string; verdict: string }[]).map((a) => [a.uri, a.verdict]));
    expect(verdicts['s3://acme-ml-model-artifacts/recommender/recommender-2025-05/output/model.tar.gz']).toBe('clean');
    expect(verdicts['gs://acme-vision-models/defect-detector/v4/model.pt']).toBe('clean');
  });
});
