import { createHash } from 'node:crypto';
import type { Finding, RuleDescriptor, ScanResult } from '../src/model/index.js';
import type { Severity } from '../src/model/severity.js';

const SEVS: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const KINDS = [
  ['aws.s3.bucket', 'storage.bucket', 'aws'],
  ['aws.sagemaker.training-job', 'ml.training', 'aws'],
  ['aws.sagemaker.model', 'ml.model', 'aws'],
  ['aws.sagemaker.endpoint', 'ml.endpoint', 'aws'],
  ['gcp.storage.bucket', 'storage.bucket', 'gcp'],
  ['gcp.vertexai.dataset', 'ml.dataset', 'gcp'],
  ['gcp.vertexai.model', 'ml.model', 'gcp'],
  ['gcp.vertexai.endpoint', 'ml.endpoint', 'gcp'],
] as const;

/**
 * A ScanResult of the given size for reporter tests and benchmarks. Resources are minimal envelopes cast to the
 * resource type: reporters read only the envelope, and this keeps 20,000 resources cheap to build.
 */
export function syntheticResult(opts: { findings: number; resources: number; paths?: number; rules?: number }): ScanResult {
  const ruleCount = opts.rules ?? 60;
  const rules: RuleDescriptor[] = Array.from({ length: ruleCount }, (_, i) => ({
    id: `SYN-${String(i).padStart(3, '0')}`,
    title: `Synthetic rule ${i} about a misconfiguration`,
    severity: SEVS[i % 5],
    type: 'resource',
    resource: KINDS[i % KINDS.length][0],
    description: 'Why this matters: an attacker could poison training data or replace the model.',
    remediation: 'Turn the setting on.\n\naws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled',
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html'],
    frameworks: { mitreAtlas: ['AML.T0020'], owaspMl: ['ML02:2023'], owaspLlm: i % 2 ? ['LLM04:2025'] : [] },
    tags: ['synthetic'],
    source: `synthetic/${i}.yaml`,
    counts: { pass: 10, fail: 10, unknown: 1 },
  }));
  const resources = Array.from({ length: opts.resources }, (_, i) => {
    const [kind, category, provider] = KINDS[i % KINDS.length];
    const account = provider === 'aws' ? `1111222233${String(i % 7).padStart(2, '0')}` : `ml-project-${i % 5}`;
    const name = `${kind.split('.').pop()}-${i}`;
    const id = provider === 'aws' ? `arn:aws:${kind.split('.')[1]}:us-east-1:${account}:${name}` : `projects/${account}/locations/us-central1/${name}`;
    return { id, kind, category, provider, account, region: provider === 'aws' ? 'us-east-1' : 'us-central1', name, tags: {}, gaps: [] };
  });
  const edges = resources.slice(1).map((r, i) => ({ from: r.id, to: resources[i].id, type: 'reads-from' as const }));
  const pathCount = opts.paths ?? Math.min(200, Math.floor(opts.findings / 100));
  const findings: Finding[] = Array.from({ length: opts.findings }, (_, i) => {
    const rule = rules[i % ruleCount];
    const r = resources[(i * 7) % resources.length];
    const isPath = i < pathCount;
    return {
      ruleId: isPath ? 'PATH-001' : rule.id,
      title: isPath ? 'Training data poisoning path to a serving endpoint' : rule.title,
      severity: isPath ? 'critical' : rule.severity,
      status: i % 23 === 0 ? 'unknown' : 'fail',
      type: isPath ? 'path' : 'resource',
      resource: { id: r.id, kind: r.kind, provider: r.provider, account: r.account, region: r.region, name: r.name },
      message: `${rule.title} on ${r.name}`,
      remediation: rule.remediation,
      evidence: [{ path: 'versioning.enabled', value: false }],
      unknownFields: i % 23 === 0 ? [{ path: 'policy', reason: 'AccessDenied: s3:GetBucketPolicy' }] : [],
      hops: isPath
        ? [
            { from: 'principal:internet', to: resources[0].id, type: 'can-write', evidence: [{ source: 'bucket-policy', detail: 'statement 0 allows s3:PutObject to *', statementIndex: 0 }] },
            { from: resources[0].id, to: resources[1].id, type: 'reads-from', evidence: [] },
            { from: resources[1].id, to: r.id, type: 'produces', evidence: [] },
          ]
        : undefined,
      source: isPath ? 'principal:internet' : undefined,
      frameworks: rule.frameworks,
      tags: [],
      references: rule.references,
      fingerprint: createHash('sha256').update(`${i}`).digest('hex'),
      onPaths: [],
      baselineState: (['new', 'unchanged', 'updated'] as const)[i % 3],
    };
  });
  return {
    tool: { name: 'aispm', version: 'bench' },
    scanId: 'synthetic',
    startedAt: '2026-11-26T00:00:00.000Z',
    finishedAt: '2026-11-26T00:05:00.000Z',
    inventory: {
      schemaVersion: 1,
      generatedAt: '2026-11-26T00:05:00.000Z',
      targets: [{ provider: 'aws', account: '111122223300', regions: ['us-east-1'] }],
      resources: resources as unknown as ScanResult['inventory']['resources'],
      edges,
      coverage: { services: [], failures: [] },
    },
    rules,
    findings,
    artifacts: [],
    suppressions: { stale: [], expired: [] },
    fixed: [],
  };
}
