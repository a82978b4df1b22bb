// Opaque page tokens and page-size limits, checked like the real APIs (out of range => the service's validation error).
import { AwsError } from './errors.js';

export interface PageLimits {
  /** page size when the caller gives none */
  default: number;
  max: number;
  min?: number;
}

export function encodeToken(offset: number, salt: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: salt })).toString('base64url');
}

export function decodeToken(token: string | undefined | null, salt: string, invalid: () => AwsError): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.s === salt) return parsed.o;
  } catch {
    // fall through
  }
  throw invalid();
}

export function pageSize(requested: unknown, limits: PageLimits, invalid: (msg: string) => AwsError, name = 'MaxResults'): number {
  if (requested === undefined || requested === null || requested === '') return limits.default;
  const n = Number(requested);
  const min = limits.min ?? 1;
  if (!Number.isInteger(n) || n < min || n > limits.max) {
    throw invalid(`1 validation error detected: Value '${String(requested)}' at '${name}' failed to satisfy constraint: Member must have value between ${min} and ${limits.max}`);
  }
  return n;
}

/** Slices one page; `next` is the token for the following page, undefined on the last. */
export function page<T>(items: readonly T[], offset: number, size: number, salt: string): { items: T[]; next?: string } {
  const slice = items.slice(offset, offset + size);
  const end = offset + slice.length;
  return { items: slice, next: end < items.length ? encodeToken(end, salt) : undefined };
}

export const invalidToken = (code = 'ValidationException') => () => new AwsError(code, 'Invalid pagination token', 400);
