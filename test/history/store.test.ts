import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { HistoryStore, targetsKey } from '../../src/history/store.js';
import { MIGRATIONS } from '../../src/history/migrations.js';
import { makeFinding } from '../helpers/findings.js';

const targets = [{ provider: 'aws', account: '111122223333', regions: ['us-east-1', 'eu-west-1'] }];
const summary = { resources: { 'aws.s3.bucket': 2 }, edges: 1, gaps: 0 };
const coverage = { services: [], failures: [] };
const tmp = () => mkdtempSync(join(tmpdir(), 'aispm-hist-'));

describe('history store', () => {
  it('migrates a new database to the latest schema version', () => {
    const store = HistoryStore.open(join(tmp(), 'h.db'));
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    store.close();
  });

  it('upgrades a database created by an older schema', () => {
    const path = join(tmp(), 'old.db');
    const db = new Database(path);
    db.exec(MIGRATIONS[0]);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO scans (id, targets_key, targets_json, started_at, status) VALUES ('old', 'k', '[]', '2026-01-01', 'running')`).run();
    db.close();
    const store = HistoryStore.open(path);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(store.getScan('old')?.status).toBe('running');
    store.close();
  });

  it('upgrading a version 2 database fills the first-seen table from the complete scans it holds', () => {
    const path = join(tmp(), 'v2.db');
    const db = new Database(path);
    db.exec(MIGRATIONS[0]);
    db.exec(MIGRATIONS[1]);
    db.pragma('user_version = 2');
    const key = targetsKey(targets);
    const scan = db.prepare('INSERT INTO scans (id, targets_key, targets_json, started_at, status) VALUES (?, ?, ?, ?, ?)');
    scan.run('s1', key, JSON.stringify(targets), '2026-11-01', 'complete');
    scan.run('s2', key, JSON.stringify(targets), '2026-11-02', 'complete');
    scan.run('s3', key, JSON.stringify(targets), '2026-11-03', 'running');
    const row = db.prepare(`INSERT INTO findings (scan_id, fingerprint, rule_id, type, severity, status, resource_id, first_seen, json) VALUES (?, ?, 'R', 'resource', 'high', 'fail', 'r', ?, '{}')`);
    row.run('s1', 'fp-a', '2026-11-01T00:01:00.000Z');
    row.run('s2', 'fp-a', '2026-11-02T00:01:00.000Z');
    row.run('s2', 'fp-b', '2026-11-02T00:01:00.000Z');
    row.run('s3', 'fp-c', '2026-11-03T00:01:00.000Z');
    db.close();
    const store = HistoryStore.open(path);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect([...store.firstSeen(targets)].sort()).toEqual([
      ['fp-a', '2026-11-01T00:01:00.000Z'],
      ['fp-b', '2026-11-02T00:01:00.000Z'],
    ]);
    store.close();
  });

  it('targets key ignores order', () => {
    expect(targetsKey([{ provider: 'aws', account: '1', regions: ['b', 'a'] }, { provider: 'gcp', account: 'p', regions: [] }])).toBe(
      targetsKey([{ provider: 'gcp', account: 'p', regions: [] }, { provider: 'aws', account: '1', regions: ['a', 'b'] }]),
    );
  });

  it('records scans with findings, first-seen carried across scans of the same targets', () => {
    const store = HistoryStore.open(join(tmp(), 'h.db'));
    const f1 = makeFinding('R1', 'arn:aws:s3:::a');
    const f2 = makeFinding('R2', 'arn:aws:s3:::b', 'critical', { type: 'path' });
    const s1 = store.beginScan(targets, '2026-11-01T00:00:00.000Z');
    store.completeScan(s1, { finishedAt: '2026-11-01T00:01:00.000Z', findings: [f1], coverage, summary });
    const s2 = store.beginScan(targets, '2026-11-02T00:00:00.000Z');
    store.completeScan(s2, { finishedAt: '2026-11-02T00:01:00.000Z', findings: [f1, f2], coverage, summary });
    expect(store.findings(s2).find((f) => f.ruleId === 'R1')?.firstSeen).toBe('2026-11-01T00:01:00.000Z');
    expect(store.firstSeen(targets).get(f2.fingerprint)).toBe('2026-11-02T00:01:00.000Z');
    expect(store.latestComplete(targetsKey(targets)).map((s) => s.id)).toEqual([s2, s1]);
    expect(store.getScan(s2)?.counts).toMatchObject({ findings: 2, critical: 1, high: 1, paths: 1 });
    expect(() => store.completeScan(s2, { finishedAt: 'x', findings: [], coverage, summary })).toThrow(/not running/);
    expect(store.findings(s2)).toHaveLength(2);
    expect(store.findingStates(s2)).toEqual([f1, f2].map(({ fingerprint, severity, status }) => ({ fingerprint, severity, status })));
    expect(store.findingsWithFingerprints(s2, [f2.fingerprint, 'missing', f1.fingerprint]).map((f) => f.ruleId)).toEqual(['R2', 'R1']);
    expect(store.findingsWithFingerprints(s2, [f1.fingerprint])[0].firstSeen).toBe('2026-11-01T00:01:00.000Z');
    store.close();
  });

  it('first-seen is the same whether the caller hands over the first-seen map or the store queries per finding', () => {
    const store = HistoryStore.open(join(tmp(), 'h.db'));
    const f1 = makeFinding('R1', 'arn:aws:s3:::a');
    const f2 = makeFinding('R2', 'arn:aws:s3:::b');
    const s1 = store.beginScan(targets, '2026-11-01T00:00:00.000Z');
    store.completeScan(s1, { finishedAt: '2026-11-01T00:01:00.000Z', findings: [f1], coverage, summary });
    const later = { ...f1, firstSeen: '2026-11-02T00:01:00.000Z' };
    const s2 = store.beginScan(targets, '2026-11-02T00:00:00.000Z');
    store.completeScan(s2, { finishedAt: '2026-11-02T00:01:00.000Z', findings: [later, f2], coverage, summary, targets, firstSeen: store.firstSeen(targets) });
    const s3 = store.beginScan(targets, '2026-11-03T00:00:00.000Z');
    store.completeScan(s3, { finishedAt: '2026-11-03T00:01:00.000Z', findings: [later, f2], coverage, summary });
    for (const id of [s2, s3]) expect(store.findings(id).map((f) => f.firstSeen)).toEqual(['2026-11-01T00:01:00.000Z', '2026-11-02T00:01:00.000Z']);
    // a map read for other targets is not used: the scan was begun with `targets`
    const other = [{ provider: 'aws', account: '999', regions: [] }];
    const s4 = store.beginScan(targets, '2026-11-04T00:00:00.000Z');
    store.completeScan(s4, { finishedAt: '2026-11-04T00:01:00.000Z', findings: [later], coverage, summary, targets: other, firstSeen: new Map() });
    expect(store.findings(s4)[0].firstSeen).toBe('2026-11-01T00:01:00.000Z');
    store.close();
  });

  it('rolls back a failed completion: no findings are half-written', () => {
    const store = HistoryStore.open(join(tmp(), 'h.db'));
    const id = store.beginScan(targets, '2026-11-01T00:00:00.000Z');
    const bad = { ...makeFinding('R1', 'arn:aws:s3:::a'), resource: undefined } as never;
    expect(() => store.completeScan(id, { finishedAt: 'x', findings: [makeFinding('R0', 'arn:aws:s3:::z'), bad], coverage, summary })).toThrow();
    expect(store.getScan(id)?.status).toBe('running');
    expect(store.findings(id)).toEqual([]);
    store.close();
  });

  it('a scan process killed midway leaves the scan incomplete or absent, never half-written', async () => {
    const dir = tmp();
    const path = join(dir, 'h.db');
    const script = `
      import { HistoryStore } from ${JSON.stringify(new URL('../../src/history/store.ts', import.meta.url).pathname)};
      const store = HistoryStore.open(${JSON.stringify(path)});
      const id = store.beginScan([{ provider: 'aws', account: '1', regions: [] }], new Date().toISOString());
      const findings = Array.from({ length: 300000 }, (_, i) => ({ ruleId: 'R', title: 't', severity: 'high', status: 'fail', type: 'resource',
        resource: { id: 'arn:aws:s3:::b' + i, kind: 'aws.s3.bucket', provider: 'aws', account: '1', region: 'r', name: 'b' + i },
        message: 'm', remediation: 'r', evidence: [], unknownFields: [], frameworks: { mitreAtlas: [], owaspMl: [], owaspLlm: [] },
        tags: [], references: [], fingerprint: 'fp' + i, onPaths: [] }));
      process.stdout.write('writing\\n');
      store.completeScan(id, { finishedAt: new Date().toISOString(), findings, coverage: { services: [], failures: [] }, summary: { resources: {}, edges: 0, gaps: 0 } });
      process.stdout.write('done\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('writing') && resolve()));
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const store = HistoryStore.open(path);
    const scans = store.listScans();
    expect(scans).toHaveLength(1);
    const n = store.findings(scans[0].id).length;
    if (scans[0].status === 'running') expect(n).toBe(0);
    else expect([scans[0].status, n]).toEqual(['complete', 300000]);
    store.close();
  });
});
