import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { FindingState } from './diff.js';
import type { Coverage } from '../model/coverage.js';
import { InputError } from '../model/errors.js';
import { MIGRATIONS } from './migrations.js';

export type ScanStatus = 'running' | 'complete' | 'failed';

export interface ScanTargets {
  provider: string;
  account: string;
  regions: string[];
}

export interface ScanRecord {
  id: string;
  targetsKey: string;
  targets: ScanTargets[];
  startedAt: string;
  finishedAt: string | null;
  status: ScanStatus;
  error: string | null;
  summary: InventorySummary | null;
  counts: { findings: number; critical: number; high: number; medium: number; low: number; info: number; unknown: number; paths: number } | null;
}

export interface InventorySummary {
  resources: Record<string, number>;
  edges: number;
  gaps: number;
}

/** Same targets (whatever the order) give the same key, so diffs compare like with like. */
export function targetsKey(targets: ScanTargets[]): string {
  const norm = targets.map((t) => `${t.provider}:${t.account}:${[...t.regions].sort().join(',')}`).sort();
  return createHash('sha256').update(norm.join('|')).digest('hex').slice(0, 16);
}

/**
 * Scan history in SQLite. A scan is opened as `running`, and its findings, coverage and summary are written
 * in one transaction that also marks it complete: a scan killed midway stays `running` (shown as incomplete)
 * with nothing half-written.
 */
export class HistoryStore {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(path: string): HistoryStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (e) {
      throw new InputError(`cannot open history database ${path}: ${(e as Error).message}`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // up to 128 MiB of pages, used only as needed: findings go into three indexes keyed by random fingerprints, which
    // thrash the default 2 MB cache (10^5 findings: 15.6 -> 9.7 s of CPU to record a scan)
    db.pragma('cache_size = -131072');
    const store = new HistoryStore(db);
    store.migrate();
    return store;
  }

  close(): void {
    this.db.close();
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion();
    if (current > MIGRATIONS.length) throw new InputError(`history database schema v${current} is newer than this aispm supports (v${MIGRATIONS.length}); upgrade aispm`);
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  beginScan(targets: ScanTargets[], startedAt: string, id: string = randomUUID()): string {
    this.db
      .prepare('INSERT INTO scans (id, targets_key, targets_json, started_at, status) VALUES (?, ?, ?, ?, ?)')
      .run(id, targetsKey(targets), JSON.stringify(targets), startedAt, 'running');
    return id;
  }

  /**
   * Writes everything about a finished scan in one transaction. A finding's first-seen time is the earliest in the
   * complete scans of the targets the scan was begun with, else its own `firstSeen`, else `finishedAt`. `firstSeen`,
   * when given, must be `this.firstSeen(targets)` read for those same targets; it saves a query per finding.
   */
  completeScan(
    id: string,
    data: { finishedAt: string; findings: Finding[]; coverage: Coverage; summary: InventorySummary; targets?: ScanTargets[]; firstSeen?: ReadonlyMap<string, string> },
  ): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO findings (scan_id, fingerprint, rule_id, type, severity, status, resource_id, suppressed, first_seen, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const remember = this.db.prepare(
      'INSERT INTO first_seen (targets_key, fingerprint, first_seen) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen)',
    );
    const begun = this.targetsKeyOf(id);
    const key = data.targets ? targetsKey(data.targets) : begun;
    const earliest = this.earliestSeen(begun, key, data.firstSeen);
    const counts = { findings: 0, critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0, paths: 0 };
    this.db.transaction(() => {
      for (const f of data.findings) {
        const first = earliest(f.fingerprint) ?? f.firstSeen ?? data.finishedAt;
        const inserted = insert.run(id, f.fingerprint, f.ruleId, f.type, f.severity, f.status, f.resource.id, f.suppressed ? 1 : 0, first, JSON.stringify(f));
        if (inserted.changes && key !== undefined) remember.run(key, f.fingerprint, first);
        counts.findings++;
        if (f.status === 'unknown') counts.unknown++;
        else counts[f.severity]++;
        if (f.type === 'path') counts.paths++;
      }
      if (data.targets) {
        this.db.prepare('UPDATE scans SET targets_key = ?, targets_json = ? WHERE id = ?').run(targetsKey(data.targets), JSON.stringify(data.targets), id);
      }
      const changed = this.db
        .prepare(
          `UPDATE scans SET status = 'complete', finished_at = ?, coverage_json = ?, summary_json = ?, counts_json = ? WHERE id = ? AND status = 'running'`,
        )
        .run(data.finishedAt, JSON.stringify(data.coverage), JSON.stringify(data.summary), JSON.stringify(counts), id);
      if (changed.changes !== 1) throw new Error(`scan ${id} is not running`);
    })();
  }

  private targetsKeyOf(scanId: string): string | undefined {
    return (this.db.prepare('SELECT targets_key FROM scans WHERE id = ?').get(scanId) as { targets_key: string } | undefined)?.targets_key;
  }

  /**
   * The earliest first-seen time of a fingerprint in the complete scans with the targets key a scan was `begun` with:
   * from `known` when it was read for that same key (the key the scan completes with), otherwise one lookup each.
   */
  private earliestSeen(begun: string | undefined, key: string | undefined, known: ReadonlyMap<string, string> | undefined): (fingerprint: string) => string | undefined {
    if (known && begun === key) return (fp) => known.get(fp);
    const one = this.db.prepare('SELECT first_seen FROM first_seen WHERE targets_key = ? AND fingerprint = ?');
    return (fp) => (one.get(begun, fp) as { first_seen: string } | undefined)?.first_seen;
  }

  failScan(id: string, finishedAt: string, error: string): void {
    this.db.prepare(`UPDATE scans SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status = 'running'`).run(finishedAt, error, id);
  }

  /** First time each fingerprint was seen in a complete scan of the same targets. */
  firstSeen(targets: ScanTargets[]): Map<string, string> {
    const rows = this.db.prepare('SELECT fingerprint, first_seen FROM first_seen WHERE targets_key = ?').raw().all(targetsKey(targets)) as [string, string][];
    return new Map(rows);
  }

  listScans(limit = 50): ScanRecord[] {
    return (this.db.prepare('SELECT * FROM scans ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map(toRecord);
  }

  getScan(idOrPrefix: string): ScanRecord | undefined {
    const rows = this.db.prepare('SELECT * FROM scans WHERE id LIKE ? ORDER BY started_at DESC').all(`${idOrPrefix}%`) as Row[];
    if (rows.length > 1) throw new InputError(`scan id prefix "${idOrPrefix}" is ambiguous (${rows.length} scans); give more characters`);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The most recent complete scans of the given targets key, newest first. */
  latestComplete(key: string, limit = 2): ScanRecord[] {
    return (
      this.db.prepare(`SELECT * FROM scans WHERE targets_key = ? AND status = 'complete' ORDER BY finished_at DESC, rowid DESC LIMIT ?`).all(key, limit) as Row[]
    ).map(toRecord);
  }

  latestCompleteAny(limit = 2): ScanRecord[] {
    return (this.db.prepare(`SELECT * FROM scans WHERE status = 'complete' ORDER BY finished_at DESC, rowid DESC LIMIT ?`).all(limit) as Row[]).map(toRecord);
  }

  findings(scanId: string): Finding[] {
    return (this.db.prepare('SELECT json, first_seen FROM findings WHERE scan_id = ? ORDER BY rowid').all(scanId) as StoredFinding[]).map(parseStored);
  }

  /** Fingerprint, severity and status of a scan's findings, in the order findings() returns them. */
  findingStates(scanId: string): FindingState[] {
    return this.db.prepare('SELECT fingerprint, severity, status FROM findings WHERE scan_id = ? ORDER BY rowid').all(scanId) as FindingState[];
  }

  /** The scan's findings with these fingerprints, in the order given (a fingerprint the scan lacks is skipped). */
  findingsWithFingerprints(scanId: string, fingerprints: readonly string[]): Finding[] {
    const one = this.db.prepare('SELECT json, first_seen FROM findings WHERE scan_id = ? AND fingerprint = ?');
    const out: Finding[] = [];
    for (const fp of fingerprints) {
      const row = one.get(scanId, fp) as StoredFinding | undefined;
      if (row) out.push(parseStored(row));
    }
    return out;
  }

  coverage(scanId: string): Coverage | undefined {
    const row = this.db.prepare('SELECT coverage_json FROM scans WHERE id = ?').get(scanId) as { coverage_json: string | null } | undefined;
    return row?.coverage_json ? (JSON.parse(row.coverage_json) as Coverage) : undefined;
  }
}

interface StoredFinding {
  json: string;
  first_seen: string;
}

/** The stored finding with the scan's first-seen time (set in place: the same key order a spread would give). */
function parseStored(row: StoredFinding): Finding {
  const f = JSON.parse(row.json) as Finding;
  f.firstSeen = row.first_seen;
  return f;
}

interface Row {
  id: string;
  targets_key: string;
  targets_json: string;
  started_at: string;
  finished_at: string | null;
  status: ScanStatus;
  error: string | null;
  summary_json: string | null;
  counts_json: string | null;
}

function toRecord(r: Row): ScanRecord {
  return {
    id: r.id,
    targetsKey: r.targets_key,
    targets: JSON.parse(r.targets_json) as ScanTargets[],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    error: r.error,
    summary: r.summary_json ? (JSON.parse(r.summary_json) as InventorySummary) : null,
    counts: r.counts_json ? JSON.parse(r.counts_json) : null,
  };
}
