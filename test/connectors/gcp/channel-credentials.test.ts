import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it, vi } from 'vitest';
import { serviceDefinition } from '../../../mocks/gcp/grpc-common.js';
import { authLibraryOf, GAX5_CHAIN } from '../../../src/connectors/gcp/auth.js';
import { sharedChannelCredentials } from '../../../src/connectors/gcp/channel-credentials.js';
import { loadClientClass, loadGax } from '../../../src/connectors/gcp/client-modules.js';
import { GcpClients, type ProjectsClient } from '../../../src/connectors/gcp/clients.js';

// A self-signed certificate for localhost (test only), so the clients speak TLS to a local gRPC server.
const fixture = (file: string) => readFileSync(new URL(`./fixtures/${file}`, import.meta.url));

describe('shared TLS channel credentials', () => {
  it('carry the auth client headers over TLS for every client that shares them', async () => {
    const seen: string[] = [];
    const server = new grpc.Server();
    server.addService(serviceDefinition('resourcemanager', 'google.cloud.resourcemanager.v3.Projects'), {
      GetProject: (call: grpc.ServerUnaryCall<{ name: string }, unknown>, done: grpc.sendUnaryData<unknown>) => {
        seen.push(String(call.metadata.get('authorization')[0]));
        done(null, { name: 'projects/300000000001', projectId: call.request.name.split('/')[1] });
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createSsl(null, [{ private_key: fixture('tls-localhost.key'), cert_chain: fixture('tls-localhost.crt') }], false), (e, p) => (e ? reject(e) : resolve(p))),
    );
    // an OAuth2 client holding an unexpired token: its headers need no network
    const auth = new (authLibraryOf(GAX5_CHAIN).OAuth2Client)();
    auth.setCredentials({ access_token: 'test-token', expiry_date: Date.now() + 3_600_000 });
    const sslCreds = sharedChannelCredentials(loadGax().grpc, auth, fixture('tls-localhost.crt'));
    const Projects = loadClientClass<new (o: object) => ProjectsClient>('ProjectsClient');
    const clients = [0, 1].map(() => new Projects({ apiEndpoint: '127.0.0.1', port, sslCreds, authClient: auth, projectId: 'ml-prod', 'grpc.ssl_target_name_override': 'localhost' }));
    try {
      const answers = await Promise.all(clients.map((c, i) => c.getProject({ name: `projects/p${i}` })));
      expect(answers.map(([p]) => p.projectId)).toEqual(['p0', 'p1']);
      expect(seen).toEqual(['Bearer test-token', 'Bearer test-token']);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      server.forceShutdown();
    }
  });

  it('GcpClients gives every gax client one TLS credentials object with the resolved credentials; none under mTLS', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(mkdtempSync(join(tmpdir(), 'aispm-key-')), 'key.json');
    writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'ml-prod', private_key_id: 'k1', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), client_email: 'scanner@ml-prod.iam.gserviceaccount.com', client_id: '1', token_uri: 'https://oauth2.googleapis.com/token' }));
    // the key file's JWT client answers with a token of its own (no token exchange over the network)
    const headers = vi.spyOn(authLibraryOf(GAX5_CHAIN).JWT.prototype, 'getRequestHeaders').mockImplementation(async function (this: { email?: string }) {
      return new Headers({ authorization: `Bearer token-of-${this.email}` });
    });
    type Options = { sslCreds?: { callCredentials: { generateMetadata(o: object): Promise<grpc.Metadata> } } };
    const optionsOf = (clients: GcpClients, host: string) => (clients as unknown as { gaxOptions(o: undefined, h: string): Promise<Options> }).gaxOptions(undefined, host);
    try {
      const clients = new GcpClients({ insecure: false }, { keyFile }, 'ml-prod');
      const [vertex, projects] = await Promise.all([optionsOf(clients, 'us-central1-aiplatform.googleapis.com'), optionsOf(clients, 'cloudresourcemanager.googleapis.com')]);
      expect(vertex.sslCreds).toBeDefined();
      expect(projects.sslCreds).toBe(vertex.sslCreds);
      const metadata = await vertex.sslCreds!.callCredentials.generateMetadata({ service_url: 'https://us-central1-aiplatform.googleapis.com/google.cloud.aiplatform.v1.DatasetService', method_name: 'ListDatasets' });
      expect(metadata.get('authorization')).toEqual(['Bearer token-of-scanner@ml-prod.iam.gserviceaccount.com']);

      const mtls = new GcpClients({ insecure: false, clientCertificate: true }, { keyFile }, 'ml-prod');
      expect((await optionsOf(mtls, 'cloudresourcemanager.googleapis.com')).sslCreds).toBeUndefined();
    } finally {
      headers.mockRestore();
    }
  });
});
