// Starts the mock Google Cloud: the Cloud Storage JSON API on HTTP, and Vertex AI, Resource Manager and Notebooks
// as plaintext gRPC servers (one port each: Vertex AI and Notebooks both serve google.cloud.location.Locations),
// all sharing one fault injector. `env` holds the variables a user would set to point aispm at any emulator.
import type { GcpMockStats } from './faults.js';
import { FaultInjector } from './faults.js';
import { startGrpcServer, type GrpcServer } from './grpc-common.js';
import { notebooksServices } from './notebooks-service.js';
import { orgPolicyServices } from './orgpolicy-service.js';
import { resourceManagerServices } from './resourcemanager-service.js';
import { parseGcpScenario, type GcpScenario, type GcpScenarioInput } from './scenario.js';
import { GcpState } from './state.js';
import { startStorageServer } from './storage-server.js';
import { vertexServices } from './vertex-service.js';

export interface GcpMockOptions {
  host?: string;
  /** fixed ports (0 or omitted = any free port) */
  ports?: { storage?: number; aiplatform?: number; resourcemanager?: number; notebooks?: number };
  /** false: Cloud Storage answers POST /batch/storage/v1 with 404, like an emulator or proxy without batch requests */
  storageBatch?: boolean;
}

export interface GcpMockHandle {
  /** http://HOST:PORT: the Storage client's `apiEndpoint` (it adds /storage/v1) and STORAGE_EMULATOR_HOST */
  storageEndpoint: string;
  /** HOST:PORT of the Vertex AI gRPC server (same as grpcEndpoints.aiplatform) */
  grpcEndpoint: string;
  grpcEndpoints: { aiplatform: string; resourcemanager: string; notebooks: string };
  /** STORAGE_EMULATOR_HOST, AISPM_GCP_*_ENDPOINT and AISPM_GCP_INSECURE=1 (see mocks/scenarios/README.md) */
  env: Record<string, string>;
  stats: GcpMockStats;
  scenario: GcpScenario;
  close(): Promise<void>;
}

/** Accepts any input parseGcpScenario accepts, including its own output (validated here; InputError on mistakes). */
export async function startGcpMock(input: GcpScenario | GcpScenarioInput, options: GcpMockOptions = {}): Promise<GcpMockHandle> {
  const scenario = parseGcpScenario(input);
  const host = options.host ?? '127.0.0.1';
  const state = new GcpState(scenario);
  const faults = new FaultInjector(scenario, state.canonical);
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const storage = await startStorageServer(state, faults, host, options.ports?.storage ?? 0, { batch: options.storageBatch ?? true });
    started.push(storage);
    const grpcServer = async (services: Parameters<typeof startGrpcServer>[0], port?: number): Promise<GrpcServer> => {
      const s = await startGrpcServer(services, host, port ?? 0);
      started.push(s);
      return s;
    };
    const aiplatform = await grpcServer(vertexServices(state, faults), options.ports?.aiplatform);
    // the Organization Policy API shares Resource Manager's server (AISPM_GCP_ORGPOLICY_ENDPOINT points there)
    const resourcemanager = await grpcServer([...resourceManagerServices(state, faults), ...orgPolicyServices(state, faults)], options.ports?.resourcemanager);
    const notebooks = await grpcServer(notebooksServices(state, faults), options.ports?.notebooks);
    return {
      storageEndpoint: storage.endpoint,
      grpcEndpoint: aiplatform.endpoint,
      grpcEndpoints: { aiplatform: aiplatform.endpoint, resourcemanager: resourcemanager.endpoint, notebooks: notebooks.endpoint },
      env: {
        STORAGE_EMULATOR_HOST: storage.endpoint,
        AISPM_GCP_STORAGE_ENDPOINT: storage.endpoint,
        AISPM_GCP_AIPLATFORM_ENDPOINT: aiplatform.endpoint,
        AISPM_GCP_RESOURCEMANAGER_ENDPOINT: resourcemanager.endpoint,
        AISPM_GCP_NOTEBOOKS_ENDPOINT: notebooks.endpoint,
        AISPM_GCP_ORGPOLICY_ENDPOINT: resourcemanager.endpoint,
        AISPM_GCP_INSECURE: '1',
      },
      stats: faults,
      scenario,
      close: async () => {
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
}
