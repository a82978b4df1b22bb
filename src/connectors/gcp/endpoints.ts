import { InputError } from '../../model/index.js';

/**
 * Where the Google clients connect. Empty means Google's public endpoints. Set from documented variables, so any
 * emulator (or a private endpoint) can be used without code changes:
 *   STORAGE_EMULATOR_HOST / AISPM_GCP_STORAGE_ENDPOINT   Cloud Storage JSON API base URL, e.g. http://127.0.0.1:9023
 *   AISPM_GCP_AIPLATFORM_ENDPOINT                        Vertex AI gRPC host:port (all locations)
 *   AISPM_GCP_RESOURCEMANAGER_ENDPOINT                   Resource Manager gRPC host:port
 *   AISPM_GCP_NOTEBOOKS_ENDPOINT                         Notebooks (Workbench) v2 gRPC host:port
 *   AISPM_GCP_ORGPOLICY_ENDPOINT                         Organization Policy v2 gRPC host:port
 *   AISPM_GCP_INSECURE=1                                 plaintext gRPC and no credentials (emulators only)
 * and google-gax's own GOOGLE_API_USE_CLIENT_CERTIFICATE=true (mTLS: each gRPC client then builds its credentials).
 */
export interface GcpEndpoints {
  storage?: string;
  aiplatform?: string;
  resourceManager?: string;
  notebooks?: string;
  orgPolicy?: string;
  insecure: boolean;
  /** GOOGLE_API_USE_CLIENT_CERTIFICATE=true: google-gax looks for a client certificate (mTLS) per client */
  clientCertificate?: boolean;
}

export const GCP_ENDPOINT_VARIABLES = [
  'STORAGE_EMULATOR_HOST',
  'AISPM_GCP_STORAGE_ENDPOINT',
  'AISPM_GCP_AIPLATFORM_ENDPOINT',
  'AISPM_GCP_RESOURCEMANAGER_ENDPOINT',
  'AISPM_GCP_NOTEBOOKS_ENDPOINT',
  'AISPM_GCP_ORGPOLICY_ENDPOINT',
  'AISPM_GCP_INSECURE',
] as const;

const nonEmpty = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** Reads the endpoint variables from an environment object (the CLI passes process.env; nothing else reads it). */
export function gcpEndpointsFromEnv(env: Readonly<Record<string, string | undefined>>): GcpEndpoints {
  const storage = nonEmpty(env.AISPM_GCP_STORAGE_ENDPOINT) ?? nonEmpty(env.STORAGE_EMULATOR_HOST);
  const out: GcpEndpoints = { insecure: /^(1|true|yes)$/i.test(env.AISPM_GCP_INSECURE ?? '') };
  if (env.GOOGLE_API_USE_CLIENT_CERTIFICATE === 'true') out.clientCertificate = true;
  if (storage) out.storage = /^https?:\/\//.test(storage) ? storage.replace(/\/+$/, '') : `http://${storage.replace(/\/+$/, '')}`;
  const grpcVar = (name: string) => {
    const v = nonEmpty(env[name]);
    if (v === undefined) return undefined;
    try {
      parseGrpcEndpoint(v);
    } catch {
      throw new InputError(`${name}=${JSON.stringify(v)}: expected host:port, e.g. 127.0.0.1:8085`);
    }
    return v;
  };
  const aiplatform = grpcVar('AISPM_GCP_AIPLATFORM_ENDPOINT');
  if (aiplatform) out.aiplatform = aiplatform;
  const resourceManager = grpcVar('AISPM_GCP_RESOURCEMANAGER_ENDPOINT');
  if (resourceManager) out.resourceManager = resourceManager;
  const notebooks = grpcVar('AISPM_GCP_NOTEBOOKS_ENDPOINT');
  if (notebooks) out.notebooks = notebooks;
  const orgPolicy = grpcVar('AISPM_GCP_ORGPOLICY_ENDPOINT');
  if (orgPolicy) out.orgPolicy = orgPolicy;
  return out;
}

/** "host:port", "[::1]:port", "https://host:port" or "host" -> gax apiEndpoint + port (443 when not given). */
export function parseGrpcEndpoint(value: string): { apiEndpoint: string; port: number } {
  const v = value.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(v);
  if (!m) throw new Error(`not a host:port endpoint: ${value}`);
  return { apiEndpoint: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 443 };
}
