import type { Storage } from '@google-cloud/storage';
import type { v1 as aiplatformV1 } from '@google-cloud/aiplatform';
import type { v3 as resourceManagerV3 } from '@google-cloud/resource-manager';
import type { v2 as notebooksV2 } from '@google-cloud/notebooks';
import type { v2 as orgPolicyV2 } from '@google-cloud/org-policy';
import type { ClientOptions } from 'google-gax';
import { authLibraryOf, gaxAuthOptions, ORGPOLICY_CHAIN, resolveFrom, storageAuthOptions, type GcpCredentialOptions } from './auth.js';
import { parseGrpcEndpoint, type GcpEndpoints } from './endpoints.js';
import { gaxClientSpec, guardObject, storageSpec } from './read-only-guard.js';
import { loadClientClass, loadGax, loadStorageClass } from './client-modules.js';
import { scannerGax } from './gax-protos.js';
import { StorageReads } from './storage-reads.js';
import { sharedChannelCredentials } from './channel-credentials.js';
import type { GcpClientName } from './api-calls.js';

export type VertexClientName = 'DatasetServiceClient' | 'PipelineServiceClient' | 'JobServiceClient' | 'ModelServiceClient' | 'EndpointServiceClient';

export type VertexClient<N extends VertexClientName> = InstanceType<(typeof aiplatformV1)[N]>;
export type ProjectsClient = InstanceType<typeof resourceManagerV3.ProjectsClient>;
export type FoldersClient = InstanceType<typeof resourceManagerV3.FoldersClient>;
export type NotebookServiceClient = InstanceType<typeof notebooksV2.NotebookServiceClient>;
export type OrgPolicyClient = InstanceType<typeof orgPolicyV2.OrgPolicyClient>;

// The client classes are loaded on first use, each from its own module (client-modules.ts).

/** google-gax as the generated clients take it (their second constructor argument; typed as the package index). */
type GaxModule = ConstructorParameters<typeof aiplatformV1.DatasetServiceClient>[1];
const gaxModule = () => scannerGax(loadGax()) as unknown as GaxModule;

/** Per-call options for gax list/get calls: one page per call, and no client-side retries (RetryingCaller counts them). */
export const GAX_CALL_OPTIONS = { autoPaginate: false, retry: null } as const;

interface Closable {
  close(): Promise<void>;
}

/**
 * Creates the official Google clients, each wrapped by the read-only guard, lazily and once per endpoint.
 * Vertex AI is regional: against Google each location has its own endpoint ({location}-aiplatform.googleapis.com).
 */
export class GcpClients {
  private readonly cache = new Map<string, unknown>();
  private readonly closables: Closable[] = [];
  private gaxAuth?: Promise<Record<string, unknown>>;
  private storageAuth?: Promise<Record<string, unknown>>;
  private sharedTls?: ReturnType<typeof sharedChannelCredentials>;

  constructor(
    private readonly endpoints: GcpEndpoints,
    private readonly credentials: GcpCredentialOptions,
    /** project used for client-level defaults (quota project); requests always name their project */
    private readonly defaultProject: string,
  ) {}

  /** Resolves the credentials before any client exists, so a missing credential fails the scan up front, clearly. */
  async prepare(): Promise<void> {
    this.gaxAuth ??= gaxAuthOptions(this.credentials, this.endpoints.insecure, this.defaultProject);
    await this.gaxAuth;
  }

  private gaxOptions(override: string | undefined, googleHost: string): Promise<ClientOptions> {
    this.gaxAuth ??= gaxAuthOptions(this.credentials, this.endpoints.insecure, this.defaultProject);
    return this.gaxAuth.then((auth) => {
      const target = override ? parseGrpcEndpoint(override) : { apiEndpoint: googleHost, port: 443 };
      const sslCreds = this.channelCredentials(auth.authClient as Parameters<typeof sharedChannelCredentials>[1]);
      return { ...auth, ...target, ...(sslCreds ? { sslCreds } : {}) } as ClientOptions;
    });
  }

  /** Plaintext for emulators; otherwise one TLS credentials object for every gax 5 client, unless mTLS leaves them to google-gax. */
  private channelCredentials(authClient: Parameters<typeof sharedChannelCredentials>[1]) {
    const { grpc } = loadGax();
    if (this.endpoints.insecure) return grpc.credentials.createInsecure();
    if (this.endpoints.clientCertificate) return undefined;
    this.sharedTls ??= sharedChannelCredentials(grpc, authClient);
    return this.sharedTls;
  }

  private async cached<T extends object>(key: string, name: GcpClientName, make: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = make().then((client) => {
        this.closables.push(client as unknown as Closable);
        return guardObject(client, gaxClientSpec(name));
      });
      this.cache.set(key, hit);
    }
    return hit;
  }

  projects(): Promise<ProjectsClient> {
    return this.cached('rm:projects', 'ProjectsClient', async () => new (loadClientClass<typeof resourceManagerV3.ProjectsClient>('ProjectsClient'))(await this.gaxOptions(this.endpoints.resourceManager, 'cloudresourcemanager.googleapis.com'), gaxModule()));
  }

  folders(): Promise<FoldersClient> {
    return this.cached('rm:folders', 'FoldersClient', async () => new (loadClientClass<typeof resourceManagerV3.FoldersClient>('FoldersClient'))(await this.gaxOptions(this.endpoints.resourceManager, 'cloudresourcemanager.googleapis.com'), gaxModule()));
  }

  /** Against Google: {location}-aiplatform.googleapis.com, and aiplatform.googleapis.com for location "global". */
  vertex<N extends VertexClientName>(name: N, location: string): Promise<VertexClient<N>> {
    const host = location === 'global' ? 'aiplatform.googleapis.com' : `${location}-aiplatform.googleapis.com`;
    const key = `vertex:${name}:${this.endpoints.aiplatform ? 'override' : location}`;
    return this.cached(key, name, async () => {
      const Ctor = loadClientClass<new (o: ClientOptions, gax: GaxModule) => VertexClient<N>>(name);
      return new Ctor(await this.gaxOptions(this.endpoints.aiplatform, host), gaxModule());
    });
  }

  notebooks(): Promise<NotebookServiceClient> {
    return this.cached('notebooks', 'NotebookServiceClient', async () => new (loadClientClass<typeof notebooksV2.NotebookServiceClient>('NotebookServiceClient'))(await this.gaxOptions(this.endpoints.notebooks, 'notebooks.googleapis.com'), gaxModule()));
  }

  /** @google-cloud/org-policy runs on its own google-gax 4: its auth client and channel credentials come from that copy. */
  orgPolicy(): Promise<OrgPolicyClient> {
    return this.cached('orgpolicy', 'OrgPolicyClient', async () => {
      const auth = await gaxAuthOptions(this.credentials, this.endpoints.insecure, this.defaultProject, authLibraryOf(ORGPOLICY_CHAIN));
      const target = this.endpoints.orgPolicy ? parseGrpcEndpoint(this.endpoints.orgPolicy) : { apiEndpoint: 'orgpolicy.googleapis.com', port: 443 };
      const { grpc } = resolveFrom(['@google-cloud/org-policy'], 'google-gax') as typeof import('google-gax');
      const options = { ...auth, ...target, ...(this.endpoints.insecure ? { sslCreds: grpc.credentials.createInsecure() } : {}) };
      return new (loadClientClass<typeof orgPolicyV2.OrgPolicyClient>('OrgPolicyClient'))(options as ConstructorParameters<typeof orgPolicyV2.OrgPolicyClient>[0]);
    });
  }

  private rawStorage(): Promise<Storage> {
    let hit = this.cache.get('storage') as Promise<Storage> | undefined;
    if (!hit) {
      this.storageAuth ??= storageAuthOptions(this.credentials, this.endpoints.insecure, this.defaultProject);
      hit = this.storageAuth.then(
        (auth) =>
          new (loadStorageClass())({
            ...auth,
            ...(this.endpoints.storage ? { apiEndpoint: this.endpoints.storage } : {}),
            // every attempt goes through RetryingCaller so it is counted and bounded
            retryOptions: { autoRetry: false, maxRetries: 0 },
          }),
      );
      this.cache.set('storage', hit);
    }
    return hit;
  }

  /** The Storage client behind the read-only guard. */
  async storage(): Promise<Storage> {
    return guardObject(await this.rawStorage(), storageSpec());
  }

  /** buckets.list and buckets.getIamPolicy on the same Storage client, without a Bucket object per bucket. */
  async storageReads(): Promise<StorageReads> {
    return new StorageReads(await this.rawStorage());
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.closables.map((c) => c.close()));
  }
}
