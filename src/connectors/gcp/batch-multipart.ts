/**
 * The wire format of Cloud Storage JSON API batch requests (https://cloud.google.com/storage/docs/batch), client side:
 * the request is multipart/mixed, each part `Content-Type: application/http` with a Content-ID and a nested request
 * that names only the URL path; the answer is multipart/mixed with one full HTTP response per part, in the same order,
 * with `Content-ID: <response-ID>`.
 */

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

/** The boundary of a multipart/mixed Content-Type, or undefined when the type is something else. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/mixed\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function headerMap(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** "head CRLF CRLF rest" (LF alone tolerated); the rest is empty when there is no blank line. */
function splitAtBlankLine(text: string): [string, string] {
  const crlf = text.indexOf('\r\n\r\n');
  if (crlf >= 0) return [text.slice(0, crlf), text.slice(crlf + 4)];
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

/** The body parts of a multipart entity (RFC 2046), without preamble and epilogue. */
function bodyParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let at = body.startsWith(delimiter) ? 0 : body.indexOf(`\n${delimiter}`) + 1;
  if (at === 0 && !body.startsWith(delimiter)) throw new BatchResponseError(`no part delimiter "${delimiter}" in the response`);
  for (;;) {
    const after = at + delimiter.length;
    if (body.startsWith('--', after)) return parts;
    const start = body.indexOf('\n', after);
    const next = start < 0 ? -1 : body.indexOf(`\n${delimiter}`, start);
    if (next < 0) throw new BatchResponseError(`the response ends without the closing delimiter "${delimiter}--"`);
    parts.push(body.slice(start + 1, body[next - 1] === '\r' ? next - 1 : next));
    at = next + 1;
  }
}

/**
 * The inner responses of a batch answer, in request order. Every part must be an HTTP response; when parts carry a
 * Content-ID it must be the one of the request at that position.
 */
export function parseBatchResponse(body: string, contentType: string | undefined, expected: number, idPrefix: string): PartResponse[] {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new BatchResponseError(`expected a multipart/mixed batch response, got Content-Type ${contentType ?? 'none'}`);
  const parts = bodyParts(body, boundary);
  if (parts.length !== expected) throw new BatchResponseError(`expected ${expected} parts in the batch response, got ${parts.length}`);
  return parts.map((part, i) => {
    const [partHead, http] = splitAtBlankLine(part);
    const id = headerMap(partHead)['content-id'];
    if (id !== undefined && id.replace(/^<|>$/g, '') !== `response-${idPrefix}+${i}`) throw new BatchResponseError(`part ${i + 1} of the batch response has Content-ID ${id}, expected <response-${idPrefix}+${i}>`);
    const [head, rest] = splitAtBlankLine(http);
    const newline = head.indexOf('\n');
    const statusLine = (newline < 0 ? head : head.slice(0, newline)).trim();
    const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new BatchResponseError(`part ${i + 1} of the batch response is not an HTTP response: "${statusLine.slice(0, 80)}"`);
    return { status: Number(m[1]), statusText: m[2] ?? '', headers: newline < 0 ? {} : headerMap(head.slice(newline + 1)), body: rest.replace(/\r?\n$/, '') };
  });
}
