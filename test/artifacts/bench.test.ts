// bench:artifacts at a tiny size: it runs and reports every row with the right structure (no timing assertions).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../bench/artifacts.ts', import.meta.url));

describe('bench:artifacts (tiny)', () => {
  it('reports pickle, scan-model, tar.gz and mock-S3 zip rows as JSON', async () => {
    // exit code 1 only means a target was not met (timing on a loaded machine is not asserted here)
    const out = await run(process.execPath, ['--import', 'tsx', script, '--pickle-mb', '1', '--targz-mb', '1', '--zip-gb', '0.01', '--json'], { maxBuffer: 1 << 20, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }).catch((e: { stdout: string; code: number }) => {
      if (e.code !== 1) throw e;
      return e;
    });
    const report = JSON.parse(out.stdout) as { machine: string; rows: Record<string, unknown>[] };
    expect(report.machine).toMatch(/cores/);
    const names = report.rows.map((r) => String(r.bench));
    for (const prefix of ['pickle walk in memory: op-dense', 'pickle walk in memory: scikit-learn', 'pickle walk in memory: PyTorch data.pkl', 'pickle walk in memory: inline numpy', 'scan-model file: op-dense', 'scan-model file: scikit-learn', 'scan-model file: model.tar.gz', 'PyTorch zip in mock S3']) {
      expect(names.some((n) => n.startsWith(prefix)), prefix).toBe(true);
    }
    for (const row of report.rows) {
      expect(typeof row.ok).toBe('boolean');
      expect(Number.isFinite(row.ms)).toBe(true);
      if (row.fetchedPct === undefined) {
        expect(row['MB/s']).toBeGreaterThan(0);
        expect(row['cpuMB/s']).toBeGreaterThan(0);
      } else expect(row.fetchedBytes).toBeGreaterThan(0);
      if (row.verdict !== undefined) expect(row.verdict).toBe('clean');
    }
  }, 120_000);
});
