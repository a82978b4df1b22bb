import cliProgress from 'cli-progress';
import type { Writable } from 'node:stream';
import { silentProgress, type Progress } from '../connectors/progress.js';

/**
 * Renders connector progress as one bar per task (a service in a region) on a TTY; elsewhere nothing, so logs and
 * pipes stay clean. Notes (calls still failing after retries, stopped collectors) are printed once each, below the
 * bars when they stop, so they never interleave with a redraw.
 */
export function progressRenderer(stream: Writable & { isTTY?: boolean }, enabled = !!stream.isTTY): Progress & { stop(): void } {
  if (!enabled) return { ...silentProgress, stop() {} };
  const multi = new cliProgress.MultiBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: ' {task} [{bar}] {value}/{total}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      forceRedraw: false,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const notes = new Set<string>();
  const task = (name: string) => name.padEnd(24);
  return {
    start(name, total) {
      const bar = bars.get(name);
      if (bar) {
        if (total !== undefined) bar.setTotal(total);
        return;
      }
      bars.set(name, multi.create(total ?? 0, 0, { task: task(name) }));
    },
    advance(name, done, total) {
      const bar = bars.get(name);
      if (!bar) return;
      if (total !== undefined && total !== bar.getTotal()) bar.setTotal(total);
      bar.update(done, { task: task(name) });
    },
    finish(name) {
      const bar = bars.get(name);
      if (bar) bar.update(bar.getTotal(), { task: task(name) });
    },
    note(message) {
      notes.add(message);
    },
    stop() {
      multi.stop();
      for (const message of notes) stream.write(`aispm: ${message}\n`);
      notes.clear();
    },
  };
}
