import { describe, expect, it } from 'vitest';
import { Storage } from '@google-cloud/storage';
import { startGcpMock } from '../../../mocks/gcp/start.js';
import { ReadOnlyViolation } from '../../../src/connectors/gcp/read-only-guard.js';
import { StorageBatch } from '../../../src/connectors/gcp/storage-batch.js';
import type { Inventory } from '../../../src/model/index.js';
import { bucket, ofKind, readScenario, scanThrough, service } from './helpers.js';

// Bucket IAM policies are read in Cloud Storage batch requests (up to 100 buckets each) through the official Storage
// client against the fake, over loopback; the inventory must be the one single getIamPolicy calls give.
const names = (n: number) => Array.from({ length: n }, (_, i) => `bk-${String(i).padStart(3, '0')}`);
const estate = (n: number, faults: object[] = []) => ({
  gcp: { projects: [{ projectId: 'ml-prod', projectNumber: '100000000001', storage: { buckets: names(n).map((name) => bucket(name, { iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.objectViewer', members: [`group:${name}@example.com`] }] } })) } }] },
  faults,
});

async function scan(scenario: object, options: { storageBatch?: boolean; scan?: object } = {}) {
  const mock = await startGcpMock(scenario as never, { storageBatch: options.storageBatch ?? true });
  try {
    const inventory = await scanThrough(mock, { projects: ['ml-prod'], services: ['storage'], now: () => new Date(0), ...options.scan });
    return { inventory, stats: mock.stats.snapshot().storage };
  } finally {
    await mock.close();
  }
}

const members = (inv: Inventory) => ofKind(inv, 'gcp.storage.bucket').map((b) => [b.name, (b as any).iamPolicy?.bindings?.[0]?.members?.[0]]);
/** The inventory without what may differ between the two paths: the note that batches were not served, and the order failures were recorded in. */
const comparable = (inv: Inventory) => ({ ...inv, coverage: { services: inv.coverage.services.map(({ note: _n, ...s }) => s), failures: [...inv.coverage.failures].sort((a, b) => (a.resourceId ?? '').localeCompare(b.resourceId ?? '')) } });

describe('bucket IAM policies in batch requests', () => {
  it.each([
    [1, 1],
    [100, 1],
    [101, 2],
    [250, 3],
  ])('%i buckets: every policy read, each call counted, in %i batch request(s) (a single call for one bucket)', async (n, requests) => {
    const { inventory, stats } = await scan(estate(n));
    expect(members(inventory)).toEqual(names(n).map((name) => [name, `group:${name}@example.com`]));
    expect(inventory.coverage.failures).toEqual([]);
    expect(service(inventory, 'storage', 'global', 'ml-prod')).toMatchObject({ status: 'ok', calls: n + 1, retries: 0, resources: n });
    expect(stats.methods['buckets.getIamPolicy'].requests).toBe(n);
    expect(stats.httpRequests).toBe(1 + requests);
  });

  it('inner 403, 404 and 429 answers become the gaps and failures single calls give; an inner 429 is retried and recovers', async () => {
    const faults = [
      { service: 'storage', method: 'buckets.getIamPolicy', resource: 'bk-001', error: 'PERMISSION_DENIED' },
      { service: 'storage', method: 'buckets.getIamPolicy', resource: 'bk-002', error: 'NOT_FOUND' },
      { service: 'storage', method: 'buckets.getIamPolicy', resource: 'bk-003', error: 429 },
      { service: 'storage', method: 'buckets.getIamPolicy', resource: 'bk-004', error: 429, times: 1 },
      { service: 'storage', method: 'buckets.getIamPolicy', resource: 'bk-005', error: 'UNAVAILABLE', times: 2 },
    ];
    const batched = await scan(estate(8, faults));
    const single = await scan(estate(8, faults), { storageBatch: false });
    expect(comparable(batched.inventory)).toEqual(comparable(single.inventory));

    const gaps = Object.fromEntries(ofKind(batched.inventory, 'gcp.storage.bucket').map((b) => [b.name, b.gaps.map((g) => `${g.path}: ${g.reason}`)]));
    expect(gaps['bk-001']).toEqual(['iamPolicy: permission denied: buckets.getIamPolicy (needs storage.buckets.getIamPolicy)']);
    expect(gaps['bk-002']).toEqual(['iamPolicy: 404 notFound: buckets.getIamPolicy (needs storage.buckets.getIamPolicy)']);
    expect(gaps['bk-003']).toEqual(['iamPolicy: throttled after retries: buckets.getIamPolicy (needs storage.buckets.getIamPolicy)']);
    expect(gaps['bk-004']).toEqual([]);
    expect(gaps['bk-005']).toEqual([]);
    expect(members(batched.inventory).find(([n]) => n === 'bk-004')?.[1]).toBe('group:bk-004@example.com');
    // bk-003: 4 attempts (3 retries, 4 throttles); bk-004: 2 attempts; bk-005: 3 attempts
    expect(service(batched.inventory, 'storage', 'global', 'ml-prod')).toMatchObject({ status: 'partial', calls: 1 + 8 + 3 + 1 + 2, retries: 6, throttles: 5 });
    expect(batched.stats.httpRequests).toBe(1 + 1 + 6);
  });

  it('falls back to single calls when the endpoint does not serve batches, records it once, and loses no bucket', async () => {
    const { inventory, stats } = await scan(estate(250), { storageBatch: false });
    expect(members(inventory)).toEqual(names(250).map((name) => [name, `group:${name}@example.com`]));
    expect(inventory.coverage.failures).toEqual([]);
    const storage = service(inventory, 'storage', 'global', 'ml-prod');
    expect(storage).toMatchObject({ status: 'ok', calls: 251, note: 'batch requests not served (404 notFound): single buckets.getIamPolicy calls' });
    // three batch requests were tried (each answered 404 before the first answer came back), then 250 single calls
    expect(stats.methods['buckets.getIamPolicy'].requests).toBe(250);
  });

  it('gives the same inventory as single calls on a scenario', async () => {
    const scenario = readScenario('mocks/scenarios/basic-gcp.yaml');
    const options = { scan: { projects: [], services: undefined, organization: '1234', locations: ['us-central1'] } };
    const batched = await scan(scenario, options);
    const single = await scan(scenario, { ...options, storageBatch: false });
    expect(batched.stats.httpRequests).toBeLessThan(single.stats.httpRequests);
    expect(comparable(batched.inventory)).toEqual(comparable(single.inventory));
  });

  it('the read-only guard refuses a batch carrying anything but GETs of declared reads, before any request', async () => {
    const mock = await startGcpMock(estate(2) as never);
    try {
      const batch = new StorageBatch(new Storage({ apiEndpoint: mock.storageEndpoint, projectId: 'ml-prod', retryOptions: { autoRetry: false } }));
      const iam = { method: 'GET', path: '/storage/v1/b/bk-000/iam?optionsRequestedPolicyVersion=3' };
      await expect(batch.send([iam, { method: 'DELETE', path: '/storage/v1/b/bk-001' }])).rejects.toThrow(ReadOnlyViolation);
      await expect(batch.send([{ method: 'PATCH', path: '/storage/v1/b/bk-001/iam' }])).rejects.toThrow(ReadOnlyViolation);
      await expect(batch.send([{ method: 'GET', path: '/storage/v1/b/bk-001/o/model.bin?alt=media' }])).rejects.toThrow(ReadOnlyViolation);
      expect(mock.stats.snapshot().storage).toMatchObject({ requests: 0, httpRequests: 0 });
      const [ok] = await batch.send([iam]);
      expect(ok).toMatchObject({ ok: true, value: { bindings: [{ members: ['group:bk-000@example.com'] }] } });
    } finally {
      await mock.close();
    }
  });
});

describe('StorageBatch inner answers', () => {
  /** A Storage client whose batch request is answered with these parts (HTTP responses, no Content-ID). */
  const answering = (...parts: string[]) =>
    ({
      apiEndpoint: 'https://storage.example',
      request: (_opts: unknown, callback: (err: Error | null, body: unknown, resp: unknown) => void) =>
        callback(null, `${parts.map((p) => `--b\r\nContent-Type: application/http\r\n\r\n${p}\r\n`).join('')}--b--\r\n`, { headers: { 'content-type': 'multipart/mixed; boundary=b' } }),
    }) as unknown as Storage;
  const calls = (n: number) => Array.from({ length: n }, (_, i) => ({ method: 'GET', path: `/storage/v1/b/bk-${i}/iam?optionsRequestedPolicyVersion=3` }));
  const json = (status: string, body: string) => `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${body}`;

  it('a 2xx answer without a JSON object, or with an error of any type, is an error for its call, never an empty policy', async () => {
    const results = await new StorageBatch(
      answering(json('200 OK', '{"version":1,"bindings":[]}'), 'HTTP/1.1 200 OK\r\n\r\n', json('200 OK', '{"kind":"storage#pol'), json('200 OK', 'null'), json('200 OK', '{"error":"backend unavailable"}'), json('200 OK', '[]')),
    ).send(calls(6));
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false, false, false]);
    expect(results[0]).toEqual({ ok: true, value: { version: 1, bindings: [] } });
    expect(results.slice(1).map((r) => (r.ok ? '' : r.error.message))).toEqual([
      'the batch response answered this call with HTTP 200 but no JSON object (body: "")',
      'the batch response answered this call with HTTP 200 but no JSON object (body: "{\\"kind\\":\\"storage#pol")',
      'the batch response answered this call with HTTP 200 but no JSON object (body: "null")',
      'backend unavailable',
      'the batch response answered this call with HTTP 200 but no JSON object (body: "[]")',
    ]);
  });
});
