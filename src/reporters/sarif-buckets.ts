import { ACCESS_FLAGS, type AccessFlag, type BucketAccess, type Gap, type Resource } from '../model/index.js';

/**
 * Every bucket's effective access as a SARIF `run.artifacts[]` entry: the artifact's URI is the one results use for the
 * bucket, and `properties.access` carries the flags, their evidence, the writers and what Block Public Access, Object
 * Ownership or public access prevention switched off. A flag the access analysis could not decide (a gap at
 * `access.<flag>` or above) is "unknown", never false.
 */

const BUCKET_KINDS = new Set(['aws.s3.bucket', 'gcp.storage.bucket']);

export type FlagValue = boolean | 'unknown';

export interface SarifBucketAccess extends Record<AccessFlag, FlagValue> {
  conditionalPublic: FlagValue;
  /** gapped access fields and why; empty when everything was decided */
  unknown: { path: string; reason: string }[];
  writers: BucketAccess['writers'];
  evidence: BucketAccess['evidence'];
  neutralized: BucketAccess['neutralized'];
}

export interface SarifBucketArtifact {
  location: { uri: string };
  description: { text: string };
  properties: {
    resourceId: string;
    kind: string;
    provider: string;
    account: string;
    region: string;
    name: string;
    access: SarifBucketAccess;
  };
}

export const isBucket = (r: Pick<Resource, 'kind'>) => BUCKET_KINDS.has(r.kind);

/** One artifact per bucket, ordered by URI; `uri` maps a resource id to the URI results use for it. */
export function bucketArtifacts(resources: readonly Resource[], uri: (id: string) => string): SarifBucketArtifact[] {
  return resources
    .filter(isBucket)
    .map((r) => bucketArtifact(r, uri(r.id)))
    .sort((a, b) => (a.location.uri < b.location.uri ? -1 : a.location.uri > b.location.uri ? 1 : 0));
}

/**
 * How many buckets a SARIF log lists as artifacts by default. An artifact is about 1.2 KB of JSON, so 5,000 keep the
 * log a few MB at any estate size (every bucket of a 10^5-resource estate was 49 MB, of 10^6 more than a JavaScript
 * string can hold), and no more than the 5,000 results GitHub keeps can point at.
 */
export const MAX_BUCKET_ARTIFACTS = 5_000;

export interface BucketSelection {
  /** the buckets to list, in no particular order (bucketArtifacts orders them) */
  buckets: Resource[];
  /** every bucket of the inventory */
  total: number;
}

/**
 * At most `max` buckets: every bucket when there are no more than that; otherwise the buckets `referenced` names, in
 * its order (the log's results are ranked, so the most important first), then, unless `onlyReferenced`, the most
 * exposed of the others: a public or cross-account flag set, then a flag the analysis could not decide, then the
 * rest, in inventory order within each.
 */
export function selectBuckets(resources: readonly Resource[], referenced: Iterable<string>, max: number, onlyReferenced = false): BucketSelection {
  const all = resources.filter(isBucket);
  if (all.length <= max && !onlyReferenced) return { buckets: all, total: all.length };
  const byId = new Map(all.map((r) => [r.id, r]));
  const chosen = new Set<Resource>();
  for (const id of referenced) {
    if (chosen.size >= max) break;
    const bucket = byId.get(id);
    if (bucket) chosen.add(bucket);
  }
  if (!onlyReferenced) {
    const tiers: Resource[][] = [[], [], []];
    for (const r of all) if (!chosen.has(r)) tiers[exposureTier(r)].push(r);
    for (const r of tiers.flat()) {
      if (chosen.size >= max) break;
      chosen.add(r);
    }
  }
  return { buckets: [...chosen], total: all.length };
}

const TIER_FLAGS = [...ACCESS_FLAGS, 'conditionalPublic'] as const;

/**
 * 0: a flag is set, 1: a flag is undecided, 2: neither; the flags as sarifAccess decides them, without building its
 * object for each of hundreds of thousands of buckets.
 */
function exposureTier(r: Resource): number {
  const computed = (r as { access?: BucketAccess }).access;
  const gaps = r.gaps.length ? accessGaps(r.gaps) : [];
  if (!computed || gaps.some((g) => g.path === 'access')) return 1;
  const undecided = (field: string) => gaps.some((g) => g.path === `access.${field}` || g.path.startsWith(`access.${field}.`));
  if (TIER_FLAGS.some((f) => computed[f] === true && !undecided(f))) return 0;
  return TIER_FLAGS.some(undecided) ? 1 : 2;
}

function bucketArtifact(r: Resource, uri: string): SarifBucketArtifact {
  const access = sarifAccess(r);
  return {
    location: { uri },
    description: { text: describeAccess(r, access) },
    properties: { resourceId: r.id, kind: r.kind, provider: r.provider, account: r.account, region: r.region, name: r.name, access },
  };
}

/** Gaps at `access` or inside it. */
function accessGaps(gaps: readonly Gap[]): Gap[] {
  return gaps.filter((g) => g.path === 'access' || g.path.startsWith('access.'));
}

function sarifAccess(r: Resource): SarifBucketAccess {
  const computed = (r as { access?: BucketAccess }).access;
  const gaps = accessGaps(r.gaps);
  const unknown = gaps.map((g) => ({ path: g.path, reason: g.reason }));
  if (!computed && unknown.length === 0) unknown.push({ path: 'access', reason: 'the access analysis did not run on this bucket' });
  const isUnknown = (field: string) => !computed || unknown.some((u) => u.path === 'access' || u.path === `access.${field}` || u.path.startsWith(`access.${field}.`));
  const flag = (field: AccessFlag | 'conditionalPublic'): FlagValue => (isUnknown(field) ? 'unknown' : computed![field]);
  const flags = Object.fromEntries(ACCESS_FLAGS.map((f) => [f, flag(f)])) as Record<AccessFlag, FlagValue>;
  return {
    ...flags,
    conditionalPublic: flag('conditionalPublic'),
    unknown,
    writers: computed?.writers ?? [],
    evidence: computed?.evidence ?? {},
    neutralized: computed?.neutralized ?? [],
  };
}

const FLAG_LABEL: Record<AccessFlag, string> = {
  publicRead: 'public read',
  publicWrite: 'public write',
  publicList: 'public list',
  crossAccountRead: 'cross-account read',
  crossAccountWrite: 'cross-account write',
  authenticatedRead: 'any authenticated user can read',
  authenticatedWrite: 'any authenticated user can write',
};

/** "S3 bucket NAME (account, region): public write, cross-account write; unknown: public read" */
function describeAccess(r: Resource, access: SarifBucketAccess): string {
  const on = ACCESS_FLAGS.filter((f) => access[f] === true).map((f) => FLAG_LABEL[f]);
  const unknown = ACCESS_FLAGS.filter((f) => access[f] === 'unknown').map((f) => FLAG_LABEL[f]);
  const what = r.kind === 'aws.s3.bucket' ? 'S3 bucket' : 'Cloud Storage bucket';
  const flags = [on.length ? on.join(', ') : unknown.length ? 'no known public or cross-account access' : 'not public, no cross-account access'];
  if (unknown.length) flags.push(`unknown: ${unknown.join(', ')}`);
  return `${what} ${r.name} (${r.account}, ${r.region}): ${flags.join('; ')}`;
}
