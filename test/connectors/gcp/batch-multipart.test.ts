import { describe, expect, it } from 'vitest';
import { batchResponseBody, parseBatchRequest } from '../../../mocks/gcp/batch-multipart.js';
import { BatchResponseError, batchRequestBody, parseBatchResponse } from '../../../src/connectors/gcp/batch-multipart.js';
import { multipartBoundary } from '../../../src/connectors/gcp/multipart.js';

const json = (v: unknown) => JSON.stringify(v);

describe('batch request and response bodies', () => {
  it('writes the documented request: one application/http part per call, with a Content-ID and only the URL path', () => {
    const body = batchRequestBody([{ method: 'GET', path: '/storage/v1/b/a/iam?optionsRequestedPolicyVersion=3' }], 'BOUND', 'id7');
    expect(body).toBe('--BOUND\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <id7+0>\r\n\r\nGET /storage/v1/b/a/iam?optionsRequestedPolicyVersion=3 HTTP/1.1\r\n\r\n--BOUND--\r\n');
    expect(parseBatchRequest(body, 'BOUND')).toEqual([{ method: 'GET', target: '/storage/v1/b/a/iam?optionsRequestedPolicyVersion=3', headers: {}, body: '', contentId: '<id7+0>' }]);
  });

  it('reads the answer in order, status and body per part', () => {
    const parts = [
      { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: json({ bindings: [] }), contentId: '<p+0>' },
      { status: 403, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: json({ error: { code: 403, message: 'denied' } }), contentId: '<p+1>' },
    ];
    const read = parseBatchResponse(batchResponseBody(parts, 'batch_x'), 'multipart/mixed; boundary=batch_x', 2, 'p');
    expect(read.map((r) => [r.status, r.statusText, JSON.parse(r.body)])).toEqual([
      [200, 'OK', { bindings: [] }],
      [403, 'Forbidden', { error: { code: 403, message: 'denied' } }],
    ]);
    expect(read[0].headers['content-type']).toBe('application/json; charset=UTF-8');
  });

  it('accepts a preamble, LF line ends, a quoted boundary and parts without Content-ID', () => {
    const text = 'preamble\n--q b\nContent-Type: application/http\n\nHTTP/1.1 404 Not Found\nContent-Type: application/json\n\n{"error":{"code":404}}\n--q b--\nepilogue';
    expect(multipartBoundary('multipart/mixed; boundary="q b"')).toBe('q b');
    expect(parseBatchResponse(text, 'multipart/mixed; boundary="q b"', 1, 'p')).toEqual([{ status: 404, statusText: 'Not Found', headers: { 'content-type': 'application/json' }, body: '{"error":{"code":404}}' }]);
  });

  it('rejects an answer that is not the documented one: another type, parts missing, out of order, not HTTP', () => {
    const two = batchResponseBody([{ status: 200, headers: {}, body: '{}', contentId: '<p+0>' }, { status: 200, headers: {}, body: '{}', contentId: '<p+1>' }], 'B');
    expect(() => parseBatchResponse('{"kind":"storage#policy"}', 'application/json', 1, 'p')).toThrow(BatchResponseError);
    expect(() => parseBatchResponse(two, 'multipart/mixed; boundary=B', 3, 'p')).toThrow(/expected 3 parts/);
    expect(() => parseBatchResponse(two.replace('<response-p+0>', '<response-p+5>'), 'multipart/mixed; boundary=B', 2, 'p')).toThrow(/Content-ID/);
    expect(() => parseBatchResponse('--B\r\nContent-Type: application/http\r\n\r\n<html>\r\n--B--', 'multipart/mixed; boundary=B', 1, 'p')).toThrow(/not an HTTP response/);
    expect(() => parseBatchResponse('--B\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}', 'multipart/mixed; boundary=B', 1, 'p')).toThrow(/closing delimiter/);
  });
});
