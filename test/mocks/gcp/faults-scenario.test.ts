import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../mocks/gcp/faults.js';
import { parseGcpScenario } from '../../../mocks/gcp/scenario.js';

describe('FaultInjector', () => {
  it('keeps one token bucket per project and location when scoped so, refilling with time', async () => {
    let now = 0;
    const scenario = parseGcpScenario({ gcp: {}, rateLimits: { aiplatform: { perSecond: 2, burst: 1, scope: 'project-location' } } });
    const f = new FaultInjector(scenario, (s) => s, () => now);
    const a = { project: '1', location: 'us-central1' };
    expect(await f.admit('aiplatform', 'ListModels', [], a)).toBeUndefined();
    expect((await f.admit('aiplatform', 'ListModels', [], a))?.error).toBe('RESOURCE_EXHAUSTED');
    expect(await f.admit('aiplatform', 'ListModels', [], { project: '1', location: 'europe-west4' })).toBeUndefined();
    expect(await f.admit('aiplatform', 'ListModels', [], { project: '2', location: 'us-central1' })).toBeUndefined();
    now = 500;
    expect(await f.admit('aiplatform', 'ListModels', [], a)).toBeUndefined();
    expect(f.snapshot().aiplatform.methods.ListModels).toEqual({ requests: 5, throttled: 1, faults: 0 });
  });

  it('matches faults by method and resource prefix, for `times` requests only', async () => {
    const scenario = parseGcpScenario({ gcp: {}, faults: [{ service: 'storage', method: 'objects.get', resource: 'b', error: 503, times: 2 }] });
    const f = new FaultInjector(scenario);
    expect((await f.admit('storage', 'objects.get', ['b', 'b/x']))?.error).toBe(503);
    expect(await f.admit('storage', 'objects.get', ['bb', 'bb/x'])).toBeUndefined();
    expect(await f.admit('storage', 'buckets.get', ['b'])).toBeUndefined();
    expect((await f.admit('storage', 'objects.get', ['b', 'b/y']))?.error).toBe(503);
    expect(await f.admit('storage', 'objects.get', ['b', 'b/z'])).toBeUndefined();
  });
});

describe('parseGcpScenario', () => {
  it('names the JSON path and what was expected', () => {
    expect(() => parseGcpScenario({ gcp: { projects: [{ projectId: 'Bad_Id' }] } })).toThrow(/\$\.gcp\.projects\[0\]\.projectId: a project id/);
    expect(() => parseGcpScenario({ gcp: { projects: [{ projectId: 'good-id', parent: 'folders/9' }] } })).toThrow(/no organization or folder named folders\/9/);
    expect(() => parseGcpScenario({ gcp: {}, faults: [{ service: 'aiplatform', method: 'ListThings', error: 'NOT_FOUND' }] })).toThrow(/\$\.faults\[0\]\.method: aiplatform serves ListDatasets/);
    expect(() => parseGcpScenario({ gcp: {}, faults: [{ service: 's3', error: 403 }] })).toThrow(/expected one of storage, aiplatform/);
    expect(() => parseGcpScenario({ gcp: { projects: [{ projectId: 'good-id', storage: { buckets: [{ name: 'bkt', objects: [{ name: 'o', body: 'x', bodyBase64: 'eA==' }] }] } }] } }))
      .toThrow(/give only one of body, bodyBase64, bodyFile/);
  });

  it('leaves faults of other providers to them when the file has an aws section', () => {
    const s = parseGcpScenario({ aws: {}, gcp: {}, faults: [{ service: 's3', operation: 'GetObject', error: 'AccessDenied' }, { service: 'storage', error: 403 }] });
    expect(s.faults).toEqual([{ service: 'storage', error: 403 }]);
  });
});
