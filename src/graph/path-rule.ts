import { z } from 'zod';
import { EDGE_TYPES, Frameworks, Severity } from '../model/index.js';

export const PATH_RULE_ID = /^PATH-\d{3}$/;

export const PathEdgeSpec = z.union([
  z.enum(EDGE_TYPES),
  z.strictObject({
    type: z.enum(EDGE_TYPES),
    direction: z.enum(['flow', 'against-flow']).describe('flow: the direction in the traversal table; against-flow: the other way'),
  }),
]);
export type PathEdgeSpec = z.infer<typeof PathEdgeSpec>;

/** The YAML form of a path rule (rules/paths/PATH-NNN-slug.yaml). */
export const PathRuleFile = z.strictObject({
  id: z.string().regex(PATH_RULE_ID, 'a path rule id like PATH-001'),
  title: z.string().min(1),
  description: z.string().min(1),
  severity: Severity.describe('severity when no severityByTarget entry matches the target'),
  source: z.string().min(1).describe('CEL over `node`: where a path may start'),
  target: z.string().min(1).describe('CEL over `node`: where a path may end'),
  through: z.string().min(1).optional().describe('CEL over `node`: a path counts only if a node after the source matches (e.g. a training job)'),
  edges: z.array(PathEdgeSpec).min(1).describe('edge types a path may follow, in the traversal table direction unless told'),
  firstHop: z.array(PathEdgeSpec).min(1).optional().describe('edge types the first hop must have (e.g. can-assume); any of `edges` when absent'),
  maxHops: z.number().int().min(1).max(12),
  report: z.enum(['longest', 'every']).default('longest').describe('longest: a path is reported only at the last target along its route'),
  severityByTarget: z
    .array(z.strictObject({ when: z.string().min(1).describe('CEL over `node`, the target'), severity: Severity }))
    .default([])
    .describe('first match wins'),
  mergeInto: z
    .array(z.string().regex(PATH_RULE_ID, 'a path rule id like PATH-001'))
    .default([])
    .describe('a route one of these rules also reports (same source class, same route) is one finding: theirs, naming this rule in alsoMatches'),
  remediation: z.string().min(1),
  references: z.array(z.string()).default([]),
  frameworks: Frameworks,
  tags: z.array(z.string()).default([]),
});
export type PathRuleFile = z.infer<typeof PathRuleFile>;
