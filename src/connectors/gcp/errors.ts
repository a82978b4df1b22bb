/**
 * Classifies errors from the Google clients: gRPC status codes (google-gax) and JSON API errors
 * (@google-cloud/storage ApiError with the HTTP status in `code` and `errors[].reason`).
 */
export type GcpErrorKind = 'permission-denied' | 'api-disabled' | 'unauthenticated' | 'not-found' | 'throttled' | 'unavailable' | 'invalid' | 'other';

export interface ClassifiedError {
  kind: GcpErrorKind;
  /** e.g. "PERMISSION_DENIED", "SERVICE_DISABLED", "403 forbidden", "RESOURCE_EXHAUSTED" */
  code: string;
  message: string;
  retryable: boolean;
}

const GRPC_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  15: 'DATA_LOSS',
  16: 'UNAUTHENTICATED',
};

const DISABLED_TEXT = /SERVICE_DISABLED|accessNotConfigured|has not been used in project|is disabled|API .* not enabled/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  details?: unknown;
  reason?: unknown;
  errors?: Array<{ reason?: string; message?: string }>;
  response?: { status?: number };
  statusDetails?: Array<{ reason?: string }>;
}

function isGrpcError(e: ErrorLike): boolean {
  // gax errors carry a gRPC status code (0-16); JSON API errors carry an HTTP status (>= 100).
  return typeof e.code === 'number' && e.code >= 0 && e.code <= 16;
}

export function classifyGcpError(err: unknown): ClassifiedError {
  const e = (err ?? {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const text = `${message} ${typeof e.details === 'string' ? e.details : ''} ${typeof e.reason === 'string' ? e.reason : ''} ${JSON.stringify(e.statusDetails ?? [])}`;
  if (isGrpcError(e)) {
    const code = e.code as number;
    const name = GRPC_NAMES[code] ?? `GRPC_${code}`;
    if (code === 7) return DISABLED_TEXT.test(text) ? { kind: 'api-disabled', code: 'SERVICE_DISABLED', message, retryable: false } : { kind: 'permission-denied', code: name, message, retryable: false };
    if (code === 16) return { kind: 'unauthenticated', code: name, message, retryable: false };
    if (code === 5) return { kind: 'not-found', code: name, message, retryable: false };
    if (code === 8) return { kind: 'throttled', code: name, message, retryable: true };
    if (code === 14 || code === 4) return { kind: 'unavailable', code: name, message, retryable: true };
    if (code === 3 || code === 9) return { kind: 'invalid', code: name, message, retryable: false };
    return { kind: 'other', code: name, message, retryable: false };
  }
  const status = typeof e.code === 'number' ? e.code : typeof e.response?.status === 'number' ? e.response.status : undefined;
  const reason = e.errors?.find((x) => x.reason)?.reason;
  const code = status === undefined ? (typeof e.code === 'string' ? e.code : 'ERROR') : `${status}${reason ? ` ${reason}` : ''}`;
  if (status === 403) {
    const disabled = DISABLED_TEXT.test(`${text} ${reason ?? ''}`);
    return { kind: disabled ? 'api-disabled' : 'permission-denied', code, message, retryable: false };
  }
  if (status === 401) return { kind: 'unauthenticated', code, message, retryable: false };
  if (status === 404) return { kind: 'not-found', code, message, retryable: false };
  if (status === 429) return { kind: 'throttled', code, message, retryable: true };
  if (status === 500 || status === 502 || status === 503 || status === 504) return { kind: 'unavailable', code, message, retryable: true };
  if (status === 400) return { kind: 'invalid', code, message, retryable: false };
  // connection resets and refused connections surface as Node system errors
  if (typeof e.code === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN)$/.test(e.code)) return { kind: 'unavailable', code: e.code, message, retryable: true };
  return { kind: 'other', code, message, retryable: false };
}

/** The short reason written into a gap: what failed, which call, and the permission it needs. */
export function gapReason(c: ClassifiedError, operation: string, permission?: string): string {
  const what = c.kind === 'api-disabled' ? 'API disabled' : c.kind === 'permission-denied' ? 'permission denied' : c.kind === 'throttled' ? 'throttled after retries' : c.kind === 'unavailable' ? 'unavailable after retries' : c.code;
  return `${what}: ${operation}${permission ? ` (needs ${permission})` : ''}`;
}
