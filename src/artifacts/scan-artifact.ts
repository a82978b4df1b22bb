// Scans one artifact end to end: detect, dispatch, apply limits, and turn what was found into a verdict.
import { ArtifactBudget, LimitReached, TotalBudget } from './budget.js';
import { ScanContext } from './context.js';
import { scanSourceMember } from './scan-member.js';
import { SourceError, type ByteSource } from './sources/types.js';
import { DEFAULT_LIMITS, verdictOf, type ArtifactFormat, type ArtifactLimits, type ArtifactScanResult } from './types.js';

export interface ScanArtifactOptions {
  limits?: Partial<ArtifactLimits>;
  /** share one across the artifacts of a scan so maxTotalBytes applies to all of them */
  total?: TotalBudget;
}

export async function scanArtifact(source: ByteSource, options: ScanArtifactOptions = {}): Promise<ArtifactScanResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const started = Date.now();
  const budget = new ArtifactBudget(limits, options.total ?? new TotalBudget(limits.maxTotalBytes), started);
  const ctx = new ScanContext(budget, limits);
  let format: ArtifactFormat = 'unknown';
  let size: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    size = await source.size();
    const knownSize = size;
    const work = scanSourceMember(source, knownSize, '', ctx, 0);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        budget.aborted = true;
        reject(new LimitReached(`timeout of ${Math.round(limits.timeoutMs / 1000)} s reached`));
      }, Math.max(0, budget.deadline - Date.now()));
    });
    work.catch(() => undefined);
    format = await Promise.race([work, timeout]);
  } catch (e) {
    if (e instanceof LimitReached) ctx.issue({ kind: 'partial', member: '', message: `partially scanned: ${e.message}` });
    else if (e instanceof SourceError) ctx.issue({ kind: 'error', member: '', message: e.message });
    else ctx.issue({ kind: 'error', member: '', offset: undefined, message: `cannot parse: ${(e as Error).message}` });
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (format === 'unknown' && ctx.members.length === 1) format = ctx.members[0].format;
  return {
    uri: source.uri,
    format,
    verdict: verdictOf(ctx.issues),
    ...(size !== undefined ? { size } : {}),
    bytesFetched: source.bytesFetched,
    bytesScanned: budget.scanned,
    durationMs: Date.now() - started,
    members: ctx.members,
    globals: ctx.globals,
    issues: ctx.issues,
  };
}
