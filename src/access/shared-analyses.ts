import type { BucketAnalysis } from './display.js';

/**
 * Bucket analyses shared by the buckets that have the same access inputs. A bucket's access depends only on its
 * policies, ACLs, settings, owner and gaps (see `gcsAccessKey`, `s3AccessKey`), and the buckets of an account or project
 * are mostly made from a few templates: the analysis runs once per distinct input, and the buckets share its result,
 * frozen so that a change fails instead of reaching other buckets. A bucket without a key is analyzed on its own.
 */
export class SharedAnalyses {
  private readonly byKey = new Map<string, BucketAnalysis>();

  of(key: string | undefined, analyze: () => BucketAnalysis): BucketAnalysis {
    if (key === undefined) return analyze();
    let a = this.byKey.get(key);
    if (!a) {
      a = analyze();
      deepFreeze(a.access);
      deepFreeze(a.gaps);
      this.byKey.set(key, a);
    }
    return a;
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
