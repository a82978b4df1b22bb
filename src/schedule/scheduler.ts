import { Cron } from 'croner';
import { InputError } from '../model/errors.js';

export type LogLine = Record<string, unknown> & { event: string };

export interface SchedulerOptions {
  cron: string;
  timezone?: string;
  /** a random delay of up to this many seconds before each run, so many installations do not hit the APIs at once */
  jitterSeconds: number;
  /** the scan; the scheduler never starts it again while a run is still going */
  run: (runNumber: number) => Promise<void>;
  log: (line: LogLine) => void;
  random?: () => number;
  now?: () => Date;
  /** stop after this many runs (tests, --runs) */
  maxRuns?: number;
}

export interface RunningScheduler {
  /** resolves when the scheduler has stopped and any run in progress has finished */
  done: Promise<void>;
  /** stop scheduling; a run in progress finishes first */
  stop(reason: string): void;
  nextRun(): Date | null;
}

export function validateCron(expression: string, timezone?: string): void {
  try {
    new Cron(expression, { timezone, paused: true }).stop();
  } catch (e) {
    throw new InputError(`invalid schedule.cron "${expression}": ${(e as Error).message} (expected a cron expression such as "0 3 * * *")`);
  }
}

/** Runs `run` on a cron schedule with jitter, never overlapping, stopping gracefully. */
export function startScheduler(options: SchedulerOptions): RunningScheduler {
  validateCron(options.cron, options.timezone);
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let runs = 0;
  let stopped = false;
  let jitterTimer: NodeJS.Timeout | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finish = async (reason: string) => {
    if (stopped) return;
    stopped = true;
    job.stop();
    if (jitterTimer) clearTimeout(jitterTimer);
    if (running) {
      options.log({ event: 'schedule.stopping', reason, waitingForRun: true });
      await running.catch(() => undefined);
    }
    options.log({ event: 'schedule.stopped', reason, runs });
    resolveDone();
  };

  const tick = () => {
    if (stopped) return;
    if (running) {
      options.log({ event: 'run.skipped', reason: 'previous run still in progress', at: now().toISOString() });
      return;
    }
    const delayMs = Math.floor(random() * options.jitterSeconds * 1000);
    const runNumber = ++runs;
    // deferred start, so `running` is set before the run can observe the scheduler
    running = Promise.resolve().then(async () => {
      if (delayMs > 0) {
        options.log({ event: 'run.jitter', run: runNumber, delayMs });
        await new Promise<void>((r) => (jitterTimer = setTimeout(r, delayMs)));
        if (stopped) return;
      }
      const started = now();
      options.log({ event: 'run.start', run: runNumber, at: started.toISOString() });
      try {
        await options.run(runNumber);
        options.log({ event: 'run.end', run: runNumber, status: 'ok', durationMs: now().getTime() - started.getTime() });
      } catch (e) {
        options.log({ event: 'run.end', run: runNumber, status: 'error', error: (e as Error).message, durationMs: now().getTime() - started.getTime() });
      }
    }).finally(() => {
      running = undefined;
      if (options.maxRuns !== undefined && runs >= options.maxRuns) void finish('max runs reached');
    });
  };

  const job = new Cron(options.cron, { timezone: options.timezone, protect: false }, tick);
  options.log({ event: 'schedule.start', cron: options.cron, timezone: options.timezone ?? 'local', jitterSeconds: options.jitterSeconds, nextRun: job.nextRun()?.toISOString() ?? null });
  return { done, stop: (reason) => void finish(reason), nextRun: () => job.nextRun() };
}
