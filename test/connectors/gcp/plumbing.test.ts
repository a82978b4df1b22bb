import { describe, expect, it } from 'vitest';
import { classifyGcpError } from '../../../src/connectors/gcp/errors.js';
import { RetryingCaller } from '../../../src/connectors/gcp/retry.js';
import { gcpEndpointsFromEnv, parseGrpcEndpoint } from '../../../src/connectors/gcp/endpoints.js';
import { CoverageRecorder } from '../../../src/connectors/gcp/coverage.js';
import { GCP_API_CALLS, requiredGcpPermissions } from '../../../src/connectors/gcp/api-calls.js';
import { gaxClientSpec, guardObject, ReadOnlyViolation, storageSpec, type GuardSpec } from '../../../src/connectors/gcp/read-only-guard.js';
import { gcpPermissionsText } from '../../../src/connectors/gcp/permissions.js';
import { InputError } from '../../../src/model/index.js';

describe('classifyGcpError', () => {
  it('classifies gRPC status codes', () => {
    expect(classifyGcpError({ code: 7, message: '7 PERMISSION_DENIED: denied' })).toMatchObject({ kind: 'permission-denied', code: 'PERMISSION_DENIED', retryable: false });
    expect(classifyGcpError({ code: 7, message: '7 PERMISSION_DENIED: Vertex AI API has not been used in project 1 before or it is disabled.' })).toMatchObject({ kind: 'api-disabled', code: 'SERVICE_DISABLED' });
    expect(classifyGcpError({ code: 8, message: 'quota' })).toMatchObject({ kind: 'throttled', retryable: true });
    expect(classifyGcpError({ code: 14, message: 'down' })).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyGcpError({ code: 5, message: 'gone' })).toMatchObject({ kind: 'not-found', retryable: false });
    expect(classifyGcpError({ code: 16, message: 'who' })).toMatchObject({ kind: 'unauthenticated' });
  });

  it('classifies JSON API errors by HTTP status and reason', () => {
    expect(classifyGcpError({ code: 403, message: 'no', errors: [{ reason: 'forbidden' }] })).toMatchObject({ kind: 'permission-denied', code: '403 forbidden' });
    expect(classifyGcpError({ code: 403, message: 'Cloud Storage API has not been used', errors: [{ reason: 'accessNotConfigured' }] })).toMatchObject({ kind: 'api-disabled' });
    expect(classifyGcpError({ code: 429, message: 'slow down', errors: [{ reason: 'rateLimitExceeded' }] })).toMatchObject({ kind: 'throttled', retryable: true });
    expect(classifyGcpError({ code: 503, message: 'backend' })).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyGcpError({ code: 404, message: 'nope' })).toMatchObject({ kind: 'not-found' });
    expect(classifyGcpError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toMatchObject({ kind: 'unavailable', retryable: true });
  });
});

describe('RetryingCaller', () => {
  const waits: number[] = [];
  const caller = () => new RetryingCaller({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetriesPerScan: 3 }, async (ms) => void waits.push(ms), () => 0.5);

  it('retries throttling and unavailability with backoff, counting calls, retries and throttles', async () => {
    let n = 0;
    const counters = { calls: 0, retries: 0, throttles: 0 };
    const out = await caller().call(counters, async () => {
      n++;
      if (n === 1) throw { code: 8, message: 'quota' };
      if (n === 2) throw { code: 503, message: 'backend' };
      return 'ok';
    });
    expect(out).toEqual({ ok: true, value: 'ok' });
    expect(counters).toEqual({ calls: 3, retries: 2, throttles: 1 });
    expect(waits.slice(-2)).toEqual([50, 100]);
  });

  it('does not retry a permission error, and stops at maxAttempts and at the scan-wide budget', async () => {
    const c = caller();
    const denied = { calls: 0, retries: 0, throttles: 0 };
    expect(await c.call(denied, async () => Promise.reject({ code: 7, message: 'no' }))).toMatchObject({ ok: false, error: { kind: 'permission-denied' } });
    expect(denied.calls).toBe(1);
    const down = { calls: 0, retries: 0, throttles: 0 };
    expect(await c.call(down, async () => Promise.reject({ code: 14, message: 'down' }))).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(down).toEqual({ calls: 3, retries: 2, throttles: 0 });
    const last = { calls: 0, retries: 0, throttles: 0 };
    await c.call(last, async () => Promise.reject({ code: 14, message: 'down' }));
    expect(last).toEqual({ calls: 2, retries: 1, throttles: 0 });
    expect(c.retryBudgetLeft).toBe(0);
  });
});

describe('endpoints', () => {
  it('reads the documented variables from the environment object it is given', () => {
    expect(gcpEndpointsFromEnv({})).toEqual({ insecure: false });
    expect(gcpEndpointsFromEnv({ STORAGE_EMULATOR_HOST: 'localhost:9023', AISPM_GCP_AIPLATFORM_ENDPOINT: '127.0.0.1:8085', AISPM_GCP_INSECURE: '1' })).toEqual({ storage: 'http://localhost:9023', aiplatform: '127.0.0.1:8085', insecure: true });
    expect(gcpEndpointsFromEnv({ STORAGE_EMULATOR_HOST: 'http://a:1', AISPM_GCP_STORAGE_ENDPOINT: 'http://b:2/' }).storage).toBe('http://b:2');
    expect(parseGrpcEndpoint('[::1]:9000')).toEqual({ apiEndpoint: '::1', port: 9000 });
    expect(parseGrpcEndpoint('europe-west4-aiplatform.googleapis.com')).toEqual({ apiEndpoint: 'europe-west4-aiplatform.googleapis.com', port: 443 });
    expect(() => gcpEndpointsFromEnv({ AISPM_GCP_NOTEBOOKS_ENDPOINT: 'a:b:c' })).toThrow(InputError);
  });
});

describe('coverage', () => {
  it('derives service status from failures and list failures', () => {
    const c = new CoverageRecorder();
    const ok = c.tally('p', 'global', 'storage');
    ok.resources = 2;
    const partial = c.tally('p', 'global', 'resourcemanager');
    c.fail(partial, { operation: 'GetIamPolicy', fields: ['projectRoles'], error: { kind: 'permission-denied', code: 'PERMISSION_DENIED', message: 'no', retryable: false } });
    const failed = c.tally('p', 'us-central1', 'aiplatform');
    c.fail(failed, { operation: 'ListDatasets', fields: ['gcp.vertexai.dataset'], error: { kind: 'api-disabled', code: 'SERVICE_DISABLED', message: 'off', retryable: false }, listCall: true });
    const cov = c.toCoverage();
    expect(cov.services.map((s) => `${s.service}:${s.status}${s.note ? `:${s.note}` : ''}`)).toEqual(['aiplatform:failed:API disabled', 'resourcemanager:partial', 'storage:ok']);
    expect(cov.failures).toHaveLength(2);
  });
});

describe('read-only guard and permission declarations', () => {
  const leaves = (spec: GuardSpec, out: string[] = []): string[] => {
    for (const [m, r] of Object.entries(spec.methods)) if (typeof r === 'object') leaves(r, out);
    else out.push(`${spec.name}.${m}`);
    for (const p of Object.values(spec.props ?? {})) if (typeof p === 'object') leaves(p, out);
    return out;
  };

  it('the Storage allowlist is exactly the declared Storage calls', () => {
    const declared = GCP_API_CALLS.filter((c) => c.service === 'storage').map((c) => `${c.client}.${c.method}`).sort();
    expect(leaves(storageSpec()).sort()).toEqual(declared);
  });

  it('every declared method is read-only by name and has a permission', () => {
    for (const c of GCP_API_CALLS) {
      expect(c.method).toMatch(/^(get|list)/);
      expect(c.permissions.length).toBeGreaterThan(0);
      for (const p of c.permissions) expect(p).toMatch(/^[a-z]+\.[A-Za-z]+\.[A-Za-z]+$/);
    }
    expect(requiredGcpPermissions()).toEqual([...new Set(requiredGcpPermissions())].sort());
  });

  it('refuses any member outside the allowlist before calling it', () => {
    let called = false;
    const client = { listDatasets: () => 'ok', deleteDataset: () => (called = true), close: () => undefined, innerApiCalls: {} };
    const guarded = guardObject(client, gaxClientSpec('DatasetServiceClient'));
    expect(guarded.listDatasets()).toBe('ok');
    expect(() => guarded.deleteDataset()).toThrow(ReadOnlyViolation);
    expect(() => guarded.innerApiCalls).toThrow(ReadOnlyViolation);
    expect(() => {
      (guarded as { listDatasets: unknown }).listDatasets = () => 'evil';
    }).toThrow(ReadOnlyViolation);
    expect(called).toBe(false);
  });

  it('permissions text lists every permission and the predefined roles', () => {
    const text = gcpPermissionsText();
    for (const p of requiredGcpPermissions()) expect(text).toContain(`\n${p}\n`);
    expect(text).toContain('roles/iam.securityReviewer');
    expect(text).toContain('roles/storage.objectViewer is NOT enough');
  });
});
