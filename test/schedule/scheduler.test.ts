import { describe, expect, it } from 'vitest';
import { startScheduler, validateCron, type LogLine } from '../../src/schedule/scheduler.js';

describe('scheduler', () => {
  it('rejects a bad cron expression with a clear message', () => {
    expect(() => validateCron('every day')).toThrow(/invalid schedule\.cron "every day".*expected a cron expression/);
  });

  it('runs on the schedule, never overlaps a run still going, and logs structured lines', async () => {
    const logs: LogLine[] = [];
    let active = 0;
    let maxActive = 0;
    const s = startScheduler({
      cron: '* * * * * *',
      jitterSeconds: 0,
      maxRuns: 2,
      log: (l) => logs.push(l),
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 2200)); // longer than the 1 s period
        active--;
      },
    });
    await s.done;
    expect(maxActive).toBe(1);
    expect(logs.filter((l) => l.event === 'run.start')).toHaveLength(2);
    expect(logs.some((l) => l.event === 'run.skipped')).toBe(true);
    expect(logs.at(-1)).toMatchObject({ event: 'schedule.stopped', runs: 2 });
  }, 15_000);

  it('stops gracefully: waits for the run in progress, then schedules nothing more', async () => {
    const logs: LogLine[] = [];
    let finished = 0;
    const s = startScheduler({
      cron: '* * * * * *',
      jitterSeconds: 0,
      log: (l) => logs.push(l),
      run: async () => {
        s.stop('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
        finished++;
      },
    });
    await s.done;
    expect(finished).toBe(1);
    expect(logs.map((l) => l.event)).toContain('schedule.stopping');
    await new Promise((r) => setTimeout(r, 1200));
    expect(finished).toBe(1);
  }, 10_000);

  it('applies jitter before a run', async () => {
    const logs: LogLine[] = [];
    const s = startScheduler({ cron: '* * * * * *', jitterSeconds: 1, random: () => 0.25, maxRuns: 1, log: (l) => logs.push(l), run: async () => {} });
    await s.done;
    expect(logs.find((l) => l.event === 'run.jitter')).toMatchObject({ delayMs: 250 });
  }, 10_000);
});
