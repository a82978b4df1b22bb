/** Connectors report progress through this; the CLI renders it (a bar on a TTY, nothing otherwise). */
export interface Progress {
  /** A unit of work (a service in a region) begins; total is the expected item count when known. */
  start(task: string, total?: number): void;
  /** Items finished for a task; total may grow as pages arrive. */
  advance(task: string, done: number, total?: number): void;
  finish(task: string): void;
  /** A one-line note (e.g. a gap or a throttle) the renderer may show. */
  note(message: string): void;
}

export const silentProgress: Progress = { start() {}, advance() {}, finish() {}, note() {} };
