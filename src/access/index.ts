import { type AccessAnnotation, type AwsS3Bucket, type Edge, type Gap, type GcpStorageBucket, type Inventory, type Resource, type TrustSettings } from '../model/index.js';
import type { BucketAnalysis } from './display.js';
import { AccessEdges, type EdgeEnds } from './edges.js';
import { analyzeGcsBucket } from './gcs/analyze.js';
import { gcsAccessKey } from './gcs/access-key.js';
import { SharedGcsParts } from './gcs/shared-parts.js';
import type { Grant } from './types.js';
import { analyzeAwsRole } from './identity/aws-role.js';
import { analyzeGcpServiceAccount } from './identity/gcp-service-account.js';
import { SharedEvidence } from './identity/shared-evidence.js';
import { CandidateBuckets, type Positioned } from './identity/candidate-buckets.js';
import type { Writable } from './identity/aws-role.js';
import { BucketDenies } from './identity/bucket-denies.js';
import { NamedBuckets } from './identity/named-buckets.js';
import { SharedAssumers, SharedWritable } from './identity/shared-role-parts.js';
import { s3AccessKey } from './s3/access-key.js';
import { analyzeS3Bucket } from './s3/analyze.js';
import { ResourceCopier } from '../model/resource-copier.js';
import { SharedAnalyses } from './shared-analyses.js';
import { ValueIds } from './value-ids.js';
import { LastOfId } from './last-of-id.js';

/** Replaces gaps the access analysis owns (under `owned`, e.g. `access.`) with fresh ones, so running it twice gives the same result. */
function withGaps(r: Resource, owned: 'access.' | 'reach.', gaps: Gap[]): Gap[] {
  if (gaps.length === 0 && !hasGapUnder(r.gaps, owned)) return r.gaps;
  return [...r.gaps.filter((g) => !g.path.startsWith(owned)), ...gaps];
}

function hasGapUnder(gaps: readonly Gap[], prefix: string): boolean {
  for (let i = 0; i < gaps.length; i++) if (gaps[i].path.startsWith(prefix)) return true;
  return false;
}


export interface AccessAnnotations {
  /** the inventory's edges, then the can-read / can-write / can-assume edges of the analysis */
  edges: Edge[];
  /** by resource position: what to set on each bucket and identity; undefined for every other resource */
  byPosition: (AccessAnnotation | undefined)[];
  /**
   * The resource positions of the ends of the analysis's edges (`edges` from `start` on), -1 where not known, so that
   * the graph build need not look the ids up again
   */
  edgeEnds: EdgeEnds & { start: number };
}

/**
 * Effective access: sets `access` on every S3 and Cloud Storage bucket, `reach` on every IAM role and service account,
 * and appends can-read / can-write / can-assume edges from principals and identities. Pure: returns a new inventory.
 */
export function analyzeAccess(inventory: Inventory, trust: TrustSettings): Inventory {
  const { edges, byPosition } = annotateAccess(inventory, trust);
  return { ...inventory, resources: withAnnotations(inventory.resources, byPosition), edges };
}

/** The resources with their annotations set, each annotated one copied as `{ ...resource, ...annotation }` would. */
export function withAnnotations(resources: readonly Resource[], byPosition: readonly (AccessAnnotation | undefined)[]): Resource[] {
  const out = resources.slice();
  const withAccess = new ResourceCopier(['access', 'gaps']);
  const withReach = new ResourceCopier(['reach', 'gaps']);
  for (let k = 0; k < out.length; k++) {
    const a = byPosition[k];
    if (a) out[k] = ('access' in a ? withAccess : withReach).copy(out[k], a);
  }
  return out;
}

/**
 * The access analysis without copying the resources: what `analyzeAccess` would set on each of them, by position, and
 * the edges. The scan pipeline's graph stage sets the annotations in the one copy of each resource it makes.
 */
export function annotateAccess(inventory: Inventory, trust: TrustSettings): AccessAnnotations {
  const all = inventory.resources;
  // where the buckets and identities are (each resource is read once here, the others never again)
  const bucketAt: number[] = [];
  const identityAt: number[] = [];
  const roleIds = new Set<string>();
  const saIds = new Map<string, string>();
  let s3Count = 0;
  for (let i = 0; i < all.length; i++) {
    const r = all[i];
    if (r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket') {
      bucketAt.push(i);
      if (r.kind === 'aws.s3.bucket') s3Count++;
    } else if (r.kind === 'aws.iam.role') {
      roleIds.add(r.id);
      identityAt.push(i);
    } else if (r.kind === 'gcp.iam.service-account') {
      saIds.set(r.email.toLowerCase(), r.id);
      identityAt.push(i);
    }
  }
  const byPosition: (AccessAnnotation | undefined)[] = new Array(all.length);

  // each bucket's analysis (shared by buckets with the same access inputs), candidate lists and annotation, made while
  // its fields are at hand; lists of known length are made at that length (a list grown a push at a time leaves its
  // outgrown copies, at 10^6 resources megabytes each, for a full collection)
  const s3Buckets: AwsS3Bucket[] = new Array(s3Count);
  const gcsBuckets: GcpStorageBucket[] = new Array(bucketAt.length - s3Count);
  const s3At: number[] = new Array(s3Count);
  const gcsAt: number[] = new Array(bucketAt.length - s3Count);
  const bucketAnalyses: BucketAnalysis[] = new Array(bucketAt.length);
  let s3Next = 0;
  let gcsNext = 0;
  // the last bucket of each id: a later bucket with the same id replaces an earlier one's analysis, in both
  const lastOfId = new LastOfId(bucketAt.length);
  const writeGrants = new WriteGrants();
  let s3Candidates = new CandidateBuckets<AwsS3Bucket>();
  let gcsCandidates = new CandidateBuckets<GcpStorageBucket>();
  const gcsParts = new SharedGcsParts();
  const analyses = new SharedAnalyses();
  const ids = new ValueIds();
  const annotations = new SharedAnnotations();
  for (let k = 0; k < bucketAt.length; k++) {
    const r = all[bucketAt[k]] as AwsS3Bucket | GcpStorageBucket;
    let a: BucketAnalysis;
    if (r.kind === 'aws.s3.bucket') {
      const key = s3AccessKey(r, ids);
      a = analyses.get(key) ?? analyses.keep(key, analyzeS3Bucket(r, roleIds, trust));
      s3Buckets[s3Next] = r;
      s3At[s3Next++] = bucketAt[k];
      s3Candidates.add(r, writeGrants.of(a), bucketAt[k]);
    } else {
      const key = gcsAccessKey(r, ids);
      a = analyses.get(key) ?? analyses.keep(key, analyzeGcsBucket(r, saIds, trust, gcsParts));
      gcsBuckets[gcsNext] = r;
      gcsAt[gcsNext++] = bucketAt[k];
      gcsCandidates.add(r, writeGrants.of(a), bucketAt[k]);
    }
    bucketAnalyses[k] = a;
    lastOfId.add(r.id);
    byPosition[bucketAt[k]] = annotations.of(a, withGaps(r, 'access.', a.gaps));
  }
  // identities' reach edges are added after the grant edges, and only they can merge into one
  const identityIds = new Set(roleIds);
  for (const id of saIds.values()) identityIds.add(id);
  const edges = new AccessEdges(inventory.edges, identityIds);
  const writeGrantsOf = addGrantEdges(lastOfId, bucketAnalyses, writeGrants, edges, bucketAt);
  if (lastOfId.repeats) {
    // buckets that share an id have the last one's analysis
    for (let k = 0; k < bucketAt.length; k++) {
      const r = all[bucketAt[k]];
      const a = bucketAnalyses[lastOfId.lastOf(r.id)];
      byPosition[bucketAt[k]] = annotations.of(a, withGaps(r, 'access.', a.gaps));
    }
    s3Candidates = new CandidateBuckets(s3Buckets, writeGrantsOf, s3At);
    gcsCandidates = new CandidateBuckets(gcsBuckets, writeGrantsOf, gcsAt);
  }

  // positions of the identities' buckets are handed on only while no bucket id repeats (AccessEdges.addWritable)
  const repeats = lastOfId.repeats;
  const entryPositions: number[] = [];
  const reachEvidence = new SharedEvidence();
  const bucketDenies = new BucketDenies(s3Buckets);
  const namedBuckets = new NamedBuckets();
  const sharedWritable = new SharedWritable();
  const sharedAssumers = new SharedAssumers();
  for (let k = 0; k < identityAt.length; k++) {
    const r = all[identityAt[k]];
    if (r.kind === 'aws.iam.role') {
      const context = { grantedToRole: s3Candidates.writableByPrincipal(r.id), bucketDenies, namedBuckets, sharedWritable, sharedAssumers };
      const candidates = s3Candidates.awsRoleCandidates(r);
      const a = analyzeAwsRole(r, candidates.buckets, writeGrantsOf, roleIds, trust, reachEvidence, context);
      edges.addWritable(r.id, a.writable, identityAt[k], repeats ? undefined : positionsOfEntries(a.writable, candidates, entryPositions));
      for (let i = 0; i < a.assumers.length; i++) {
        const g = a.assumers[i];
        edges.add({ from: g.principal, to: r.id, type: 'can-assume', conditional: g.conditional, evidence: g.evidence }, -1, identityAt[k]);
      }
      byPosition[identityAt[k]] = { reach: a.reach, gaps: withGaps(r, 'reach.', a.gaps) };
    } else if (r.kind === 'gcp.iam.service-account') {
      const candidates = gcsCandidates.serviceAccountCandidates(r);
      const a = analyzeGcpServiceAccount(r, candidates.buckets, writeGrantsOf);
      edges.addWritable(r.id, a.writable, identityAt[k], repeats ? undefined : positionsOfEntries(a.writable, candidates, entryPositions));
      byPosition[identityAt[k]] = { reach: a.reach, gaps: withGaps(r, 'reach.', a.gaps) };
    }
  }

  return { edges: edges.appendedTo(inventory.edges), byPosition, edgeEnds: { start: inventory.edges.length, ...edges.ends() } };
}

/**
 * The inventory position of each entry's bucket. The analyses list entries in the order of the candidate buckets they
 * were given (a bucket's entries together), so one walk over the candidates finds them; undefined if one is not found
 * in that order (its edges are then looked up by id). Written into `out`, which is read before the next call.
 */
function positionsOfEntries(writable: Writable, candidates: Positioned<{ id: string }>, out: number[]): number[] | undefined {
  const { buckets, positions } = candidates;
  const entries = writable.entries;
  out.length = entries.length;
  let j = 0;
  for (let i = 0; i < entries.length; i++) {
    const id = entries[i].bucket;
    while (j < buckets.length && buckets[j].id !== id) j++;
    if (j === buckets.length) return undefined;
    out[i] = positions[j];
  }
  return out;
}

/**
 * One annotation per bucket analysis and gaps list, shared by the buckets that have both (most buckets' gaps are the
 * reader's one shared empty list): at 10^6 resources about 30,000 objects instead of 405,000. The graph stage only
 * reads them.
 */
class SharedAnnotations {
  private readonly byAnalysis = new Map<BucketAnalysis, AccessAnnotation>();

  of(a: BucketAnalysis, gaps: Gap[]): AccessAnnotation {
    const known = this.byAnalysis.get(a);
    if (known && known.gaps === gaps) return known;
    const made: AccessAnnotation = { access: a.access, gaps };
    if (!known) this.byAnalysis.set(a, made);
    return made;
  }
}

/** The write grants of each bucket analysis, listed once per analysis. */
class WriteGrants {
  private readonly byAnalysis = new Map<BucketAnalysis, Grant[]>();

  of(a: BucketAnalysis): Grant[] {
    let write = this.byAnalysis.get(a);
    if (!write) this.byAnalysis.set(a, (write = a.grants.filter((g) => g.access.includes('write'))));
    return write;
  }

  /** Drops the analyses' grant lists (nothing but their write grants is read after the grant edges). */
  releaseGrants(): void {
    for (const a of this.byAnalysis.keys()) a.grants = [];
  }
}

/**
 * Adds the grant edges of every bucket id and returns each one's write grants (ids without any are left out); the
 * analyses' other grants are let go.
 */
function addGrantEdges(lastOfId: LastOfId, bucketAnalyses: readonly BucketAnalysis[], writeGrants: WriteGrants, edges: AccessEdges, bucketAt: readonly number[]): WriteGrantsById {
  lastOfId.forEach((index, id) => edges.addGrants(id, bucketAnalyses[index].grants, bucketAt[index]));
  // every analysis's write grants were listed (candidate lists) before its grants are let go
  writeGrants.releaseGrants();
  return new WriteGrantsById(lastOfId, bucketAnalyses, writeGrants);
}

/**
 * The write grants of each bucket id (ids without any are left out), looked up by the identity analyses only for
 * buckets an identity may reach through a bucket policy or binding rather than its own account's or project's
 * policies. The Map is made at the first lookup: an inventory where no identity needs one (at 10^6 resources, 175,000
 * Map inserts of scattered id strings, about 0.2 s) does not pay for it.
 */
class WriteGrantsById {
  private byId: Map<string, Grant[]> | undefined;

  constructor(
    private readonly lastOfId: LastOfId,
    private readonly bucketAnalyses: readonly BucketAnalysis[],
    private readonly writeGrants: WriteGrants,
  ) {}

  get(id: string): Grant[] | undefined {
    if (!this.byId) {
      const byId = (this.byId = new Map());
      this.lastOfId.forEach((index, bucketId) => {
        const write = this.writeGrants.of(this.bucketAnalyses[index]);
        if (write.length > 0) byId.set(bucketId, write);
      });
    }
    return this.byId.get(id);
  }
}

export type { Grant } from './types.js';
