import { type AwsS3Bucket, type Gap, type GcpStorageBucket, type Inventory, type Resource, type TrustSettings } from '../model/index.js';
import type { BucketAnalysis } from './display.js';
import { AccessEdges } from './edges.js';
import { analyzeGcsBucket } from './gcs/analyze.js';
import { gcsAccessKey } from './gcs/access-key.js';
import { SharedGcsParts } from './gcs/shared-parts.js';
import type { Grant } from './types.js';
import { analyzeAwsRole } from './identity/aws-role.js';
import { analyzeGcpServiceAccount } from './identity/gcp-service-account.js';
import { SharedEvidence } from './identity/shared-evidence.js';
import { CandidateBuckets } from './identity/candidate-buckets.js';
import { BucketDenies } from './identity/bucket-denies.js';
import { s3AccessKey } from './s3/access-key.js';
import { analyzeS3Bucket } from './s3/analyze.js';
import { ResourceCopier } from '../model/resource-copier.js';
import { SharedAnalyses } from './shared-analyses.js';
import { ValueIds } from './value-ids.js';

/** Replaces gaps the access analysis owns (under `owned`, e.g. `access.`) with fresh ones, so running it twice gives the same result. */
function withGaps(r: Resource, owned: 'access.' | 'reach.', gaps: Gap[]): Gap[] {
  if (gaps.length === 0 && !hasGapUnder(r.gaps, owned)) return r.gaps;
  return [...r.gaps.filter((g) => !g.path.startsWith(owned)), ...gaps];
}

function hasGapUnder(gaps: readonly Gap[], prefix: string): boolean {
  for (const g of gaps) if (g.path.startsWith(prefix)) return true;
  return false;
}

/**
 * Effective access: sets `access` on every S3 and Cloud Storage bucket, `reach` on every IAM role and service account,
 * and appends can-read / can-write / can-assume edges from principals and identities. Pure: returns a new inventory.
 */
export function analyzeAccess(inventory: Inventory, trust: TrustSettings): Inventory {
  const roleIds = new Set(inventory.resources.filter((r) => r.kind === 'aws.iam.role').map((r) => r.id));
  const saIds = new Map<string, string>();
  for (const r of inventory.resources) if (r.kind === 'gcp.iam.service-account') saIds.set(r.email.toLowerCase(), r.id);

  // analyses are shared by buckets with the same access inputs
  const bucketResults = new Map<string, BucketAnalysis>();
  // identities' reach edges are added after the grant edges, and only they can merge into one
  const edges = new AccessEdges(inventory.edges, new Set([...roleIds, ...saIds.values()]));
  const s3Buckets: AwsS3Bucket[] = [];
  const gcsBuckets: GcpStorageBucket[] = [];
  const gcsParts = new SharedGcsParts();
  const analyses = new SharedAnalyses();
  const ids = new ValueIds();
  for (const r of inventory.resources) {
    if (r.kind === 'aws.s3.bucket') {
      const key = s3AccessKey(r, ids);
      bucketResults.set(r.id, analyses.get(key) ?? analyses.keep(key, analyzeS3Bucket(r, roleIds, trust)));
      s3Buckets.push(r);
    } else if (r.kind === 'gcp.storage.bucket') {
      const key = gcsAccessKey(r, ids);
      bucketResults.set(r.id, analyses.get(key) ?? analyses.keep(key, analyzeGcsBucket(r, saIds, trust, gcsParts)));
      gcsBuckets.push(r);
    }
  }
  // identity reach needs only the write grants; the others are let go before it runs
  const grantsByBucket = new Map<string, Grant[]>();
  const writeGrants = new Map<BucketAnalysis, Grant[]>();
  bucketResults.forEach((a, id) => {
    edges.addGrants(id, a.grants);
    let write = writeGrants.get(a);
    if (!write) writeGrants.set(a, (write = a.grants.filter((g) => g.access.includes('write'))));
    grantsByBucket.set(id, write);
  });
  for (const a of writeGrants.keys()) a.grants = [];
  const s3Candidates = new CandidateBuckets(s3Buckets, grantsByBucket);
  const gcsCandidates = new CandidateBuckets(gcsBuckets, grantsByBucket);
  const reachEvidence = new SharedEvidence();
  const bucketDenies = new BucketDenies();
  const withAccess = new ResourceCopier(['access', 'gaps']);
  const withReach = new ResourceCopier(['reach', 'gaps']);

  const resources = inventory.resources.map((r): Resource => {
    if (r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket') {
      const a = bucketResults.get(r.id) as BucketAnalysis;
      return withAccess.copy(r, { access: a.access, gaps: withGaps(r, 'access.', a.gaps) });
    }
    if (r.kind === 'aws.iam.role') {
      const context = { grantedToRole: s3Candidates.writableByPrincipal(r.id), bucketDenies };
      const a = analyzeAwsRole(r, s3Candidates.forAwsRole(r), grantsByBucket, roleIds, trust, reachEvidence, context);
      edges.addWritable(r.id, a.writable);
      for (const g of a.assumers) edges.add({ from: g.principal, to: r.id, type: 'can-assume', conditional: g.conditional, evidence: g.evidence });
      return withReach.copy(r, { reach: a.reach, gaps: withGaps(r, 'reach.', a.gaps) });
    }
    if (r.kind === 'gcp.iam.service-account') {
      const a = analyzeGcpServiceAccount(r, gcsCandidates.forServiceAccount(r), grantsByBucket);
      edges.addWritable(r.id, a.writable);
      return withReach.copy(r, { reach: a.reach, gaps: withGaps(r, 'reach.', a.gaps) });
    }
    return r;
  });

  return { ...inventory, resources, edges: [...inventory.edges, ...edges.values()] };
}

export type { Grant } from './types.js';
