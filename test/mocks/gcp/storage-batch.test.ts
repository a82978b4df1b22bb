import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGcpMock, type GcpMockHandle } from '../../../mocks/gcp/start.js';
import type { GcpScenarioInput } from '../../../mocks/gcp/scenario.js';

// The Storage fake's batch endpoint, spoken to over raw HTTP as https://cloud.google.com/storage/docs/batch describes it.
const names = Array.from({ length: 5 }, (_, i) => `bk-${i}`);
const scenario: GcpScenarioInput = {
  gcp: { projects: [{ projectId: 'ml-prod', projectNumber: '100000000001', storage: { buckets: names.map((name) => ({ name, iamPolicy: { bindings: [{ role: 'roles/storage.objectViewer', members: [`group:${name}@example.com`] }] } })) } }] },
  faults: [
    { service: 'storage', method: 'buckets.getIamPolicy', resource: 'bk-1', error: 'PERMISSION_DENIED' },
    { service: 'storage', method: 'buckets.getIamPolicy', resource: 'bk-2', error: 429, times: 1 },
  ],
  latencyMs: { default: 5 },
};

function batchBody(requests: Array<{ method?: string; path: string; id?: string }>, boundary = 'b0undary') {
  const parts = requests.map((r) => `--${boundary}\r\nContent-Type: application/http\r\n${r.id ? `Content-ID: <${r.id}>\r\n` : ''}\r\n${r.method ?? 'GET'} ${r.path} HTTP/1.1\r\n\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/mixed; boundary=${boundary}` };
}

async function postBatch(mock: GcpMockHandle, requests: Parameters<typeof batchBody>[0]) {
  const { body, contentType } = batchBody(requests);
  const res = await fetch(`${mock.storageEndpoint}/batch/storage/v1`, { method: 'POST', body, headers: { 'content-type': contentType } });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The parts of a multipart/mixed answer: Content-ID, inner status and JSON body. */
function answerParts(contentType: string, text: string) {
  const boundary = /boundary=([^;]+)/.exec(contentType)![1];
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head, status, ...rest] = part.split('\r\n\r\n');
      return { contentId: /Content-ID: (.*)/.exec(head)?.[1], status: Number(/^HTTP\/1\.1 (\d+)/.exec(status)![1]), body: JSON.parse(rest.join('\r\n\r\n')) };
    });
}

let mock: GcpMockHandle;
beforeAll(async () => {
  mock = await startGcpMock(scenario);
});
afterAll(async () => {
  await mock.close();
});

describe('Cloud Storage batch endpoint (fake)', () => {
  it('answers each inner call in order with its Content-ID, each counted and fault-injected like a request of its own, in one round trip', async () => {
    mock.stats.reset();
    const iam = (n: string) => `/storage/v1/b/${n}/iam?optionsRequestedPolicyVersion=3`;
    const r = await postBatch(mock, [...names.map((n, i) => ({ path: iam(n), id: `x+${i}` })), { path: '/storage/v1/b/no-such-bucket/iam', id: 'x+5' }]);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^multipart\/mixed; boundary=/);
    const parts = answerParts(r.contentType, r.text);
    expect(parts.map((p) => p.contentId)).toEqual(['<response-x+0>', '<response-x+1>', '<response-x+2>', '<response-x+3>', '<response-x+4>', '<response-x+5>']);
    expect(parts.map((p) => p.status)).toEqual([200, 403, 429, 200, 200, 404]);
    expect(parts[0].body.bindings[0].members).toEqual(['group:bk-0@example.com']);
    expect(parts[1].body.error).toMatchObject({ code: 403, errors: [{ reason: 'forbidden' }] });
    expect(parts[2].body.error).toMatchObject({ code: 429, errors: [{ reason: 'rateLimitExceeded' }] });
    const s = mock.stats.snapshot().storage;
    expect(s).toMatchObject({ requests: 6, httpRequests: 1, faults: 2 });
    expect(s.methods['buckets.getIamPolicy']).toEqual({ requests: 6, throttled: 0, faults: 2 });
  });

  it('applies the rate limit to each inner call', async () => {
    const limited = await startGcpMock({ ...scenario, faults: [], rateLimits: { storage: { perSecond: 1, burst: 2 } } });
    try {
      const r = await postBatch(limited, names.slice(0, 4).map((n) => ({ path: `/storage/v1/b/${n}/iam` })));
      expect(answerParts(r.contentType, r.text).map((p) => p.status)).toEqual([200, 200, 429, 429]);
      expect(limited.stats.snapshot().storage).toMatchObject({ requests: 4, throttled: 2, httpRequests: 1 });
    } finally {
      await limited.close();
    }
  });

  it('refuses what Google refuses: more than 100 calls, paths outside the JSON API, downloads, a body that is not multipart/mixed', async () => {
    mock.stats.reset();
    const tooMany = await postBatch(mock, Array.from({ length: 101 }, () => ({ path: '/storage/v1/b/bk-0/iam' })));
    expect(tooMany.status).toBe(400);
    expect(JSON.parse(tooMany.text).error.message).toMatch(/at most 100 calls; this one has 101/);
    for (const path of ['https://storage.googleapis.com/storage/v1/b/bk-0/iam', '/upload/storage/v1/b/bk-0/o', '/storage/v1/b/bk-0/o/x?alt=media']) {
      const r = await postBatch(mock, [{ path }]);
      expect(r.status, path).toBe(400);
    }
    const plain = await fetch(`${mock.storageEndpoint}/batch/storage/v1`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(plain.status).toBe(400);
    expect(mock.stats.snapshot().storage).toMatchObject({ requests: 0, httpRequests: 0 });
  });

  it('is read-only: an inner call other than GET is answered 405 in its part; the others are served', async () => {
    const r = await postBatch(mock, [{ method: 'DELETE', path: '/storage/v1/b/bk-0' }, { path: '/storage/v1/b/bk-3/iam' }]);
    expect(r.status).toBe(200);
    expect(answerParts(r.contentType, r.text).map((p) => p.status)).toEqual([405, 200]);
  });

  it('answers 404 when started without batch support (an emulator without it)', async () => {
    const plain = await startGcpMock(scenario, { storageBatch: false });
    try {
      expect((await postBatch(plain, [{ path: '/storage/v1/b/bk-0/iam' }])).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
