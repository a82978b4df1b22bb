import { describe, expect, it } from 'vitest';
import { benchAll } from '../../bench/index.js';
import { CHROMIUM } from '../helpers/browser.js';

// npm run bench at tiny sizes: the scripts run in their own processes and land in the one table. collect, eval and report have
// their own tests (collect.test.ts, eval.test.ts, report.test.ts); this one runs the others. No timing assertions: a "met?" of no is a
// result, not a test failure.
describe('npm run bench at tiny sizes', () => {
  it('runs every benchmark and reports each row with a target', async () => {
    const sizes = { awsBuckets: 8, awsJobs: 3, gcpBuckets: 8, gcpJobs: 4, latencyMs: 0, evalResources: 200, pathNodes: 2_000, pickleMb: 1, zipGb: 0.01, htmlFindings: 40, htmlResources: 20, reportResources: 100 };
    const rows = await benchAll(sizes, () => {}, ['paths', 'artifacts', 'html']);
    const failed = rows.filter((r) => r.metric === 'run' && (CHROMIUM || !r.bench.startsWith('html')));
    expect(failed).toEqual([]);
    for (const bench of ['paths', 'artifacts', ...(CHROMIUM ? ['html'] : [])]) expect(rows.some((r) => r.bench.startsWith(bench))).toBe(true);
    for (const r of rows) expect(r.target).not.toBe('');
    expect(rows.some((r) => r.bench.startsWith('collect'))).toBe(false);
    expect(rows.find((r) => r.metric === 'planted poisoning routes found')?.met).toBe(true);
  }, 180_000);
});
