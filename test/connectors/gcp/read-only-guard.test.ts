import { describe, expect, it } from 'vitest';
import { assertReadOnlyBatch, ReadOnlyViolation } from '../../../src/connectors/gcp/read-only-guard.js';

describe('assertReadOnlyBatch', () => {
  const iam = (bucket: string) => ({ method: 'GET', path: `/storage/v1/b/${bucket}/iam?optionsRequestedPolicyVersion=3` });

  it('lets GETs of declared reads through', () => {
    expect(() => assertReadOnlyBatch([iam('bk-000'), iam(encodeURIComponent('a b\r\nc'))])).not.toThrow();
  });

  it('refuses a path that would end the inner request line and add to the inner request (a header, a body)', () => {
    const injected = [
      '/storage/v1/b/bk-000/iam?v=3 HTTP/1.1\r\nX-HTTP-Method-Override: DELETE\r\n',
      '/storage/v1/b/bk-000/iam?v=3\nX-HTTP-Method-Override: DELETE',
      '/storage/v1/b/bk-000/iam?v=3 DELETE',
      '/storage/v1/b/bk\u0000/iam',
    ];
    for (const path of injected) expect(() => assertReadOnlyBatch([{ method: 'GET', path }]), JSON.stringify(path)).toThrow(ReadOnlyViolation);
  });
});
