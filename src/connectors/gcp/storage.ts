import type { Bucket } from '@google-cloud/storage';
import type { GcpStorageBucket } from '../../model/index.js';
import { permissionOf } from './api-calls.js';
import type { GcpCollectContext } from './context.js';
import { isUniformAccess, mapBucket } from './map/bucket.js';
import { publicAccessPreventionPolicy } from './orgpolicy.js';
import { known, unknownBecause, type Read } from './map/read.js';
import { asObject } from './map/proto-value.js';

type BucketJson = Record<string, unknown> & { name: string };
type StorageListResponse = { items?: BucketJson[]; nextPageToken?: string };
type ListedBucket = Bucket & { name: string };

/**
 * Buckets of one project: buckets.list with projection=full (every setting, and the legacy ACLs for callers allowed to
 * read them), then per bucket the IAM policy (version 3). When uniform bucket-level access is off and the listing
 * left out a bucket's acl or defaultObjectAcl (Google returns them only to callers with
 * storage.buckets.getIamPolicy / OWNER), that ACL is read by its own call, so a denial becomes a gap.
 */
export async function collectBuckets(ctx: GcpCollectContext, projectId: string): Promise<GcpStorageBucket[]> {
  const tally = ctx.coverage.tally(projectId, 'global', 'storage');
  const storage = await ctx.clients.storage();
  const task = `gcp ${projectId} storage`;
  ctx.progress.start(task);

  const listed: BucketJson[] = [];
  // the Bucket objects buckets.list built, by name: reused for the per-bucket calls
  const clientsByName = new Map<string, ListedBucket>();
  let pageToken: string | undefined;
  do {
    const query = { project: projectId, projection: 'full', autoPaginate: false, ...(ctx.pageSize ? { maxResults: ctx.pageSize } : {}), ...(pageToken ? { pageToken } : {}) };
    const out = await ctx.call(tally, () => storage.getBuckets(query) as unknown as Promise<[ListedBucket[], unknown, StorageListResponse]>);
    if (!out.ok) {
      ctx.fail(tally, { operation: 'buckets.list', permission: permissionOf('Storage', 'getBuckets'), resourceId: `projects/${projectId}`, fields: ['gcp.storage.bucket'], error: out.error, listCall: true });
      break;
    }
    for (const b of out.value[0] ?? []) clientsByName.set(b.name, b);
    const response = out.value[2] ?? {};
    listed.push(...(response.items ?? []));
    pageToken = response.nextPageToken || undefined;
    ctx.progress.advance(task, 0, listed.length);
  } while (pageToken);

  // a bucket whose own setting is not "enforced" follows the storage.publicAccessPrevention organization policy
  const inherits = listed.some((b) => String(asObject(b.iamConfiguration).publicAccessPrevention ?? '').toLowerCase() !== 'enforced');
  const orgPolicy = inherits ? await publicAccessPreventionPolicy(ctx, projectId) : undefined;

  let done = 0;
  const buckets = await Promise.all(
    listed.map(async (metadata) => {
      const bucket = clientsByName.get(metadata.name) ?? storage.bucket(metadata.name);
      const id = `gs://${metadata.name}`;
      const read = async <T>(operation: string, client: 'Bucket.iam' | 'Bucket.acl' | 'Bucket.acl.default', field: string, fn: () => Promise<T>): Promise<Read<T>> => {
        const out = await ctx.call(tally, fn);
        if (out.ok) return known(out.value);
        return unknownBecause(ctx.fail(tally, { operation, permission: permissionOf(client, client === 'Bucket.iam' ? 'getPolicy' : 'get'), resourceId: id, fields: [field], error: out.error }));
      };
      const iamPolicy = await read('buckets.getIamPolicy', 'Bucket.iam', 'iamPolicy', async () => (await bucket.iam.getPolicy({ requestedPolicyVersion: 3 }))[0] as { version?: number; bindings?: unknown[] });
      let acl: Read<unknown[]> | undefined;
      let defaultObjectAcl: Read<unknown[]> | undefined;
      if (!isUniformAccess(metadata)) {
        [acl, defaultObjectAcl] = await Promise.all([
          Array.isArray(metadata.acl) ? known(metadata.acl) : read('bucketAccessControls.list', 'Bucket.acl', 'acl', async () => (await bucket.acl.get())[0] as unknown as unknown[]),
          Array.isArray(metadata.defaultObjectAcl)
            ? known(metadata.defaultObjectAcl)
            : read('defaultObjectAccessControls.list', 'Bucket.acl.default', 'defaultObjectAcl', async () => (await bucket.acl.default.get())[0] as unknown as unknown[]),
        ]);
      }
      ctx.progress.advance(task, ++done, listed.length);
      const ownEnforced = String(asObject(metadata.iamConfiguration).publicAccessPrevention ?? '').toLowerCase() === 'enforced';
      return mapBucket({ project: projectId, metadata, iamPolicy, ...(acl ? { acl } : {}), ...(defaultObjectAcl ? { defaultObjectAcl } : {}), ...(orgPolicy && !ownEnforced ? { orgPolicy } : {}) });
    }),
  );
  tally.resources += buckets.length;
  ctx.progress.finish(task);
  return buckets;
}
