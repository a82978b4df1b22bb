// The wire format of Cloud Storage JSON API batch requests (https://cloud.google.com/storage/docs/batch), server side:
// a multipart/mixed body whose parts are `Content-Type: application/http` with an optional Content-ID, each holding a
// nested HTTP request that names only the URL path; the answer is multipart/mixed with one part per inner request,
// in the same order, each a full HTTP response, `Content-ID: <response-ID>` for a part that had one.

import { headerMap, MultipartFormatError, multipartParts, splitHead } from '../../src/connectors/gcp/multipart.js';

export interface InnerRequest {
  method: string;
  /** path and query, as written in the request line */
  target: string;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

export interface InnerResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

/** The inner requests of a batch body, in order. */
export function parseBatchRequest(body: string, boundary: string): InnerRequest[] {
  return multipartParts(body, boundary).map((part, i) => {
    const outer = splitHead(part);
    const partHeaders = headerMap(outer.head);
    if (!/^application\/http\b/i.test(partHeaders['content-type'] ?? '')) throw new MultipartFormatError(`part ${i + 1}: Content-Type must be application/http, got ${partHeaders['content-type'] ?? 'none'}`);
    const inner = splitHead(outer.body);
    const m = /^([A-Z]+) (\S+)(?: HTTP\/1\.[01])?$/.exec(inner.head[0]?.trim() ?? '');
    if (!m) throw new MultipartFormatError(`part ${i + 1}: expected a request line "METHOD /path HTTP/1.1", got "${inner.head[0] ?? ''}"`);
    const contentId = partHeaders['content-id'];
    return { method: m[1], target: m[2], headers: headerMap(inner.head.slice(1)), body: inner.body, ...(contentId ? { contentId } : {}) };
  });
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** A request's Content-ID "<x>" answered as "<response-x>". */
const responseId = (contentId: string) => `<response-${contentId.replace(/^<|>$/g, '')}>`;

/** The multipart/mixed body answering a batch, one part per inner response in order. */
export function batchResponseBody(responses: InnerResponse[], boundary: string): string {
  const out: string[] = [];
  for (const r of responses) {
    out.push(`--${boundary}\r\nContent-Type: application/http\r\n${r.contentId ? `Content-ID: ${responseId(r.contentId)}\r\n` : ''}\r\n`);
    out.push(`HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? ''}\r\n`);
    for (const [k, v] of Object.entries(r.headers)) out.push(`${k}: ${v}\r\n`);
    out.push(`\r\n${r.body}\r\n`);
  }
  out.push(`--${boundary}--\r\n`);
  return out.join('');
}
