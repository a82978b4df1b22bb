/**
 * The wire format of Cloud Storage JSON API batch requests (https://cloud.google.com/storage/docs/batch), client side:
 * the request is multipart/mixed, each part `Content-Type: application/http` with a Content-ID and a nested request
 * that names only the URL path; the answer is multipart/mixed with one full HTTP response per part, in the same order,
 * with `Content-ID: <response-ID>`.
 */

import { headerMap, MultipartFormatError, multipartBoundary, multipartParts, splitHead } from './multipart.js';

export interface BatchedRequest {
  method: string;
  /** path and query of a JSON API call, e.g. /storage/v1/b/NAME/iam?optionsRequestedPolicyVersion=3 */
  path: string;
}

export interface PartResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

/** The response could not be read as the documented batch answer (wrong type, parts missing, out of order). */
export class BatchResponseError extends Error {
  override name = 'BatchResponseError';
}

/** The multipart/mixed body of a batch (requests without a body); part i has Content-ID <idPrefix+i>. */
export function batchRequestBody(requests: readonly BatchedRequest[], boundary: string, idPrefix: string): string {
  let out = '';
  for (let i = 0; i < requests.length; i++) {
    out += `--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${idPrefix}+${i}>\r\n\r\n${requests[i].method} ${requests[i].path} HTTP/1.1\r\n\r\n`;
  }
  return `${out}--${boundary}--\r\n`;
}

/**
 * The inner responses of a batch answer, in request order. Every part must be an HTTP response; when parts carry a
 * Content-ID it must be the one of the request at that position.
 */
export function parseBatchResponse(body: string, contentType: string | undefined, expected: number, idPrefix: string): PartResponse[] {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new BatchResponseError(`expected a multipart/mixed batch response, got Content-Type ${contentType ?? 'none'}`);
  const parts = responseParts(body, boundary);
  if (parts.length !== expected) throw new BatchResponseError(`expected ${expected} parts in the batch response, got ${parts.length}`);
  return parts.map((part, i) => {
    const outer = splitHead(part);
    const id = headerMap(outer.head)['content-id'];
    if (id !== undefined && id.replace(/^<|>$/g, '') !== `response-${idPrefix}+${i}`) throw new BatchResponseError(`part ${i + 1} of the batch response has Content-ID ${id}, expected <response-${idPrefix}+${i}>`);
    const http = splitHead(outer.body);
    const statusLine = http.head[0].trim();
    const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new BatchResponseError(`part ${i + 1} of the batch response is not an HTTP response: "${statusLine.slice(0, 80)}"`);
    return { status: Number(m[1]), statusText: m[2] ?? '', headers: headerMap(http.head.slice(1)), body: http.body.replace(/\r?\n$/, '') };
  });
}

function responseParts(body: string, boundary: string): string[] {
  try {
    return multipartParts(body, boundary);
  } catch (err) {
    if (err instanceof MultipartFormatError) throw new BatchResponseError(`the batch response has ${err.message}`);
    throw err;
  }
}
