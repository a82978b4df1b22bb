import { z } from 'zod';
import { CATEGORIES, PROVIDERS } from './kinds.js';

/** A field the connector could not read, so rules reading it report `unknown`, never pass or fail. */
export const Gap = z.object({
  path: z.string().min(1).describe('dotted field path relative to the resource, e.g. "policy" or "access.publicWrite"'),
  reason: z.string().min(1).describe('why the value is unknown, e.g. "AccessDenied: s3:GetBucketPolicy"'),
});
export type Gap = z.infer<typeof Gap>;

export const RelatedRef = z.object({
  id: z.string(),
  kind: z.string(),
  category: z.string(),
  via: z.string().describe('edge type that relates the two resources'),
  prefix: z.string().optional(),
});
export type RelatedRef = z.infer<typeof RelatedRef>;

/**
 * Lineage facts computed by the graph stage so that resource rules can reason about what a resource feeds.
 * Connectors leave it out; the graph fills it.
 */
export const Related = z.object({
  feeds: z.array(RelatedRef).describe('resources that read, import or source data from this one, or are stored in it'),
  fedBy: z.array(RelatedRef).describe('resources this one reads, imports or sources data from'),
  feedsTraining: z.boolean().describe('a training, processing, customization job, pipeline or dataset reads from it'),
  feedsKnowledgeBase: z.boolean().describe('a knowledge base sources data from it'),
  holdsModelArtifacts: z.boolean().describe('a model artifact is stored in it, or a job writes model output to it'),
  deployed: z.boolean().describe('it is, or leads to, a model served by an endpoint'),
  servingEndpoints: z.array(z.string()).describe('ids of endpoints downstream of this resource'),
});
export type Related = z.infer<typeof Related>;

export const emptyRelated = (): Related => ({
  feeds: [],
  fedBy: [],
  feedsTraining: false,
  feedsKnowledgeBase: false,
  holdsModelArtifacts: false,
  deployed: false,
  servingEndpoints: [],
});

/** Verdict of the model artifacts a resource references, filled by `scan aws|gcp --scan-models` (src/artifacts). */
export const ArtifactScanSummary = z.object({
  verdict: z.enum(['malicious', 'suspicious', 'error', 'partial', 'clean']).describe('worst verdict over the artifacts'),
  artifacts: z.array(z.object({ uri: z.string(), verdict: z.enum(['malicious', 'suspicious', 'error', 'partial', 'clean']), format: z.string() })),
});
export type ArtifactScanSummary = z.infer<typeof ArtifactScanSummary>;

export const envelopeShape = {
  id: z.string().min(1).describe('ARN (AWS) or full resource name (GCP)'),
  category: z.enum(CATEGORIES),
  provider: z.enum(PROVIDERS),
  account: z.string().min(1).describe('AWS account id or GCP project id'),
  region: z.string().min(1).describe('region, location, or "global"'),
  name: z.string(),
  tags: z.record(z.string(), z.string()).default({}),
  gaps: z.array(Gap).default([]),
  related: Related.optional(),
  artifactScan: ArtifactScanSummary.optional(),
};
