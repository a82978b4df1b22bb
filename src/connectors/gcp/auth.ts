import { createRequire } from 'node:module';
import type { googleAuthLibrary } from 'google-gax';

/** How to authenticate: Application Default Credentials unless a key file or impersonation is asked for. */
export interface GcpCredentialOptions {
  keyFile?: string;
  impersonateServiceAccount?: string;
}

// Vertex AI and Notebooks accept only the full cloud-platform scope; read-only is enforced by the guard and by IAM.
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

type AuthLibrary = typeof googleAuthLibrary;
const gaxAuthLibrary = () => import('google-gax').then((m) => m.googleAuthLibrary);

/**
 * @google-cloud/storage depends on its own google-auth-library major version; its auth objects must come from that
 * copy (header formats differ between majors). Resolve it the way Storage itself does.
 */
function storageAuthLibrary(): AuthLibrary {
  const require = createRequire(import.meta.url);
  const storageEntry = require.resolve('@google-cloud/storage');
  return createRequire(storageEntry)('google-auth-library') as AuthLibrary;
}

async function impersonatedClient(lib: AuthLibrary, creds: GcpCredentialOptions, projectId: string) {
  const source = new lib.GoogleAuth({ scopes: [CLOUD_PLATFORM], projectId, ...(creds.keyFile ? { keyFilename: creds.keyFile } : {}) });
  return new lib.Impersonated({
    sourceClient: (await source.getClient()) as any,
    targetPrincipal: creds.impersonateServiceAccount!,
    targetScopes: [CLOUD_PLATFORM],
    lifetime: 3600,
    delegates: [],
  });
}

/** Options merged into every gax client (Resource Manager, Vertex AI, Notebooks). */
export async function gaxAuthOptions(creds: GcpCredentialOptions, insecure: boolean, projectId: string): Promise<Record<string, unknown>> {
  // an emulator: send no credentials, and never probe the metadata server
  if (insecure) return { authClient: new (await gaxAuthLibrary()).PassThroughClient(), projectId };
  if (creds.impersonateServiceAccount) return { authClient: await impersonatedClient(await gaxAuthLibrary(), creds, projectId), projectId };
  return { projectId, scopes: [CLOUD_PLATFORM], ...(creds.keyFile ? { keyFilename: creds.keyFile } : {}) };
}

/** Options merged into the Storage client. */
export async function storageAuthOptions(creds: GcpCredentialOptions, insecure: boolean, projectId: string): Promise<Record<string, unknown>> {
  if (insecure) return { projectId, useAuthWithCustomEndpoint: false };
  if (creds.impersonateServiceAccount) return { projectId, authClient: await impersonatedClient(storageAuthLibrary(), creds, projectId), useAuthWithCustomEndpoint: true };
  return { projectId, scopes: [CLOUD_PLATFORM], useAuthWithCustomEndpoint: true, ...(creds.keyFile ? { keyFilename: creds.keyFile } : {}) };
}
