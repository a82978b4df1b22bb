import { ReadOnlyViolationError } from './read-only.js';

export interface ClassifiedError {
  code: string;
  message: string;
  throttling: boolean;
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
]);

/** The AWS error code of a failed SDK call (name, Code, or the HTTP status when the body had none). */
export function classifyError(err: unknown): ClassifiedError {
  if (err instanceof ReadOnlyViolationError) return { code: 'ReadOnlyViolation', message: err.message, throttling: false };
  const e = err as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  let code = e?.Code || e?.name || e?.code || 'Error';
  const status = e?.$metadata?.httpStatusCode;
  if ((code === 'Unknown' || code === 'UnknownError' || code === 'Error') && status) code = status === 403 ? 'AccessDenied' : `HTTP${status}`;
  const message = (e?.message && e.message !== 'UnknownError' ? e.message : '') || code;
  return { code, message, throttling: THROTTLING_CODES.has(code) || status === 429 };
}

export function isAccessDenied(code: string): boolean {
  return /AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden|AuthorizationError/i.test(code);
}
