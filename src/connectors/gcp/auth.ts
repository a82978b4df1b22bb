import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { googleAuthLibrary } from 'google-gax';
import { InputError } from '../../model/index.js';

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

/** A credentials JSON file (service account key, authorized user, external account); checked here so a bad file fails before any call. */
function readKeyFile(file: string): Record<string, any> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`Google credentials (--key-file ${file}): cannot read it as JSON: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || typeof (json as { type?: unknown }).type !== 'string') {
    throw new InputError(`Google credentials (--key-file ${file}): expected a JSON key file with a "type" field (e.g. "service_account", as downloaded from IAM > Service accounts > Keys)`);
  }
  return json as Record<string, any>;
}

/**
 * The credentials, resolved once before any client is built: ADC or the key file, wrapped for impersonation when asked.
 * Handing clients a resolved auth client keeps them from running their own discovery, which on failure throws
 * outside any promise a caller could catch. No credentials is the user's to fix, so it is an InputError.
 */
async function resolvedClient(lib: AuthLibrary, creds: GcpCredentialOptions, projectId: string) {
  const credentials = creds.keyFile ? readKeyFile(creds.keyFile) : undefined;
  let source;
  try {
    source = await new lib.GoogleAuth({ scopes: [CLOUD_PLATFORM], projectId, ...(credentials ? { credentials } : {}) }).getClient();
  } catch (e) {
    const how = creds.keyFile ? `--key-file ${creds.keyFile}` : 'Application Default Credentials';
    throw new InputError(`Google credentials (${how}): ${(e as Error).message.split('\n')[0]} Run "gcloud auth application-default login", set GOOGLE_APPLICATION_CREDENTIALS, or pass --key-file.`);
  }
  if (!creds.impersonateServiceAccount) return source;
  return new lib.Impersonated({ sourceClient: source as any, targetPrincipal: creds.impersonateServiceAccount, targetScopes: [CLOUD_PLATFORM], lifetime: 3600, delegates: [] });
}

/** Options merged into a gax client built on the auth library `lib` (Resource Manager, Vertex AI, Notebooks, Org Policy). */
export async function gaxAuthOptions(creds: GcpCredentialOptions, insecure: boolean, projectId: string, lib: AuthLibrary = authLibraryOf(GAX5_CHAIN)): Promise<Record<string, unknown>> {
  // an emulator: send no credentials, and never probe the metadata server
  if (insecure) return { authClient: new lib.PassThroughClient(), projectId };
  return { authClient: await resolvedClient(lib, creds, projectId), projectId };
}

/** Options merged into the Storage client. */
export async function storageAuthOptions(creds: GcpCredentialOptions, insecure: boolean, projectId: string): Promise<Record<string, unknown>> {
  if (insecure) return { projectId, useAuthWithCustomEndpoint: false };
  return { projectId, authClient: await resolvedClient(authLibraryOf(STORAGE_CHAIN), creds, projectId), useAuthWithCustomEndpoint: true };
}
