import type { grpc as GaxGrpc } from 'google-gax';

type Grpc = typeof GaxGrpc;

/** What google-auth-library 10 clients offer to authenticate a request. */
interface HeaderSource {
  getRequestHeaders(url?: string): Promise<{ forEach(fn: (value: string, key: string) => void): void }>;
}

/**
 * TLS channel credentials carrying the scan's auth client, built once and shared by every google-gax 5 client.
 * google-gax builds the same thing per client (GrpcClient._getCredentials: createSsl() combined with the auth
 * client's request headers), and createSsl() parses the root certificates each time: about 36 ms per client, and a
 * scan of every Vertex AI location builds five clients per location (about 200). `rootCerts` is for tests.
 */
export function sharedChannelCredentials(grpc: Grpc, authClient: HeaderSource, rootCerts?: Buffer) {
  return grpc.credentials.combineChannelCredentials(
    grpc.credentials.createSsl(rootCerts ?? null),
    grpc.credentials.createFromGoogleCredential({
      getRequestHeaders: async (url?: string) => {
        const headers = await authClient.getRequestHeaders(url);
        const plain: Record<string, string> = {};
        headers.forEach((value, key) => (plain[key] = value));
        return plain;
      },
    }),
  );
}
