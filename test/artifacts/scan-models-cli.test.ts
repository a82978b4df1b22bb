// `aispm scan aws|gcp --scan-models` end to end: the demo scenarios through the real SDK clients and the mock cloud.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, startMockCloud, type MockCloud } from '../../mocks/cloud.js';
import { main } from '../../src/cli/main.js';
import type { Finding } from '../../src/model/finding.js';
import { captureIO } from '../cli/helpers-io.js';

const SM = 'arn:aws:sagemaker:us-east-1:123456789012';
const FRAUD_MODEL = `${SM}:model/fraud-detector-v3`;

describe('scan aws|gcp --scan-models (demo scenarios, mock cloud)', () => {
  let cloud: MockCloud;
  let dir: string;
  beforeAll(async () => {
    const aws = await loadScenario(new URL('../../mocks/scenarios/demo-aws.yaml', import.meta.url).pathname);
    const gcp = await loadScenario(new URL('../../mocks/scenarios/demo-gcp.yaml', import.meta.url).pathname);
    cloud = await startMockCloud({ aws: aws.aws, gcp: gcp.gcp });
    dir = await mkdtemp(join(tmpdir(), 'aispm-scan-models-'));
  });
  afterAll(async () => {
    await cloud?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ ...cloud.env, AWS_ACCESS_KEY_ID: 'AKIATEST', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', HOME: dir });

  it('aws: the deployed fraud detector artifact is malicious, linked to its model, its endpoint and the attack path', async () => {
    const io = captureIO(dir, env());
    const code = await main(['node', 'aispm', 'scan', 'aws', '--regions', 'us-east-1', '--scan-models', '--no-history', '--format', 'json', '--output', 'aws-out'], io);
    expect(io.err()).toMatch(/model artifacts: \d+ scanned for \d+ resources: 1 malicious, /);
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(join(dir, 'aws-out', 'aispm.json'), 'utf8'));
    const art = result.findings.filter((f: Finding) => f.ruleId === 'ART-001') as Finding[];
    // on the SageMaker model and the model package group that reference the artifact (not on the training job that wrote it)
    expect(art.map((f) => f.resource.id).sort()).toEqual([`${SM}:model-package-group/fraud-detector`, FRAUD_MODEL]);
    const finding = art.find((f) => f.resource.id === FRAUD_MODEL)!;
    const model = result.inventory.resources.find((r: { id: string }) => r.id === finding.resource.id);
    expect(model.kind).toBe('aws.sagemaker.model');
    expect(model.artifactScan.verdict).toBe('malicious');
    expect(finding.severity).toBe('critical');
    expect(finding.message).toContain('os.system');
    const endpoints = finding.evidence.find((e) => e.path === 'resource.related.servingEndpoints')?.value as string[];
    expect(endpoints.length).toBeGreaterThan(0);
    expect(finding.message).toContain(endpoints[0]);
    expect(finding.onPaths.length).toBeGreaterThan(0);
    // the path rule for a malicious artifact served by an endpoint, at critical
    const path = result.findings.find((f: Finding) => f.ruleId === 'PATH-070');
    expect(path).toMatchObject({ severity: 'critical', source: model.id });
    expect(finding.onPaths).toContain(path.fingerprint);
    expect(result.rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['ART-001', 'ART-002', 'ART-003', 'ART-004', 'PATH-070']));
    // the clean recommender artifact: scanned, clean, no finding
    const recommender = result.inventory.resources.find((r: { kind: string; name: string }) => r.kind === 'aws.sagemaker.model' && r.name.startsWith('recommender'));
    expect(recommender.artifactScan.verdict).toBe('clean');
    expect(result.artifacts.find((a: { uri: string }) => a.uri.includes('recommender')).verdict).toBe('clean');
  });

  it('gcp: the Vertex model artifact (a PyTorch zip) is scanned in place and clean', async () => {
    const io = captureIO(dir, env());
    await main(['node', 'aispm', 'scan', 'gcp', '--project', 'acme-vision-prod', '--locations', 'us-central1', '--scan-models', '--no-history', '--format', 'json', '--output', 'gcp-out'], io);
    const result = JSON.parse(await readFile(join(dir, 'gcp-out', 'aispm.json'), 'utf8'));
    const pt = result.artifacts.find((a: { uri: string }) => a.uri === 'gs://acme-vision-models/defect-detector/v4/model.pt');
    expect(pt).toMatchObject({ verdict: 'clean', format: 'pytorch-zip' });
    const model = result.inventory.resources.find((r: { name: string; kind: string }) => r.kind === 'gcp.vertexai.model' && r.name === 'defect-detector-v4');
    expect(model.artifactScan.verdict).toBe('clean');
    expect(result.findings.filter((f: Finding) => f.ruleId === 'ART-001')).toEqual([]);
  });

  it('rejects artifact limits without --scan-models', async () => {
    const io = captureIO(dir, env());
    expect(await main(['node', 'aispm', 'scan', 'aws', '--max-model-bytes', '1GiB'], io)).toBe(2);
    expect(io.err()).toContain('--max-model-bytes: only used with --scan-models');
  });
});
