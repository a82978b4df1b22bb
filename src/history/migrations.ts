/** Schema migrations, applied in order; the database's user_version is the number applied. Never edit a shipped one. */
export const MIGRATIONS: string[] = [
  `CREATE TABLE scans (
     id TEXT PRIMARY KEY,
     targets_key TEXT NOT NULL,
     targets_json TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
     error TEXT,
     coverage_json TEXT,
     summary_json TEXT
   );
   CREATE INDEX scans_targets ON scans (targets_key, status, finished_at);
   CREATE TABLE findings (
     scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
     fingerprint TEXT NOT NULL,
     rule_id TEXT NOT NULL,
     type TEXT NOT NULL,
     severity TEXT NOT NULL,
     status TEXT NOT NULL,
     resource_id TEXT NOT NULL,
     first_seen TEXT NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (scan_id, fingerprint)
   );
   CREATE INDEX findings_fingerprint ON findings (fingerprint);`,
  `ALTER TABLE scans ADD COLUMN counts_json TEXT;
   ALTER TABLE findings ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0;`,
  // the earliest first-seen time per targets key and fingerprint, kept as scans complete, so reading it does not grow
  // with the number of scans recorded
  `CREATE TABLE first_seen (
     targets_key TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     first_seen TEXT NOT NULL,
     PRIMARY KEY (targets_key, fingerprint)
   ) WITHOUT ROWID;
   INSERT INTO first_seen (targets_key, fingerprint, first_seen)
     SELECT s.targets_key, f.fingerprint, MIN(f.first_seen) FROM findings f JOIN scans s ON s.id = f.scan_id
     WHERE s.status = 'complete' GROUP BY s.targets_key, f.fingerprint;`,
];
