import type { GcpStorageBucket } from '../../model/index.js';
import { permissionOf } from './api-calls.js';
import type { GcpCollectContext } from './context.js';
import { isUniformAccess, mapBucket } from './map/bucket.js';
import { publicAccessPreventionPolicy } from './orgpolicy.js';
import { known, unknownBecause, type Read } from './map/read.js';
import { asObject } from './map/proto-value.js';
import type { BucketIamPolicy, BucketJson } from './storage-reads.js';
import type { ServiceTally } from './coverage.js';
import { readIamPolicies } from './bucket-iam-policies.js';
import { MAX_BATCH_CALLS } from './storage-batch.js';

/**
 * Buckets of one project: buckets.list with projection=full (every setting, and the legacy ACLs for callers allowed to
 * read them), then the IAM policies (version 3), up to 100 buckets per batch request (bucket-iam-policies.ts). When
 * uniform bucket-level access is off and the listing left out a bucket's acl or defaultObjectAcl (Google returns them
 * only to callers with storage.buckets.getIamPolicy / OWNER), that ACL is read by its own call, so a denial becomes a
 * gap.
 * A page's buckets are read while the next page is listed, and the organization policy while the buckets are read.
 * `listingStarted` is called once the first page is listed and its IAM reads are sent, or the listing failed.
 */
export async function collectBuckets(ctx: GcpCollectContext, projectId: string, listingStarted: () => void = () => undefined): Promise<GcpStorageBucket[]> {
  const tally = ctx.coverage.tally(projectId, 'global', 'storage');
  const reads = await ctx.clients.storageReads();
  const task = `gcp ${projectId} storage`;
  ctx.progress.start(task);

  // a bucket whose own setting is not "enforced" follows the storage.publicAccessPrevention organization policy
  let orgPolicy: Promise<Read<boolean>> | undefined;
  const orgPolicyFor = (metadata: BucketJson) => {
    if (ownSettingEnforced(metadata)) return undefined;
    if (!orgPolicy) {
      orgPolicy = publicAccessPreventionPolicy(ctx, projectId);
      // awaited by the buckets once their own reads are done; a rejection meanwhile is not unhandled
      orgPolicy.catch(() => undefined);
    }
    return orgPolicy;
  };

  const pending: Promise<GcpStorageBucket>[] = [];
  let done = 0;
  let pageToken: string | undefined;
  do {
    const query = { project: projectId, projection: 'full' as const, ...(ctx.pageSize ? { maxResults: ctx.pageSize } : {}), ...(pageToken ? { pageToken } : {}) };
    const out = await ctx.call(tally, () => reads.listBuckets(query));
    if (!out.ok) {
      listingStarted();
      ctx.fail(tally, { operation: 'buckets.list', permission: permissionOf('Storage', 'getBuckets'), resourceId: `projects/${projectId}`, fields: ['gcp.storage.bucket'], error: out.error, listCall: true });
      break;
    }
    const response = out.value ?? {};
    const items = response.items ?? [];
    for (let first = 0; first < items.length; first += MAX_BATCH_CALLS) {
      const batch = items.slice(first, first + MAX_BATCH_CALLS);
      const policies = readIamPolicies(ctx, tally, reads, batch.map((m) => m.name));
      // awaited through the buckets below; a rejection meanwhile is not unhandled
      policies.catch(() => undefined);
      batch.forEach((metadata, i) => {
        const org = orgPolicyFor(metadata);
        const bucket = policies
          .then((p) => readBucket(ctx, tally, projectId, metadata, p[i], org))
          .then((b) => {
            ctx.progress.advance(task, ++done, pending.length);
            return b;
          });
        bucket.catch(() => undefined);
        pending.push(bucket);
      });
    }
    pageToken = response.nextPageToken || undefined;
    listingStarted();
    ctx.progress.advance(task, done, pending.length);
  } while (pageToken);

  const buckets = await Promise.all(pending);
  tally.resources += buckets.length;
  ctx.progress.finish(task);
  return buckets;
}

const ownSettingEnforced = (metadata: BucketJson) => String(asObject(metadata.iamConfiguration).publicAccessPrevention ?? '').toLowerCase() === 'enforced';

/** One listed bucket with its IAM policy read, its legacy ACLs when the listing left them out, mapped with the organization policy when it applies. */
async function readBucket(ctx: GcpCollectContext, tally: ServiceTally, projectId: string, metadata: BucketJson, iamPolicy: Read<BucketIamPolicy>, orgPolicy: Promise<Read<boolean>> | undefined): Promise<GcpStorageBucket> {
  const id = `gs://${metadata.name}`;
  const read = async <T>(operation: string, client: 'Bucket.acl' | 'Bucket.acl.default', field: string, fn: () => Promise<T>): Promise<Read<T>> => {
    const out = await ctx.call(tally, fn);
    if (out.ok) return known(out.value);
    return unknownBecause(ctx.fail(tally, { operation, permission: permissionOf(client, 'get'), resourceId: id, fields: [field], error: out.error }));
  };
  let acl: Read<unknown[]> | undefined;
  let defaultObjectAcl: Read<unknown[]> | undefined;
  if (!isUniformAccess(metadata)) {
    // only for a caller without storage.buckets.getIamPolicy: the client's Acl helpers of a Bucket object
    const bucket = async () => (await ctx.clients.storage()).bucket(metadata.name);
    [acl, defaultObjectAcl] = await Promise.all([
      Array.isArray(metadata.acl) ? known(metadata.acl) : read('bucketAccessControls.list', 'Bucket.acl', 'acl', async () => (await (await bucket()).acl.get())[0] as unknown as unknown[]),
      Array.isArray(metadata.defaultObjectAcl)
        ? known(metadata.defaultObjectAcl)
        : read('defaultObjectAccessControls.list', 'Bucket.acl.default', 'defaultObjectAcl', async () => (await (await bucket()).acl.default.get())[0] as unknown as unknown[]),
    ]);
  }
  const org = orgPolicy ? await orgPolicy : undefined;
  return mapBucket({ project: projectId, metadata, iamPolicy, ...(acl ? { acl } : {}), ...(defaultObjectAcl ? { defaultObjectAcl } : {}), ...(org ? { orgPolicy: org } : {}) });
}
