import { permissionOf } from './api-calls.js';
import type { GcpCollectContext } from './context.js';
import type { ServiceTally } from './coverage.js';
import { classifyGcpError, type ClassifiedError } from './errors.js';
import { known, unknownBecause, type Read } from './map/read.js';
import { ReadOnlyViolation } from './read-only-guard.js';
import type { BucketIamPolicy, StorageReads } from './storage-reads.js';

const REQUESTED_POLICY_VERSION = 3;

/** The outer answer of a batch request that shows the endpoint does not serve batches (an emulator or proxy without them). */
const UNSUPPORTED_STATUS = new Set([400, 404, 405, 501]);

/**
 * buckets.getIamPolicy of up to 100 listed buckets in one batch request (paced to the project's call rate; each inner
 * call counts as a call in coverage, as in Google's quota). Per bucket: a policy; an inner error that is retryable
 * (429, 5xx) is retried as a single call within the scan's retry budget; any other error, or one still failing, is
 * the same coverage failure and `iamPolicy` gap as a failed single call. When the batch request itself fails, the
 * buckets are read with single calls; when the endpoint does not serve batches, later buckets are too.
 */
export async function readIamPolicies(ctx: GcpCollectContext, tally: ServiceTally, reads: StorageReads, names: readonly string[]): Promise<Read<BucketIamPolicy>[]> {
  const single = (name: string, firstAttempt = 1) => settle(ctx, tally, name, ctx.call(tally, () => reads.getIamPolicy(name, REQUESTED_POLICY_VERSION), firstAttempt));
  const disabled = ctx.disabledError(tally);
  if (ctx.batchesUnsupported || disabled || names.length === 1) return Promise.all(names.map((n) => single(n)));

  let answers;
  try {
    answers = await ctx.paced(tally, names.length, () => reads.getIamPolicies(names, REQUESTED_POLICY_VERSION));
  } catch (err) {
    if (err instanceof ReadOnlyViolation) throw err;
    noteBatchFailure(ctx, tally, err);
    return Promise.all(names.map((n) => single(n)));
  }
  return Promise.all(
    answers.map(async (answer, i) => {
      tally.calls++;
      if (answer.ok) return known(answer.value as BucketIamPolicy);
      const error = classifyGcpError(answer.error);
      ctx.noteFailure(tally, error);
      if (await ctx.caller.retryAfter(tally, error, 1)) return single(names[i], 2);
      return failed(ctx, tally, names[i], error);
    }),
  );
}

async function settle(ctx: GcpCollectContext, tally: ServiceTally, name: string, outcome: ReturnType<GcpCollectContext['call']>): Promise<Read<BucketIamPolicy>> {
  const out = await outcome;
  return out.ok ? known(out.value as BucketIamPolicy) : failed(ctx, tally, name, out.error);
}

function failed(ctx: GcpCollectContext, tally: ServiceTally, name: string, error: ClassifiedError): Read<BucketIamPolicy> {
  return unknownBecause(ctx.fail(tally, { operation: 'buckets.getIamPolicy', permission: permissionOf('Bucket.iam', 'getPolicy'), resourceId: `gs://${name}`, fields: ['iamPolicy'], error }));
}

/** A batch request that failed as a whole: its buckets get single calls; an endpoint without batches is recorded once. */
function noteBatchFailure(ctx: GcpCollectContext, tally: ServiceTally, err: unknown): void {
  const error = classifyGcpError(err);
  const status = (err as { code?: unknown }).code;
  const unreadable = (err as Error).name === 'BatchResponseError';
  if (ctx.batchesUnsupported || !(unreadable || (typeof status === 'number' && UNSUPPORTED_STATUS.has(status)))) return;
  ctx.batchesUnsupported = `batch requests not served (${unreadable ? error.message : error.code}): single buckets.getIamPolicy calls`;
  tally.notes.push(ctx.batchesUnsupported);
  ctx.progress.note(`gcp ${tally.project} global storage: ${ctx.batchesUnsupported}`);
}
