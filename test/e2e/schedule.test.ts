import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { HistoryStore } from '../../src/history/store.js';
import { loadScenario, startMockCloud } from '../../mocks/cloud.js';
import { captureIO } from '../cli/helpers-io.js';

const DEMO = fileURLToPath(new URL('../../mocks/scenarios/demo-aws.yaml', import.meta.url));
let receiver: Server | undefined;
afterAll(() => new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r())));

/** A webhook receiver that answers 503 to its first `failures` deliveries. */
function startReceiver(failures: number): Promise<{ url: string; received: { status: number; body: any }[] }> {
  const received: { status: number; body: any }[] = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const status = received.length < failures ? 503 : 204;
      received.push({ status, body: JSON.parse(body) });
      res.statusCode = status;
      res.end();
    });
  });
  return new Promise((resolve) => receiver!.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/hook`, received })));
}

describe('aispm schedule against the mock cloud', () => {
  it('records each run, never overlaps, and delivers webhooks through a receiver that fails at first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-e2e-sched-'));
    const hook = await startReceiver(2);
    const config = join(dir, 'aispm.config.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  aws:',
        '    - regions: [us-east-1]',
        'trust:',
        '  accounts: ["210987654321"]',
        'history:',
        '  path: history.db',
        'output:',
        '  formats: [json, sarif]',
        '  dir: out',
        'schedule:',
        '  cron: "* * * * * *"',
        'notify:',
        `  webhook: ${hook.url}`,
        '  minSeverity: medium',
        '  retries: 4',
        '',
      ].join('\n'),
    );
    const cloud = await startMockCloud(await loadScenario(DEMO));
    let code: number;
    const io = captureIO(dir, { ...cloud.env, HOME: dir });
    try {
      code = await main(['node', 'aispm', 'schedule', '--config', config, '--runs', '2'], io);
    } finally {
      await cloud.close();
    }
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const logs = io.out().trim().split('\n').map((l) => JSON.parse(l));
    const events = logs.map((l) => l.event);
    expect(events.filter((e) => e === 'run.start')).toHaveLength(2);
    expect(logs.filter((l) => l.event === 'run.end').map((l) => l.status)).toEqual(['ok', 'ok']);
    expect(events.at(-1)).toBe('schedule.stopped');

    const store = HistoryStore.open(join(dir, 'history.db'));
    const scans = store.listScans().reverse();
    store.close();
    expect(scans.map((s) => s.status)).toEqual(['complete', 'complete']);
    // no two scans overlap: the second starts after the first finished
    expect(scans[1].startedAt >= scans[0].finishedAt!).toBe(true);
    const recorded = logs.filter((l) => l.event === 'scan.recorded');
    expect(recorded.map((l) => l.scanId)).toEqual(scans.map((s) => s.id));
    expect(recorded[1].previousScanId).toBe(scans[0].id);
    expect(recorded[1].new).toBe(0);

    // first run: 2 failed deliveries, then delivered; second run: delivered at once, with nothing new to report
    expect(hook.received.map((r) => r.status)).toEqual([503, 503, 204, 204]);
    const [first, second] = [hook.received[2].body, hook.received[3].body];
    expect(first.scanId).toBe(scans[0].id);
    expect(first.counts.newPaths).toBeGreaterThan(0);
    expect(first.newPaths[0].hops.length).toBeGreaterThan(1);
    expect(second).toMatchObject({ scanId: scans[1].id, previousScanId: scans[0].id, counts: { newFindings: 0, newPaths: 0 } });
  }, 240_000);
});
