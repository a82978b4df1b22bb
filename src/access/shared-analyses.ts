import type { BucketAnalysis } from './display.js';

/**
 * Bucket analyses shared by the buckets that have the same access inputs. A bucket's access depends only on its
 * policies, ACLs, settings, owner and gaps (see `gcsAccessKey`, `s3AccessKey`), and the buckets of an account or project
 * are mostly made from a few templates: the analysis runs once per distinct input, and the buckets share its result,
 * frozen so that a change fails instead of reaching other buckets. A bucket without a key is analyzed on its own.
 */
export class SharedAnalyses {
  private readonly byKey = new Map<string, BucketAnalysis>();

  /** The analysis of buckets with this key, if one was kept. */
  get(key: string | undefined): BucketAnalysis | undefined {
    return key === undefined ? undefined : this.byKey.get(key);
  }

  /** Keeps (and freezes) the analysis of buckets with this key; returns it. */
  keep(key: string | undefined, a: BucketAnalysis): BucketAnalysis {
    if (key === undefined) return a;
    deepFreeze(a.access);
    deepFreeze(a.gaps);
    this.byKey.set(key, a);
    return a;
  }
}

/** Freezes a value and what it holds; a value already frozen (shared evidence, the reader's values) is left as it is. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
}
