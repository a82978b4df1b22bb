import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const EXIT_USAGE = pathToFileURL(fileURLToPath(new URL('../../bench/lib/exit-usage.mjs', import.meta.url))).href;

describe('bench/lib/exit-usage.mjs', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `node --import exit-usage.mjs -e <code>` (the exit code ignored) with the usage file given. */
  const run = (file: string, code: string) => {
    try {
      execFileSync(process.execPath, ['--import', EXIT_USAGE, '-e', code], { env: { ...process.env, AISPM_BENCH_USAGE_FILE: file }, stdio: 'ignore' });
    } catch {
      // the exit code is what the file must show
    }
  };

  it("keeps the first process's usage (the relaunched CLI ends before the process that started it)", () => {
    dir = mkdtempSync(join(tmpdir(), 'aispm-exit-usage-'));
    const file = join(dir, 'usage.json');
    run(file, 'process.exitCode = 3');
    run(file, 'process.exitCode = 0');
    const usage = JSON.parse(readFileSync(file, 'utf8')) as { exitCode: number; peakRssMiB: number; cpuSeconds: number };
    expect(usage.exitCode).toBe(3);
    expect(usage.peakRssMiB).toBeGreaterThan(0);
    expect(usage.cpuSeconds).toBeGreaterThan(0);
  });
});
