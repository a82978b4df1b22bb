import { z } from 'zod';
import { Severity } from './severity.js';
import { AccessEvidence } from './access.js';
import { EDGE_TYPES } from './edge.js';

export const Frameworks = z.object({
  mitreAtlas: z.array(z.string()).default([]).describe('MITRE ATLAS technique ids, e.g. AML.T0020'),
  owaspMl: z.array(z.string()).default([]).describe('OWASP Machine Learning Security Top 10, e.g. ML02:2023'),
  owaspLlm: z.array(z.string()).default([]).describe('OWASP Top 10 for LLM Applications, e.g. LLM04:2025'),
});
export type Frameworks = z.infer<typeof Frameworks>;

export const ResourceRef = z.object({
  id: z.string(),
  kind: z.string(),
  provider: z.string(),
  account: z.string(),
  region: z.string(),
  name: z.string(),
});
export type ResourceRef = z.infer<typeof ResourceRef>;

export const Evidence = z.object({ path: z.string(), value: z.unknown() });
export type Evidence = z.infer<typeof Evidence>;

export const PathHop = z.object({
  from: z.string(),
  to: z.string(),
  type: z.enum(EDGE_TYPES),
  prefix: z.string().optional(),
  evidence: z.array(AccessEvidence).default([]),
  reversed: z.boolean().optional().describe('hops run in the direction data flows; true when the inventory edge points the other way (a hop bucket -[reads-from]-> job is the edge job reads-from bucket)'),
  conditional: z.boolean().optional().describe('the access edge holds only under a condition aispm cannot evaluate'),
});
export type PathHop = z.infer<typeof PathHop>;

export const Suppression = z.object({
  reason: z.string(),
  expires: z.string().optional(),
  matchedBy: z.string().describe('which suppression entry matched'),
});

export const FINDING_STATUSES = ['fail', 'unknown'] as const;

export const Finding = z.object({
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  status: z.enum(FINDING_STATUSES),
  type: z.enum(['resource', 'path', 'artifact']),
  resource: ResourceRef,
  message: z.string(),
  remediation: z.string(),
  evidence: z.array(Evidence).default([]),
  unknownFields: z.array(z.object({ path: z.string(), reason: z.string() })).default([]),
  hops: z.array(PathHop).optional().describe('attack path hops, for path findings'),
  source: z.string().optional().describe('path source node id, for path findings'),
  frameworks: Frameworks,
  tags: z.array(z.string()).default([]),
  references: z.array(z.string()).default([]),
  fingerprint: z.string(),
  onPaths: z.array(z.string()).default([]).describe('fingerprints of attack paths this finding lies on'),
  suppressed: Suppression.optional(),
  baselineState: z.enum(['new', 'unchanged', 'updated', 'absent']).optional(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;
export type FindingInput = z.input<typeof Finding>;

/**
 * The finding as a plain object of all its fields. A finding may be an object that reads some fields from its rule
 * (src/rules/resource-finding.ts), which a spread would drop: copy findings as `{ ...plainFinding(f), field }`.
 */
export function plainFinding(f: Finding): Finding {
  const toJSON = (f as { toJSON?: () => Finding }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(f) : f;
}
