import { z } from 'zod';
import { AccessEvidence } from './access.js';

export const EDGE_TYPES = [
  'reads-from',
  'writes-to',
  'produces',
  'stored-in',
  'serves',
  'uses',
  'uses-role',
  'imports-from',
  'sources-data-from',
  'can-read',
  'can-write',
  'can-assume',
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/**
 * A typed, directed relation. Lineage edges come from connectors (job reads-from bucket);
 * access edges (can-*) come from the access analysis and point from a principal to a resource.
 */
export const Edge = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  type: z.enum(EDGE_TYPES),
  prefix: z.string().optional().describe('object prefix within a bucket, kept from the storage URI'),
  uri: z.string().optional().describe('the storage URI the edge was resolved from'),
  conditional: z.boolean().optional(),
  evidence: z.array(AccessEvidence).optional(),
});
export type Edge = z.infer<typeof Edge>;
