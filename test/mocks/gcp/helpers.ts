// Real Google clients pointed at the mock: a project id and a pass-through auth client (no credential discovery,
// no metadata-server probe), plaintext gRPC, and Storage with retries that cost no wall time.
import { Storage } from '@google-cloud/storage';
import { grpc } from 'google-gax';
import { PassThroughClient } from 'google-auth-library';
import type { GcpMockHandle } from '../../../mocks/gcp/start.js';

export function grpcOptions(endpoint: string) {
  const i = endpoint.lastIndexOf(':');
  return {
    apiEndpoint: endpoint.slice(0, i),
    port: Number(endpoint.slice(i + 1)),
    sslCreds: grpc.credentials.createInsecure(),
    authClient: new PassThroughClient() as any,
    projectId: 'aispm-test',
  };
}

export function storageClient(mock: GcpMockHandle, retries = 0, projectId = 'aispm-test'): Storage {
  return new Storage({
    apiEndpoint: mock.storageEndpoint,
    projectId,
    retryOptions: retries === 0 ? { autoRetry: false } : { maxRetries: retries, maxRetryDelay: 0.001, totalTimeout: 5, retryDelayMultiplier: 1 },
  });
}

/** Runs a call expected to fail; returns its code (HTTP status or gRPC code), message and, when present, reasons. */
export async function failure(call: Promise<unknown>): Promise<{ code: unknown; message: string; reason?: string; errors?: Array<{ reason?: string }> }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: unknown; message: string; reason?: string; errors?: Array<{ reason?: string }> };
    return { code: e.code, message: e.message, reason: e.reason, errors: e.errors };
  }
  throw new Error('expected the call to fail');
}
