import type { Finding, RuleDescriptor, ScanResult } from '../model/index.js';
import { SECURITY_SEVERITY, type Severity } from '../model/severity.js';
import { formatHops, nodeLabel } from '../graph/format.js';
import type { Reporter } from './types.js';
import { bucketArtifacts } from './sarif-buckets.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Cloud resources have no source file, so a result's
 * physical location is the resource's URI (ARN, gs:// URI or resource name) at line 1, and its logical locations name
 * the account, the region and the resource. Every bucket is also a `run.artifacts[]` entry carrying its effective
 * access (src/reporters/sarif-buckets.ts); locations at a bucket reference that artifact by index.
 */
export const sarifReporter: Reporter = {
  name: 'sarif',
  fileName: 'aispm.sarif',
  render: (result) => JSON.stringify(toSarif(result), null, 2) + '\n',
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const FINGERPRINT_KEY = 'aispm/v1';

export function toSarif(result: ScanResult) {
  const findings = [...result.findings, ...result.fixed];
  const descriptors = descriptorsFor(result.rules, findings);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const artifacts = bucketArtifacts(result.inventory.resources, resourceUri);
  const artifactIndex = new Map(artifacts.map((a, i) => [a.location.uri, i]));
  const artifactLocation = (id: string) => {
    const uri = resourceUri(id);
    const i = artifactIndex.get(uri);
    return i === undefined ? { uri } : { uri, index: i };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'aispm',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: 'https://github.com/aispm/aispm',
            rules: descriptors.map(reportingDescriptor),
          },
        },
        automationDetails: { id: `aispm/${result.scanId ?? result.startedAt}` },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: result.startedAt,
            endTimeUtc: result.finishedAt,
            toolExecutionNotifications: result.inventory.coverage.failures.map((f) => ({
              level: 'warning' as const,
              message: { text: `${f.provider} ${f.account} ${f.region} ${f.service} ${f.operation} failed (${f.errorCode}: ${f.message}); fields reported as unknown: ${f.fields.join(', ') || '(none)'}` },
              ...(f.resourceId ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.resourceId) } }] } : {}),
            })),
          },
        ],
        artifacts,
        results: findings.map((f) => sarifResult(f, index.get(f.ruleId)!, artifactLocation)),
        properties: { resources: result.inventory.resources.length, coverageFailures: result.inventory.coverage.failures.length },
      },
    ],
  };
}

/** Descriptors for every rule, plus a minimal one for a finding whose rule is not in the list (keeps ruleIndex valid). */
function descriptorsFor(rules: readonly RuleDescriptor[], findings: readonly Finding[]): RuleDescriptor[] {
  const out = [...rules];
  const known = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    out.push({
      id: f.ruleId,
      title: f.title,
      severity: f.severity,
      type: f.type,
      resource: f.resource.kind,
      description: f.title,
      remediation: f.remediation,
      references: f.references,
      frameworks: f.frameworks,
      tags: f.tags,
      source: '',
      counts: { pass: 0, fail: 0, unknown: 0 },
    });
  }
  return out;
}

function frameworkTags(d: Pick<RuleDescriptor, 'frameworks'>): string[] {
  return [...d.frameworks.mitreAtlas.map((t) => `mitre-atlas/${t}`), ...d.frameworks.owaspMl.map((t) => `owasp-ml/${t}`), ...d.frameworks.owaspLlm.map((t) => `owasp-llm/${t}`)];
}

function reportingDescriptor(d: RuleDescriptor) {
  const frameworks = frameworkTags(d);
  const markdown = [
    `**${d.title}**`,
    '',
    `**Risk.** ${d.description}`,
    '',
    `**Remediation.** ${d.remediation}`,
    ...(frameworks.length ? ['', `**Frameworks.** ${frameworks.join(', ')}`] : []),
    ...(d.references.length ? ['', '**References.**', ...d.references.map((r) => `- <${r}>`)] : []),
  ].join('\n');
  return {
    id: d.id,
    name: pascalCase(d.title),
    shortDescription: { text: d.title },
    fullDescription: { text: d.description },
    ...(d.references[0] ? { helpUri: d.references[0] } : {}),
    help: { text: `${d.description}\n\nRemediation: ${d.remediation}`, markdown },
    defaultConfiguration: { level: LEVEL[d.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[d.severity],
      precision: 'high',
      tags: ['security', ...d.tags, ...frameworks],
      severity: d.severity,
      resource: d.resource,
    },
  };
}

type ArtifactLocationOf = (id: string) => { uri: string; index?: number };

function sarifResult(f: Finding, ruleIndex: number, artifactLocation: ArtifactLocationOf) {
  const text = f.status === 'unknown' ? `[unknown] ${f.message}` : f.message;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    // a finding fixed since the previous scan: kept for the baseline, but as a pass so no dashboard reopens it
    ...(f.baselineState === 'absent' ? { kind: 'pass' as const, level: 'none' as const } : { level: f.status === 'unknown' ? ('note' as const) : LEVEL[f.severity] }),
    message: { text },
    locations: [resourceLocation(f, artifactLocation)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.hops?.length ? { codeFlows: [codeFlow(f, artifactLocation)] } : {}),
    ...(f.suppressed ? { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: f.suppressed.reason }] } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    properties: {
      status: f.status,
      severity: f.severity,
      ...(f.status === 'unknown' ? { unknown: true, unknownFields: f.unknownFields } : {}),
      evidence: f.evidence,
      ...(f.onPaths.length ? { onPaths: f.onPaths } : {}),
    },
  };
}

function resourceLocation(f: Finding, artifactLocation: ArtifactLocationOf) {
  const r = f.resource;
  return {
    physicalLocation: { artifactLocation: artifactLocation(r.id), region: { startLine: 1 } },
    logicalLocations: [
      { name: r.account, fullyQualifiedName: `${r.provider}:${r.account}`, kind: 'namespace' },
      { name: r.region, fullyQualifiedName: `${r.provider}:${r.account}:${r.region}`, kind: 'namespace' },
      { name: r.name, fullyQualifiedName: r.id, kind: 'resource' },
    ],
  };
}

function codeFlow(f: Finding, artifactLocation: ArtifactLocationOf) {
  const hops = f.hops ?? [];
  return {
    message: { text: formatHops(hops) },
    threadFlows: [
      {
        locations: hops.map((hop, i) => ({
          executionOrder: i + 1,
          location: {
            physicalLocation: { artifactLocation: artifactLocation(hop.to), region: { startLine: 1 } },
            message: { text: `${nodeLabel(hop.from)} -[${hop.type}]-> ${nodeLabel(hop.to, hop.prefix)}` },
          },
        })),
      },
    ],
  };
}

/** A URI for a resource or principal id: gs:// for GCS buckets, the ARN or resource name otherwise, percent-encoded where needed. */
export function resourceUri(id: string): string {
  const gcs = /^\/\/storage\.googleapis\.com\/projects\/[^/]+\/buckets\/([^/]+)$/.exec(id);
  if (gcs) return `gs://${gcs[1]}`;
  return encodeURI(id);
}

function pascalCase(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}
