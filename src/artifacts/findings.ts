// Turns artifact scan results into findings (ART-001..004) with rule descriptors, so every reporter and SARIF has them.
import { createHash } from 'node:crypto';
import type { Finding, ResourceRef } from '../model/finding.js';
import type { RuleDescriptor } from '../model/scan-result.js';
import type { Severity } from '../model/severity.js';
import type { ArtifactIssue, ArtifactScanResult, IssueKind } from './types.js';

const FRAMEWORKS = { mitreAtlas: ['AML.T0010.003', 'AML.T0011.000'], owaspMl: ['ML06:2023'], owaspLlm: ['LLM03:2025'] };
const REFERENCES = [
  'https://docs.python.org/3/library/pickle.html',
  'https://github.com/mmaitre314/picklescan',
  'https://github.com/protectai/modelscan',
  'https://github.com/trailofbits/fickling',
];

interface ArtifactRule {
  id: string;
  kind: IssueKind;
  title: string;
  severity: Severity;
  status: 'fail' | 'unknown';
  description: string;
  remediation: string;
}

export const ARTIFACT_RULES: readonly ArtifactRule[] = [
  {
    id: 'ART-001',
    kind: 'dangerous',
    title: 'Malicious code in model artifact',
    severity: 'critical',
    status: 'fail',
    description:
      'The model artifact imports or calls a callable that runs commands, evaluates code, imports modules, touches files or the network, or reaches such callables indirectly (pickle globals, Keras Lambda layers, dangerous custom objects). Loading the model runs it.',
    remediation:
      'Do not load or deploy this artifact. Replace it with one rebuilt from trusted training output, prefer weights-only formats (safetensors, torch.load(weights_only=True)), restrict who can write the artifact location, and investigate how the file was written.',
  },
  {
    id: 'ART-002',
    kind: 'suspicious',
    title: 'Model artifact imports an unknown global',
    severity: 'medium',
    status: 'fail',
    description:
      'The model artifact imports a callable or class that is neither on the allow-list of known reconstruction functions (PyTorch, NumPy, collections, scikit-learn) nor known to be dangerous, or names one aispm cannot resolve statically (computed STACK_GLOBAL operands, extension codes), or carries non-tensor content.',
    remediation: 'Review the listed globals: confirm each is a class of your own code base you trust, or convert the model to a weights-only format.',
  },
  {
    id: 'ART-003',
    kind: 'error',
    title: 'Model artifact cannot be read or parsed',
    severity: 'low',
    status: 'unknown',
    description: 'The artifact (or a member of it) is missing, unreadable, malformed, truncated or in an unrecognized format, so aispm could not establish what loading it would do. Unknown is not clean.',
    remediation: 'Check that the artifact exists where the model points, that the scanner may read it, and that it is complete and in a supported format; a file that Python can load but aispm cannot parse deserves manual review.',
  },
  {
    id: 'ART-004',
    kind: 'partial',
    title: 'Model artifact only partially scanned',
    severity: 'low',
    status: 'unknown',
    description: 'A scan limit (bytes per artifact, total bytes, timeout, nesting depth, buffer size) or an unsupported encoding stopped the scan before the whole artifact was analyzed.',
    remediation: 'Raise --max-bytes / --timeout for this artifact, or scan it locally with aispm scan-model.',
  },
];

export const ARTIFACT_RULE_DESCRIPTORS: RuleDescriptor[] = ARTIFACT_RULES.map((r) => ({
  id: r.id,
  title: r.title,
  severity: r.severity,
  type: 'artifact',
  resource: 'model-artifact',
  description: r.description,
  remediation: r.remediation,
  references: REFERENCES,
  frameworks: FRAMEWORKS,
  tags: ['model-artifact', 'supply-chain'],
  source: 'src/artifacts/findings.ts',
  counts: { pass: 0, fail: 0, unknown: 0 },
}));

/** The artifact itself as a finding resource: its URI is the id. */
function artifactResourceRef(uri: string): ResourceRef {
  const m = /^(s3|gs):\/\/([^/]+)\/(.*)$/.exec(uri);
  const name = uri.split('/').pop() || uri;
  if (m) return { id: uri, kind: 'model-artifact', provider: m[1] === 's3' ? 'aws' : 'gcp', account: m[2], region: 'global', name };
  return { id: uri, kind: 'model-artifact', provider: 'local', account: 'local', region: 'local', name };
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function where(i: ArtifactIssue): string {
  return `${i.member || '(artifact)'}${i.offset !== undefined ? `@${i.offset}` : ''}`;
}

export interface FindingContext {
  /** the resource the artifact belongs to (a model); defaults to the artifact itself */
  resource?: ResourceRef;
  /** endpoints serving that resource, named in the message */
  servingEndpoints?: string[];
}

/** One finding per rule that the artifact's issues trigger. */
export function artifactFindings(result: ArtifactScanResult, context: FindingContext = {}): Finding[] {
  const resource = context.resource ?? artifactResourceRef(result.uri);
  const out: Finding[] = [];
  for (const rule of ARTIFACT_RULES) {
    const issues = result.issues.filter((i) => i.kind === rule.kind);
    if (issues.length === 0) continue;
    const shown = issues.slice(0, 3).map((i) => (i.subject ? `${i.subject} in ${where(i)}` : `${where(i)}: ${i.message}`));
    const more = issues.length > 3 ? ` and ${issues.length - 3} more` : '';
    const onArtifact = context.resource ? ` (artifact ${result.uri})` : '';
    const deployed = context.servingEndpoints?.length ? `; served by ${context.servingEndpoints.join(', ')}` : '';
    out.push({
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      status: rule.status,
      type: 'artifact',
      resource,
      message: `${rule.title}${onArtifact}: ${shown.join('; ')}${more}${deployed}`,
      remediation: rule.remediation,
      evidence: [
        { path: 'artifact.uri', value: result.uri },
        { path: 'artifact.format', value: result.format },
        { path: 'artifact.verdict', value: result.verdict },
        ...issues.slice(0, 50).map((i, n) => ({ path: `artifact.issues[${n}]`, value: { member: i.member, offset: i.offset, subject: i.subject, message: i.message } })),
      ],
      unknownFields: rule.status === 'unknown' ? issues.slice(0, 20).map((i) => ({ path: where(i), reason: i.message })) : [],
      frameworks: FRAMEWORKS,
      tags: ['model-artifact', 'supply-chain'],
      references: REFERENCES,
      fingerprint: fingerprint(rule.id, resource.id, result.uri),
      onPaths: [],
    });
  }
  return out;
}
