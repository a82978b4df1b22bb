import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { startGcpMock, type GcpMockHandle } from '../../../mocks/gcp/start.js';
import { parseScenario } from '../../../mocks/scenario-file.js';
import type { GcpScenarioInput } from '../../../mocks/gcp/scenario.js';
import { collectGcp, gcpEndpointsFromEnv, type GcpScanOptions } from '../../../src/connectors/gcp/index.js';
import { Inventory, type Resource } from '../../../src/model/index.js';

/** A scenario file as the demo loads it (validated; bodyFile paths resolved next to the file), ready to tweak in a test. */
export function readScenario(path: string): Record<string, any> {
  const file = fileURLToPath(new URL(`../../../${path}`, import.meta.url));
  return parseScenario(YAML.parse(readFileSync(file, 'utf8')), path, dirname(file)).gcp as Record<string, any>;
}

/** Starts the fakes for a scenario (validated by the mock's own parser), runs fn, always closes them. */
export async function withGcpMock<T>(scenario: object, fn: (mock: GcpMockHandle) => Promise<T>): Promise<T> {
  const mock = await startGcpMock(scenario as GcpScenarioInput);
  try {
    return await fn(mock);
  } finally {
    await mock.close();
  }
}

/** Scans through the fakes exactly as the CLI would: endpoints from the environment variables the mock hands out. */
export async function scanThrough(mock: GcpMockHandle, options: Partial<GcpScanOptions> = {}): Promise<Inventory> {
  const inventory = await collectGcp({
    projects: [],
    credentials: {},
    endpoints: gcpEndpointsFromEnv(mock.env),
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
    ...options,
  });
  // every scan must produce a valid inventory
  return Inventory.parse(inventory);
}

export const ofKind = (inv: Inventory, kind: Resource['kind']) => inv.resources.filter((r) => r.kind === kind);
export const ids = (inv: Inventory, kind: Resource['kind']) => ofKind(inv, kind).map((r) => r.id).sort();
export const service = (inv: Inventory, svc: string, region: string, account: string) => inv.coverage.services.find((s) => s.service === svc && s.region === region && s.account === account);

export function bucket(name: string, extra: Record<string, unknown> = {}) {
  return { name, location: 'US-CENTRAL1', iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' }, iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.objectViewer', members: ['projectViewer:pages-proj'] }] }, ...extra };
}
