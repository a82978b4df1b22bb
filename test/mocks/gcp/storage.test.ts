import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashString, randomBody } from '../../../mocks/aws/generators/bytes.js';
import { startGcpMock, type GcpMockHandle } from '../../../mocks/gcp/start.js';
import type { GcpScenarioInput } from '../../../mocks/gcp/scenario.js';
import { failure, storageClient } from './helpers.js';

const GB = 1024 ** 3;
const scenario: GcpScenarioInput = {
  gcp: {
    projects: [
      {
        projectId: 'ml-prod',
        projectNumber: '100000000001',
        storage: {
          buckets: [
            {
              name: 'train-data',
              location: 'US-CENTRAL1',
              iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
              versioning: { enabled: true },
              retentionPolicy: { retentionPeriod: '86400', isLocked: true, effectiveTime: '2024-01-01T00:00:00Z' },
              encryption: { defaultKmsKeyName: 'projects/ml-prod/locations/us/keyRings/r/cryptoKeys/k' },
              logging: { logBucket: 'logs', logObjectPrefix: 'train' },
              labels: { team: 'ml' },
              iamPolicy: {
                version: 3,
                bindings: [
                  { role: 'roles/storage.objectViewer', members: ['allUsers'] },
                  { role: 'roles/storage.objectAdmin', members: ['user:a@example.com'], condition: { title: 't', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } },
                ],
              },
              objects: [
                ...['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'c/4.txt', 'c/5.txt', 'd.txt', 'e.txt'].map((name) => ({ name, body: `body of ${name}` })),
                { name: 'models/big.bin', size: GB, generator: 'random' as const },
              ],
            },
            ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'].map((n) => ({ name: `ml-prod-${n}` })),
            {
              name: 'legacy-acl',
              iamConfiguration: { uniformBucketLevelAccess: { enabled: false } },
              acl: [{ entity: 'allUsers', role: 'READER' }],
              defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }],
            },
          ],
        },
      },
      { projectId: 'off-project', storage: { buckets: [{ name: 'off-bucket' }] }, apisDisabled: ['storage.googleapis.com'] },
    ],
  },
  faults: [
    { service: 'storage', method: 'buckets.getIamPolicy', resource: 'ml-prod-b1', error: 'PERMISSION_DENIED' },
    { service: 'storage', method: 'buckets.get', resource: 'ml-prod-b2', error: 'NOT_FOUND' },
    { service: 'storage', method: 'buckets.get', resource: 'ml-prod-b3', error: 429 },
    { service: 'storage', method: 'buckets.get', resource: 'ml-prod-b4', error: 'UNAVAILABLE', times: 1 },
    { service: 'storage', method: 'objects.get', resource: 'train-data/e.txt', error: 403 },
  ],
};

let mock: GcpMockHandle;
beforeAll(async () => {
  mock = await startGcpMock(scenario);
});
afterAll(async () => {
  await mock?.close();
});

describe('Cloud Storage fake through @google-cloud/storage', () => {
  it('lists buckets of a project across pages, in name order', async () => {
    const storage = storageClient(mock, 0, 'ml-prod');
    const names: string[] = [];
    let query: Record<string, unknown> | null = { maxResults: 3, autoPaginate: false };
    let pages = 0;
    while (query) {
      const [buckets, next]: [Array<{ name: string }>, Record<string, unknown> | null] = await (storage.getBuckets as any)(query);
      names.push(...buckets.map((b) => b.name));
      pages++;
      query = next ? { ...next, autoPaginate: false } : null;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(['legacy-acl', ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'].map((n) => `ml-prod-${n}`), 'train-data']);
  });

  it('returns the bucket resource with the scenario fields and the API defaults', async () => {
    const [meta] = await storageClient(mock).bucket('train-data').getMetadata();
    expect(meta.iamConfiguration?.uniformBucketLevelAccess?.enabled).toBe(true);
    expect(meta.iamConfiguration?.publicAccessPrevention).toBe('enforced');
    expect(meta.versioning?.enabled).toBe(true);
    expect(meta.retentionPolicy).toMatchObject({ retentionPeriod: '86400', isLocked: true });
    expect(meta.encryption?.defaultKmsKeyName).toContain('cryptoKeys/k');
    expect(meta.logging?.logBucket).toBe('logs');
    expect(meta.labels).toEqual({ team: 'ml' });
    expect(meta.projectNumber).toBe('100000000001');
    expect(meta.softDeletePolicy?.retentionDurationSeconds).toBe('604800');
    const [plain] = await storageClient(mock).bucket('ml-prod-b5').getMetadata();
    expect(plain.iamConfiguration?.uniformBucketLevelAccess?.enabled).toBe(false);
    expect(plain.iamConfiguration?.publicAccessPrevention).toBe('inherited');
  });

  it('returns IAM policy version 3 with conditions, and refuses version 1 when conditions exist', async () => {
    const bucket = storageClient(mock).bucket('train-data');
    const [policy] = await bucket.iam.getPolicy({ requestedPolicyVersion: 3 });
    expect(policy.version).toBe(3);
    expect(policy.bindings).toEqual([
      { role: 'roles/storage.objectViewer', members: ['allUsers'] },
      { role: 'roles/storage.objectAdmin', members: ['user:a@example.com'], condition: { title: 't', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } },
    ]);
    expect((await failure(bucket.iam.getPolicy())).code).toBe(400);
    const [defaults] = await storageClient(mock).bucket('ml-prod-b6').iam.getPolicy({ requestedPolicyVersion: 3 });
    expect(defaults.bindings.map((b) => b.role)).toEqual(['roles/storage.legacyBucketOwner', 'roles/storage.legacyBucketReader']);
  });

  it('serves legacy ACLs only while uniform bucket-level access is off', async () => {
    const storage = storageClient(mock);
    const [acl] = await storage.bucket('legacy-acl').acl.get();
    expect(acl).toEqual([{ entity: 'allUsers', role: 'READER' }]);
    const [defaultAcl] = await storage.bucket('legacy-acl').acl.default.get();
    expect(defaultAcl).toEqual([{ entity: 'allAuthenticatedUsers', role: 'READER' }]);
    const denied = await failure(storage.bucket('train-data').acl.get());
    expect(denied.code).toBe(400);
    expect(denied.message).toContain('uniform bucket-level access');
  });

  it('projection=full returns acl and defaultObjectAcl with a legacy-ACL bucket, never with a uniform one', async () => {
    const [buckets] = await storageClient(mock).getBuckets({ project: 'ml-prod', projection: 'full' } as any);
    const byName = Object.fromEntries(buckets.map((b) => [b.name, b.metadata as Record<string, unknown>]));
    expect(byName['legacy-acl']).toMatchObject({ acl: [{ entity: 'allUsers', role: 'READER' }], defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }] });
    expect(byName['train-data'].acl).toBeUndefined();
    const [plain] = await storageClient(mock).getBuckets({ project: 'ml-prod' } as any);
    expect(plain.find((b) => b.name === 'legacy-acl')!.metadata.acl).toBeUndefined();
  });

  it('projection=full leaves the ACLs out for a caller denied storage.buckets.getIamPolicy on the bucket', async () => {
    const denied = await startGcpMock({
      gcp: { projects: [{ projectId: 'acl-denied', storage: { buckets: [{ name: 'legacy', iamConfiguration: { uniformBucketLevelAccess: { enabled: false } }, acl: [{ entity: 'allUsers', role: 'READER' }] }] } }] },
      faults: [{ service: 'storage', method: 'buckets.getIamPolicy', resource: 'legacy', error: 'PERMISSION_DENIED' }],
    });
    try {
      const [buckets] = await storageClient(denied).getBuckets({ project: 'acl-denied', projection: 'full' } as any);
      expect(buckets[0].metadata).not.toHaveProperty('acl');
      expect(buckets[0].metadata).not.toHaveProperty('defaultObjectAcl');
    } finally {
      await denied.close();
    }
  });

  it('lists objects with prefix, delimiter and page tokens', async () => {
    const bucket = storageClient(mock).bucket('train-data');
    const [all] = await bucket.getFiles({ maxResults: 2 } as any);
    expect(all.length).toBe(2);
    const names: string[] = [];
    const prefixes: string[] = [];
    let query: Record<string, unknown> | null = { delimiter: '/', maxResults: 2, autoPaginate: false };
    let pages = 0;
    while (query) {
      const [files, next, raw]: any = await (bucket.getFiles as any)(query);
      names.push(...files.map((f: { name: string }) => f.name));
      prefixes.push(...(raw.prefixes ?? []));
      pages++;
      query = next ? { ...next, autoPaginate: false } : null;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(names).toEqual(['d.txt', 'e.txt']);
    expect(prefixes).toEqual(['a/', 'c/', 'models/']);
    const [underA] = await bucket.getFiles({ prefix: 'a/' });
    expect(underA.map((f) => f.name)).toEqual(['a/1.txt', 'a/2.txt', 'a/b/3.txt']);
  });

  it('downloads whole objects with valid hashes and ranges of a generated 1 GiB object', async () => {
    const bucket = storageClient(mock).bucket('train-data');
    const [whole] = await bucket.file('a/1.txt').download();
    expect(whole.toString()).toBe('body of a/1.txt');
    const [meta] = await bucket.file('models/big.bin').getMetadata();
    expect(meta.size).toBe(String(GB));
    const start = GB - 4096;
    const [tail] = await bucket.file('models/big.bin').download({ start, end: GB - 1 });
    expect(tail.length).toBe(4096);
    expect(tail.equals(randomBody(GB, hashString('train-data/models/big.bin')).read(start, 4096))).toBe(true);
  });

  it('surfaces each error kind with the JSON API status and reason', async () => {
    const storage = storageClient(mock);
    const forbidden = await failure(storage.bucket('ml-prod-b1').iam.getPolicy({ requestedPolicyVersion: 3 }));
    expect(forbidden).toMatchObject({ code: 403, errors: [{ reason: 'forbidden' }] });
    expect(await failure(storage.bucket('ml-prod-b2').getMetadata())).toMatchObject({ code: 404, errors: [{ reason: 'notFound' }] });
    expect(await failure(storage.bucket('ml-prod-b3').getMetadata())).toMatchObject({ code: 429, errors: [{ reason: 'rateLimitExceeded' }] });
    expect(await failure(storage.bucket('ml-prod-b4').getMetadata())).toMatchObject({ code: 503, errors: [{ reason: 'backendError' }] });
    expect(await failure(storage.bucket('train-data').file('e.txt').download())).toMatchObject({ code: 403 });
    expect(await failure(storage.bucket('no-such-bucket').getMetadata())).toMatchObject({ code: 404 });
    const disabled = await failure(storage.bucket('off-bucket').getMetadata());
    expect(disabled).toMatchObject({ code: 403, errors: [{ reason: 'accessNotConfigured' }] });
    expect(disabled.message).toContain('has not been used in project');
  });

  it('lets the client retry a fault limited by times', async () => {
    const m = await startGcpMock({ ...scenario, faults: [{ service: 'storage', method: 'buckets.get', resource: 'ml-prod-b7', error: 503, times: 2 }] });
    try {
      const [meta] = await storageClient(m, 3).bucket('ml-prod-b7').getMetadata();
      expect(meta.name).toBe('ml-prod-b7');
      expect(m.stats.snapshot().storage.methods['buckets.get']).toEqual({ requests: 3, throttled: 0, faults: 2 });
    } finally {
      await m.close();
    }
  });

  it('throttles above the rate limit with 429 and counts it', async () => {
    const m = await startGcpMock({ ...scenario, faults: [], rateLimits: { storage: { perSecond: 0.001, burst: 2 } } });
    try {
      const bucket = storageClient(m).bucket('ml-prod-b5');
      await bucket.getMetadata();
      await bucket.getMetadata();
      expect(await failure(bucket.getMetadata())).toMatchObject({ code: 429, errors: [{ reason: 'rateLimitExceeded' }] });
      expect(m.stats.snapshot().storage).toMatchObject({ requests: 3, throttled: 1 });
    } finally {
      await m.close();
    }
  });

  it('adds the configured latency', async () => {
    const m = await startGcpMock({ ...scenario, faults: [], latencyMs: { storage: 60 } });
    try {
      const t = performance.now();
      await storageClient(m).bucket('ml-prod-b5').getMetadata();
      expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    } finally {
      await m.close();
    }
  });

  it('answers STORAGE_EMULATOR_HOST clients (no /storage/v1 prefix) and refuses writes', async () => {
    const res = await fetch(`${mock.storageEndpoint}/b/ml-prod-b5`);
    expect(((await res.json()) as { name: string }).name).toBe('ml-prod-b5');
    const write = await fetch(`${mock.storageEndpoint}/storage/v1/b?project=ml-prod`, { method: 'POST', body: '{"name":"x"}' });
    expect(write.status).toBe(405);
  });
});
