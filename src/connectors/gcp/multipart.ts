/**
 * multipart/mixed entities (RFC 2046) and the HTTP messages inside them, as Cloud Storage batch requests and their
 * answers carry them (https://cloud.google.com/storage/docs/batch). Used by the batch client and by the mock cloud's
 * batch endpoint. CRLF line ends, LF alone tolerated.
 */

/** The text is not the multipart entity it claims to be. */
export class MultipartFormatError extends Error {}

/** The boundary of a multipart/mixed Content-Type, or undefined when the type is something else. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/mixed\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The body parts of a multipart entity: what lies between the delimiter lines, preamble and epilogue dropped. */
export function multipartParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let at = body.startsWith(delimiter) ? 0 : body.indexOf(`\n${delimiter}`);
  if (at < 0) throw new MultipartFormatError(`no part delimiter "${delimiter}"`);
  if (at > 0) at += 1;
  for (;;) {
    const after = at + delimiter.length;
    if (body.startsWith('--', after)) return parts;
    const start = body.indexOf('\n', after);
    const next = start < 0 ? -1 : body.indexOf(`\n${delimiter}`, start);
    if (next < 0) throw new MultipartFormatError(`no closing delimiter "${delimiter}--"`);
    parts.push(body.slice(start + 1, body[next - 1] === '\r' ? next - 1 : next));
    at = next + 1;
  }
}

/** "head, blank line, body": the head's lines and the body (empty when there is no blank line). */
export function splitHead(text: string): { head: string[]; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text.split(/\r?\n/), body: '' };
  return { head: text.slice(0, m.index).split(/\r?\n/), body: text.slice(m.index + m[0].length) };
}

/** Header lines ("Name: value") as a map with lower-cased names. */
export function headerMap(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}
