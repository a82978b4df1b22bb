import { randomBytes } from 'node:crypto';
import type { Storage } from '@google-cloud/storage';
import { batchRequestBody, parseBatchResponse, type BatchedRequest, type PartResponse } from './batch-multipart.js';
import { loadStorageApiError } from './client-modules.js';
import { assertReadOnlyBatch } from './read-only-guard.js';

/** "You should not include more than 100 calls in a single batch request" (https://cloud.google.com/storage/docs/batch). */
export const MAX_BATCH_CALLS = 100;

export type { BatchedRequest };

/** One inner answer: the parsed JSON body, or the error the client would have thrown for the same answer alone. */
export type InnerResult = { ok: true; value: unknown } | { ok: false; error: Error };

interface TeenyResponse {
  statusCode?: number;
  headers?: Record<string, string>;
}

/**
 * Sends Cloud Storage JSON API batch requests (POST /batch/storage/v1) with the official client's authenticated
 * request, `Storage#request`: the same credentials, endpoint, user agent and error objects as its own calls. Every
 * inner request must pass the read-only guard (a GET of a declared read). An inner error answer becomes the
 * ApiError the client builds for that answer alone, so it is classified and reported exactly like a single call.
 */
export class StorageBatch {
  constructor(private readonly storage: Storage) {}

  /** The inner results in request order. Rejects with the client's error when the batch request itself fails or its answer cannot be read. */
  async send(requests: readonly BatchedRequest[]): Promise<InnerResult[]> {
    if (requests.length === 0) return [];
    if (requests.length > MAX_BATCH_CALLS) throw new RangeError(`a Cloud Storage batch may carry at most ${MAX_BATCH_CALLS} calls, got ${requests.length}`);
    assertReadOnlyBatch(requests);
    const boundary = `batch_${randomBytes(12).toString('base64url')}`;
    const idPrefix = randomBytes(8).toString('hex');
    const { body, contentType } = await this.post(batchRequestBody(requests, boundary, idPrefix), boundary);
    return parseBatchResponse(body, contentType, requests.length, idPrefix).map(innerResult);
  }

  private post(body: string, boundary: string): Promise<{ body: string; contentType: string | undefined }> {
    const uri = `${this.storage.apiEndpoint.replace(/\/+$/, '')}/batch/storage/v1`;
    return new Promise((resolve, reject) =>
      this.storage.request({ method: 'POST', uri, body, headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` } }, (err, answer, resp) => {
        if (err) return reject(err);
        const headers = (resp as TeenyResponse | undefined)?.headers ?? {};
        resolve({ body: typeof answer === 'string' ? answer : JSON.stringify(answer ?? ''), contentType: headers['content-type'] });
      }),
    );
  }
}

let storageApiError: ReturnType<typeof loadStorageApiError> | undefined;

/**
 * What the Storage client makes of one HTTP answer (its handleResp): the parsed body, or an ApiError (any `error` in
 * the body, as the client does, then a status outside 2xx). A 2xx answer whose body is not a JSON object is an error
 * too: every call a batch may carry answers an object, and a part cut short or left empty must become a gap, not an
 * empty policy.
 */
function innerResult(part: PartResponse): InnerResult {
  let parsed: unknown = part.body;
  try {
    parsed = JSON.parse(part.body);
  } catch {
    // not JSON: kept as text, as the client does
  }
  const errorBody = (parsed as { error?: unknown } | null)?.error;
  const ApiError = (storageApiError ??= loadStorageApiError());
  const response = { statusCode: part.status, statusMessage: part.statusText, headers: part.headers, body: part.body };
  if (errorBody) return { ok: false, error: Object.assign(new ApiError(errorBody as ConstructorParameters<typeof ApiError>[0]), { response }) };
  if (part.status < 200 || part.status > 299) return { ok: false, error: new ApiError({ errors: [], code: part.status, message: part.statusText, response } as unknown as ConstructorParameters<typeof ApiError>[0]) };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, error: notAnObject(part) };
  return { ok: true, value: parsed };
}

/** A 2xx inner answer without a JSON object: reported with the code UNREADABLE_ANSWER and what the body began with. */
function notAnObject(part: PartResponse): Error {
  const shown = part.body.length > 80 ? `${JSON.stringify(part.body.slice(0, 80))}...` : JSON.stringify(part.body);
  const error = new Error(`the batch response answered this call with HTTP ${part.status} but no JSON object (body: ${shown})`);
  return Object.assign(error, { code: 'UNREADABLE_ANSWER' });
}
