import { createRequire } from 'node:module';
import type { googleAuthLibrary } from 'google-gax';

/** How to authenticate: Application Default Credentials unless a key file or impersonation is asked for. */
export interface GcpCredentialOptions {
  keyFile?: string;
  impersonateServiceAccount?: string;
}

// Vertex AI and Notebooks accept only the full cloud-platform scope; read-only is enforced by the guard and by IAM.
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

export type AuthLibrary = typeof googleAuthLibrary;

/**
 * Client packages depend on different google-auth-library majors (Storage 7 and Org Policy 3 on 9, google-gax 5 on
 * 10); auth objects must come from the copy the client itself uses, since header formats differ between majors.
 * `chain` is the package path to follow, e.g. ['@google-cloud/org-policy', 'google-gax'].
 */
export function resolveFrom(chain: readonly string[], target: string): unknown {
  let require = createRequire(import.meta.url);
  for (const pkg of chain) require = createRequire(require.resolve(pkg));
  return require(target);
}

export const authLibraryOf = (chain: readonly string[]): AuthLibrary => resolveFrom(chain, 'google-auth-library') as AuthLibrary;

/** google-gax 5 (Resource Manager, Vertex AI, Notebooks). */
export const GAX5_CHAIN = ['google-gax'] as const;
export const STORAGE_CHAIN = ['@google-cloud/storage'] as const;
export const ORGPOLICY_CHAIN = ['@google-cloud/org-policy', 'google-gax'] as const;

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

/** Options merged into a gax client built on the auth library `lib` (Resource Manager, Vertex AI, Notebooks, Org Policy). */
export async function gaxAuthOptions(creds: GcpCredentialOptions, insecure: boolean, projectId: string, lib: AuthLibrary = authLibraryOf(GAX5_CHAIN)): Promise<Record<string, unknown>> {
  // an emulator: send no credentials, and never probe the metadata server
  if (insecure) return { authClient: new lib.PassThroughClient(), projectId };
  if (creds.impersonateServiceAccount) return { authClient: await impersonatedClient(lib, creds, projectId), projectId };
  return { projectId, scopes: [CLOUD_PLATFORM], ...(creds.keyFile ? { keyFilename: creds.keyFile } : {}) };
}

/** Options merged into the Storage client. */
export async function storageAuthOptions(creds: GcpCredentialOptions, insecure: boolean, projectId: string): Promise<Record<string, unknown>> {
  if (insecure) return { projectId, useAuthWithCustomEndpoint: false };
  if (creds.impersonateServiceAccount) return { projectId, authClient: await impersonatedClient(authLibraryOf(STORAGE_CHAIN), creds, projectId), useAuthWithCustomEndpoint: true };
  return { projectId, scopes: [CLOUD_PLATFORM], useAuthWithCustomEndpoint: true, ...(creds.keyFile ? { keyFilename: creds.keyFile } : {}) };
}
