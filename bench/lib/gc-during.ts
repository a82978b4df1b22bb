import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

/** Garbage collection on the main thread while a synchronous piece of work ran, attributed to its stages. */
export interface GcDuring {
  scavenges: number;
  scavengeS: number;
  /** full (mark-compact) collections, each with its pause and the stage it fell in */
  full: { stage: string; pauseS: number }[];
}

/**
 * Records V8's collections (Node's `gc` performance entries) from `start()`; `stage(name)` marks where a stage ended,
 * `finish()` (after the work, awaited: entries are delivered on a later tick) attributes each full collection to the
 * stage it fell in. The evaluation's time depends on whether V8 runs a full collection in it and where (its marking
 * is mostly one pause at 10^6 resources), so each run says which happened.
 */
export class GcRecorder {
  private readonly entries: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver((list) => this.entries.push(...list.getEntries()));
  private readonly stageEnds: [string, number][] = [];
  private startedAt = 0;

  start(): void {
    this.observer.observe({ entryTypes: ['gc'] });
    this.startedAt = performance.now();
  }

  stage(name: string): void {
    this.stageEnds.push([name, performance.now()]);
  }

  async finish(): Promise<GcDuring> {
    const endedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.observer.disconnect();
    const out: GcDuring = { scavenges: 0, scavengeS: 0, full: [] };
    for (const e of this.entries) {
      if (e.startTime < this.startedAt || e.startTime > endedAt) continue;
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        out.scavenges++;
        out.scavengeS += e.duration / 1000;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        out.full.push({ stage: this.stageAt(e.startTime), pauseS: round(e.duration / 1000) });
      }
    }
    out.scavengeS = round(out.scavengeS);
    return out;
  }

  private stageAt(t: number): string {
    for (const [name, end] of this.stageEnds) if (t <= end) return name;
    return 'after the stages';
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
