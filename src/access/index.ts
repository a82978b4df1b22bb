import { INTERNET, type AwsS3Bucket, type Edge, type Gap, type GcpStorageBucket, type Inventory, type Resource, type TrustSettings } from '../model/index.js';
import type { BucketAnalysis } from './display.js';
import { analyzeGcsBucket } from './gcs/analyze.js';
import { analyzeAwsRole, type WritableBucket } from './identity/aws-role.js';
import { analyzeGcpServiceAccount } from './identity/gcp-service-account.js';
import { CandidateBuckets } from './identity/candidate-buckets.js';
import { analyzeS3Bucket } from './s3/analyze.js';
import type { Grant } from './types.js';

const edgeKey = (e: Edge) => `${e.from}\u0000${e.type}\u0000${e.to}\u0000${e.prefix ?? ''}`;

function grantEdges(bucketId: string, grants: readonly Grant[]): Edge[] {
  const out: Edge[] = [];
  for (const g of grants) {
    // a public statement limited to a VPC, endpoint, IP range or source ARN is not public and names no principal: no edge
    if (g.principal === INTERNET && g.reach === 'internal') continue;
    const base = { from: g.principal, to: bucketId, ...(g.prefix !== undefined ? { prefix: g.prefix } : {}), conditional: g.conditional, evidence: g.evidence };
    if (g.access.includes('write')) out.push({ ...base, type: 'can-write' });
    if (g.access.includes('read')) out.push({ ...base, type: 'can-read' });
  }
  return out;
}

function writableEdges(identityId: string, writable: readonly WritableBucket[]): Edge[] {
  return writable.map((w) => ({ from: identityId, to: w.bucket, type: 'can-write' as const, ...(w.prefix !== undefined ? { prefix: w.prefix } : {}), conditional: w.conditional, evidence: w.evidence }));
}

/** Replaces gaps the access analysis owns (under `owned`) with fresh ones, so running it twice gives the same result. */
function withGaps(r: Resource, owned: string, gaps: Gap[]): Gap[] {
  return [...r.gaps.filter((g) => !g.path.startsWith(`${owned}.`)), ...gaps];
}

/**
 * Effective access: sets `access` on every S3 and Cloud Storage bucket, `reach` on every IAM role and service account,
 * and appends can-read / can-write / can-assume edges from principals and identities. Pure: returns a new inventory.
 */
export function analyzeAccess(inventory: Inventory, trust: TrustSettings): Inventory {
  const roleIds = new Set(inventory.resources.filter((r) => r.kind === 'aws.iam.role').map((r) => r.id));
  const saIds = new Map<string, string>();
  for (const r of inventory.resources) if (r.kind === 'gcp.iam.service-account') saIds.set(r.email.toLowerCase(), r.id);

  const bucketResults = new Map<string, BucketAnalysis>();
  const edges: Edge[] = [];
  const s3Buckets: AwsS3Bucket[] = [];
  const gcsBuckets: GcpStorageBucket[] = [];
  for (const r of inventory.resources) {
    if (r.kind === 'aws.s3.bucket') {
      bucketResults.set(r.id, analyzeS3Bucket(r, roleIds, trust));
      s3Buckets.push(r);
    } else if (r.kind === 'gcp.storage.bucket') {
      bucketResults.set(r.id, analyzeGcsBucket(r, saIds, trust));
      gcsBuckets.push(r);
    }
  }
  const grantsByBucket = new Map([...bucketResults].map(([id, a]) => [id, a.grants]));
  for (const [id, a] of bucketResults) edges.push(...grantEdges(id, a.grants));
  const s3Candidates = new CandidateBuckets(s3Buckets, grantsByBucket);
  const gcsCandidates = new CandidateBuckets(gcsBuckets, grantsByBucket);

  const resources = inventory.resources.map((r): Resource => {
    if (r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket') {
      const a = bucketResults.get(r.id) as BucketAnalysis;
      return { ...r, access: a.access, gaps: withGaps(r, 'access', a.gaps) };
    }
    if (r.kind === 'aws.iam.role') {
      const a = analyzeAwsRole(r, s3Candidates.forAwsRole(r), grantsByBucket, roleIds, trust);
      edges.push(...writableEdges(r.id, a.writable));
      for (const g of a.assumers) edges.push({ from: g.principal, to: r.id, type: 'can-assume', conditional: g.conditional, evidence: g.evidence });
      return { ...r, reach: a.reach, gaps: withGaps(r, 'reach', a.gaps) };
    }
    if (r.kind === 'gcp.iam.service-account') {
      const a = analyzeGcpServiceAccount(r, gcsCandidates.forServiceAccount(r), grantsByBucket);
      edges.push(...writableEdges(r.id, a.writable));
      return { ...r, reach: a.reach, gaps: withGaps(r, 'reach', a.gaps) };
    }
    return r;
  });

  const existing = new Set(inventory.edges.map(edgeKey));
  const merged = new Map<string, Edge>();
  for (const e of edges) {
    const key = edgeKey(e);
    if (existing.has(key)) continue;
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...e, evidence: [...(e.evidence ?? [])] });
    else {
      // one unconditional grant is enough for the edge to hold unconditionally
      prev.conditional = !!prev.conditional && !!e.conditional;
      for (const ev of e.evidence ?? []) if (!prev.evidence!.some((x) => JSON.stringify(x) === JSON.stringify(ev))) prev.evidence!.push(ev);
    }
  }
  return { ...inventory, resources, edges: [...inventory.edges, ...merged.values()] };
}

export type { Grant } from './types.js';
