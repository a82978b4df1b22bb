import type { ArtifactLimits } from './types.js';

/** Thrown when a scan reaches a limit; the artifact is reported `partial`, never clean. */
export class LimitReached extends Error {
  override name = 'LimitReached';
}

/** Bytes shared by every artifact of one scan. */
export class TotalBudget {
  used = 0;
  constructor(readonly max: number) {}
}

/** Per-artifact accounting of bytes read and time spent. */
export class ArtifactBudget {
  scanned = 0;
  readonly deadline: number;
  aborted = false;
  constructor(
    readonly limits: ArtifactLimits,
    readonly total: TotalBudget,
    now = Date.now(),
  ) {
    this.deadline = now + limits.timeoutMs;
  }

  /** Accounts n more bytes; throws LimitReached past any limit. */
  take(n: number): void {
    this.scanned += n;
    this.total.used += n;
    if (this.scanned > this.limits.maxBytesPerArtifact) throw new LimitReached(`artifact exceeds the per-artifact limit of ${this.limits.maxBytesPerArtifact} bytes`);
    if (this.total.used > this.total.max) throw new LimitReached(`scan exceeds the total limit of ${this.total.max} bytes`);
    this.check();
  }

  check(): void {
    if (this.aborted || Date.now() > this.deadline) {
      this.aborted = true;
      throw new LimitReached(`timeout of ${Math.round(this.limits.timeoutMs / 1000)} s reached`);
    }
  }
}
