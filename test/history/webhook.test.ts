import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWebhookPayload, deliverWebhook } from '../../src/notify/webhook.js';
import { makeFinding } from '../helpers/findings.js';
import type { ScanResult } from '../../src/model/scan-result.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, bodies })));
}

const result = (findings: ScanResult['findings']): ScanResult => ({
  tool: { name: 'aispm', version: 't' },
  startedAt: 's',
  finishedAt: 'f',
  inventory: { schemaVersion: 1, generatedAt: 'g', targets: [], resources: [], edges: [], coverage: { services: [], failures: [] } },
  rules: [],
  findings,
  artifacts: [],
  suppressions: { stale: [], expired: [] },
  fixed: [],
  scanId: 'scan-2',
  previousScanId: 'scan-1',
});

describe('webhook notifications', () => {
  it('summarises only new, unsuppressed findings at or above the threshold, paths separately', () => {
    const payload = buildWebhookPayload(
      result([
        makeFinding('PATH-001', 'e', 'critical', { type: 'path', baselineState: 'new', hops: [{ from: 'principal:internet', to: 'b', type: 'can-write', evidence: [] }] }),
        makeFinding('R1', 'a', 'high', { baselineState: 'new' }),
        makeFinding('R2', 'b', 'high', { baselineState: 'unchanged' }),
        makeFinding('R3', 'c', 'low', { baselineState: 'new' }),
        makeFinding('R4', 'd', 'critical', { baselineState: 'new', suppressed: { reason: 'x', matchedBy: 'y' } }),
      ]),
      'high',
    );
    expect(payload.newPaths.map((p) => p.ruleId)).toEqual(['PATH-001']);
    expect(payload.newPaths[0].hops).toEqual(['principal:internet -[can-write]-> b']);
    expect(payload.newFindings.map((p) => p.ruleId)).toEqual(['R1']);
    expect(payload.counts).toMatchObject({ newFindings: 1, newPaths: 1 });
  });

  it('retries a receiver that fails at first, then delivers', async () => {
    const r = await receiver([503, 500]);
    const delays: number[] = [];
    const out = await deliverWebhook(r.url, buildWebhookPayload(result([]), 'high'), {
      retries: 3,
      timeoutMs: 2000,
      backoffMs: (n) => n * 10,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(out).toEqual({ delivered: true, attempts: 3 });
    expect(delays).toEqual([10, 20]);
    expect(r.bodies).toHaveLength(3);
  });

  it('gives up after the retries without throwing, and does not retry a 4xx', async () => {
    const r = await receiver([500, 500, 500]);
    const out = await deliverWebhook(r.url, buildWebhookPayload(result([]), 'high'), { retries: 2, timeoutMs: 2000, sleep: async () => {} });
    expect(out).toMatchObject({ delivered: false, attempts: 3, lastError: 'HTTP 500' });
    const r2 = await new Promise<{ url: string }>((resolve) => {
      server!.close(() => resolve(receiver([404])));
    });
    const out2 = await deliverWebhook(r2.url, buildWebhookPayload(result([]), 'high'), { retries: 3, timeoutMs: 2000, sleep: async () => {} });
    expect(out2).toMatchObject({ delivered: false, attempts: 1, lastError: 'HTTP 404' });
  });

  it('an unreachable receiver is reported, not thrown', async () => {
    const out = await deliverWebhook('http://127.0.0.1:9/nothing', buildWebhookPayload(result([]), 'high'), { retries: 1, timeoutMs: 500, sleep: async () => {} });
    expect(out.delivered).toBe(false);
    expect(out.lastError).toBeTruthy();
  });
});
