import { gzipSync } from 'node:zlib';
import { InputError } from '../model/errors.js';
import type { Finding, RuleDescriptor, ScanResult } from '../model/index.js';
import { SECURITY_SEVERITY, type Severity } from '../model/severity.js';
import { formatHops, nodeLabel } from '../graph/format.js';
import type { Reporter } from './types.js';
import { bucketArtifacts, MAX_BUCKET_ARTIFACTS, selectBuckets } from './sarif-buckets.js';
import { resourceUri } from './sarif-uri.js';
import { GITHUB_LIMITS, limitTags, limitText, sarifFindings, selectResults } from './sarif-limits.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Cloud resources have no source file, so a result's
 * physical location is a relative URI naming the resource (src/reporters/sarif-uri.ts) at line 1, and its logical
 * locations name the account, the region and the resource. Buckets are also `run.artifacts[]` entries carrying their
 * effective access (src/reporters/sarif-buckets.ts), at most MAX_BUCKET_ARTIFACTS of them, those the results point at
 * first; locations at a listed bucket reference its artifact by index.
 * The log stays within GitHub's documented limits (src/reporters/sarif-limits.ts) and says what it left out.
 */
export const sarifReporter: Reporter = {
  name: 'sarif',
  fileName: 'aispm.sarif',
  render: renderWithinUploadLimit,
};

/**
 * The log with its bounded bucket artifacts when it fits GitHub's 10 MB (gzip-compressed) upload limit; otherwise only
 * the buckets the results, paths and notifications point at (the JSON output has every bucket's access). A log that
 * still does not fit is an error rather than a file GitHub would reject.
 */
function renderWithinUploadLimit(result: ScanResult): string {
  const bounded = renderOrTooLong(toSarif(result));
  if (bounded !== undefined && gzipSync(bounded).length <= GITHUB_LIMITS.gzipBytes) return bounded;
  const text = renderOrTooLong(toSarif(result, { bucketArtifacts: 'referenced' }));
  const size = text === undefined ? Infinity : gzipSync(text).length;
  if (text === undefined || size > GITHUB_LIMITS.gzipBytes)
    throw new InputError(
      `the SARIF log would be ${Number.isFinite(size) ? `${(size / 1024 / 1024).toFixed(1)} MB gzip-compressed` : 'too large to build'}, above GitHub code scanning's 10 MB upload limit; ` +
        'use --format json, or scan fewer resources or rules (--only-rules DIR)',
    );
  return text;
}

/** The log as text, or undefined when it is longer than a JavaScript string can be. */
function renderOrTooLong(log: ReturnType<typeof toSarif>): string | undefined {
  try {
    return JSON.stringify(log, null, 2) + '\n';
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = { critical: 'error', high: 'error', medium: 'warning', low: 'recommendation', info: 'recommendation' };
const FINGERPRINT_KEY = 'aispm/v1';
/** every location is at line 1 of its resource: GitHub requires startLine, startColumn, endLine and endColumn */
const REGION = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } as const;

export interface SarifOptions {
  /**
   * `bounded` (the default): every bucket up to `maxBucketArtifacts`, above it the referenced buckets first, then the
   * most exposed; `referenced`: only buckets a location in the log points at (still at most `maxBucketArtifacts`)
   */
  bucketArtifacts?: 'bounded' | 'referenced';
  /** default MAX_BUCKET_ARTIFACTS */
  maxBucketArtifacts?: number;
}

export function toSarif(result: ScanResult, options: SarifOptions = {}) {
  const current = sarifFindings(result.findings);
  const { kept: findings, omitted } = selectResults(current);
  const descriptors = descriptorsFor(result.rules, findings);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const lineHash = primaryLocationLineHashes();
  // SARIF 3.27.24: "If baselineState is present on any result object in theRun, it SHALL be present on every such result object"
  const withBaseline = findings.length > 0 && findings.every((f) => f.baselineState);
  const onlyReferenced = options.bucketArtifacts === 'referenced';
  const maxArtifacts = options.maxBucketArtifacts ?? MAX_BUCKET_ARTIFACTS;
  const selection = selectBuckets(result.inventory.resources, referencedIds(result, findings), maxArtifacts, onlyReferenced);
  const artifacts = bucketArtifacts(selection.buckets, resourceUri);
  const omittedArtifacts = selection.total - artifacts.length;
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
        // category "aispm" (everything before the last "/"), run id after it
        automationDetails: { id: `aispm/${(result.scanId ?? result.startedAt).replaceAll('/', '-')}` },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: result.startedAt,
            endTimeUtc: result.finishedAt,
            toolExecutionNotifications: [
              ...(omitted ? [omittedNotification(omitted, current.length)] : []),
              ...(omittedArtifacts ? [omittedArtifactsNotification(omittedArtifacts, selection.total, maxArtifacts, onlyReferenced)] : []),
              ...result.inventory.coverage.failures.map((f) => ({
                level: 'warning' as const,
                message: { text: `${f.provider} ${f.account} ${f.region} ${f.service} ${f.operation} failed (${f.errorCode}: ${f.message}); fields reported as unknown: ${f.fields.join(', ') || '(none)'}` },
                ...(f.resourceId ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.resourceId) } }] } : {}),
              })),
            ],
          },
        ],
        artifacts,
        results: findings.map((f) => sarifResult(f, index.get(f.ruleId)!, artifactLocation, lineHash, withBaseline)),
        properties: {
          resources: result.inventory.resources.length,
          coverageFailures: result.inventory.coverage.failures.length,
          findings: current.length,
          omittedResults: omitted,
          omittedBucketArtifacts: omittedArtifacts,
          fixedFindings: result.fixed.length + result.findings.length - current.length,
        },
      },
    ],
  };
}

function omittedNotification(omitted: number, total: number) {
  return {
    level: 'warning' as const,
    message: {
      text:
        `${omitted} of ${total} findings are not in this SARIF log: GitHub code scanning keeps at most ${GITHUB_LIMITS.results} results per run ` +
        '(and rejects a run above 25,000). Kept first: failed findings (attack paths, then worst severity), then unknown, then suppressed. ' +
        'The JSON output (--format json) has every finding.',
    },
  };
}

function omittedArtifactsNotification(omitted: number, total: number, max: number, onlyReferenced: boolean) {
  const why = onlyReferenced
    ? `with more buckets the log would exceed GitHub code scanning's 10 MB (gzip-compressed) upload limit, so only buckets that results point at are listed (at most ${max})`
    : `the log lists at most ${max} buckets, those that results point at first, then the most exposed (a public or cross-account flag set, then an undecided flag)`;
  return {
    level: 'warning' as const,
    message: { text: `${omitted} of ${total} buckets are not in runs[0].artifacts: ${why}. The JSON output (--format json) has every bucket's access.` },
  };
}

/** Ids that a kept finding, an attack path hop or a coverage failure points at, in the log's order. */
function referencedIds(result: ScanResult, findings: readonly Finding[]): Set<string> {
  const ids = new Set<string>();
  for (const f of findings) {
    ids.add(f.resource.id);
    for (const hop of f.hops ?? []) ids.add(hop.to);
  }
  for (const failure of result.inventory.coverage.failures) if (failure.resourceId) ids.add(failure.resourceId);
  return ids;
}

/**
 * One descriptor per rule id (the first of duplicates), plus a minimal one for a finding whose rule is not in the list
 * (keeps ruleIndex valid). Above GitHub's rule limit, only the rules the results use.
 */
function descriptorsFor(rules: readonly RuleDescriptor[], findings: readonly Finding[]): RuleDescriptor[] {
  const known = new Set<string>();
  const out = rules.filter((r) => !known.has(r.id) && known.add(r.id));
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
  if (out.length <= GITHUB_LIMITS.rules) return out;
  const used = new Set(findings.map((f) => f.ruleId));
  return out.filter((d) => used.has(d.id));
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
  const title = limitText(d.title, GITHUB_LIMITS.description, d.id);
  return {
    id: d.id,
    name: limitText(pascalCase(d.title), GITHUB_LIMITS.ruleName, pascalCase(d.id)),
    shortDescription: { text: title },
    fullDescription: { text: limitText(d.description, GITHUB_LIMITS.description, title) },
    ...(d.references[0] ? { helpUri: d.references[0] } : {}),
    help: { text: `${d.description || title}\n\nRemediation: ${d.remediation || '(none given)'}`, markdown },
    defaultConfiguration: { level: LEVEL[d.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[d.severity],
      'problem.severity': PROBLEM_SEVERITY[d.severity],
      precision: 'high',
      // GitHub rejects a rule with more than 20 tags and shows 10: `security` first, then the rule's, then frameworks
      tags: limitTags(['security', ...d.tags, ...frameworks]),
      severity: d.severity,
      resource: d.resource,
    },
  };
}

type ArtifactLocationOf = (id: string) => { uri: string; index?: number };

/**
 * GitHub matches alerts across uploads by `primaryLocationLineHash` only, written "hash:occurrence" like
 * codeql-action's: 16 hex digits of the finding's fingerprint, and a count that keeps two results with the same
 * fingerprint from merging into one alert.
 */
function primaryLocationLineHashes(): (fingerprint: string) => string {
  const seen = new Map<string, number>();
  return (fingerprint) => {
    const hash = fingerprint.slice(0, 16);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  };
}

function sarifResult(f: Finding, ruleIndex: number, artifactLocation: ArtifactLocationOf, lineHash: (fingerprint: string) => string, withBaseline: boolean) {
  const message = f.message.trim() || f.title;
  const text = f.status === 'unknown' ? `[unknown] ${message}` : message;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.status === 'unknown' ? ('note' as const) : LEVEL[f.severity],
    message: { text },
    locations: [resourceLocation(f, artifactLocation)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint, primaryLocationLineHash: lineHash(f.fingerprint) },
    ...(f.hops?.length ? { codeFlows: [codeFlow(f, artifactLocation)] } : {}),
    // SARIF 3.27.23: suppressions "SHALL be either all null or all non-null" in a run; aispm checks every finding
    suppressions: f.suppressed ? [{ kind: 'external' as const, status: 'accepted' as const, justification: f.suppressed.reason }] : [],
    ...(withBaseline ? { baselineState: f.baselineState } : {}),
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
    physicalLocation: { artifactLocation: artifactLocation(r.id), region: REGION },
    logicalLocations: [
      { name: r.account, fullyQualifiedName: `${r.provider}:${r.account}`, kind: 'namespace' },
      { name: r.region, fullyQualifiedName: `${r.provider}:${r.account}:${r.region}`, kind: 'namespace' },
      { name: r.name, fullyQualifiedName: r.id, kind: 'resource' },
    ],
  };
}

function codeFlow(f: Finding, artifactLocation: ArtifactLocationOf) {
  const all = f.hops ?? [];
  const hops = all.slice(0, GITHUB_LIMITS.threadFlowLocations);
  const shown = hops.length < all.length ? ` (the first ${hops.length} of ${all.length} hops are shown as locations)` : '';
  return {
    message: { text: formatHops(all) + shown },
    threadFlows: [
      {
        locations: hops.map((hop, i) => ({
          executionOrder: i + 1,
          location: {
            physicalLocation: { artifactLocation: artifactLocation(hop.to), region: REGION },
            message: { text: `${nodeLabel(hop.from)} -[${hop.type}]-> ${nodeLabel(hop.to, hop.prefix)}` },
          },
        })),
      },
    ],
  };
}

function pascalCase(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}
