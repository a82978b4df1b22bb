// The wire format of Cloud Storage JSON API batch requests (https://cloud.google.com/storage/docs/batch), server side:
// a multipart/mixed body whose parts are `Content-Type: application/http` with an optional Content-ID, each holding a
// nested HTTP request that names only the URL path; the answer is multipart/mixed with one part per inner request,
// in the same order, each a full HTTP response, `Content-ID: <response-ID>` for a part that had one.

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

export class BatchFormatError extends Error {}

/** The boundary of a multipart/mixed Content-Type header, or undefined when it is not multipart/mixed. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/mixed\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Header block lines ("Name: value") to a lower-cased map. */
function headerMap(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** Splits "head CRLF CRLF body" (LF alone tolerated). */
function splitHead(text: string): { head: string[]; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text.split(/\r?\n/), body: '' };
  return { head: text.slice(0, m.index).split(/\r?\n/), body: text.slice(m.index + m[0].length) };
}

/** The parts of a multipart body (RFC 2046): what lies between the delimiter lines, preamble and epilogue dropped. */
export function multipartParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let at = body.startsWith(delimiter) ? 0 : body.indexOf(`\n${delimiter}`);
  if (at < 0) throw new BatchFormatError(`no part delimiter "${delimiter}" in the body`);
  if (at > 0) at += 1;
  for (;;) {
    const after = at + delimiter.length;
    if (body.startsWith('--', after)) return parts;
    const start = body.indexOf('\n', after);
    if (start < 0) throw new BatchFormatError('a part delimiter ends the body without the closing delimiter');
    const next = body.indexOf(`\n${delimiter}`, start);
    if (next < 0) throw new BatchFormatError(`the body has no closing delimiter "${delimiter}--"`);
    parts.push(body.slice(start + 1, body[next - 1] === '\r' ? next - 1 : next));
    at = next + 1;
  }
}

/** The inner requests of a batch body, in order. */
export function parseBatchRequest(body: string, boundary: string): InnerRequest[] {
  return multipartParts(body, boundary).map((part, i) => {
    const outer = splitHead(part);
    const partHeaders = headerMap(outer.head);
    if (!/^application\/http\b/i.test(partHeaders['content-type'] ?? '')) throw new BatchFormatError(`part ${i + 1}: Content-Type must be application/http, got ${partHeaders['content-type'] ?? 'none'}`);
    const inner = splitHead(outer.body);
    const m = /^([A-Z]+) (\S+)(?: HTTP\/1\.[01])?$/.exec(inner.head[0]?.trim() ?? '');
    if (!m) throw new BatchFormatError(`part ${i + 1}: expected a request line "METHOD /path HTTP/1.1", got "${inner.head[0] ?? ''}"`);
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
