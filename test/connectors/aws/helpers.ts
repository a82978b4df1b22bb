import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';
import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';
import { collectAws, type AwsScanOptions } from '../../../src/connectors/aws/index.js';
import { Inventory, type Resource } from '../../../src/model/index.js';

export const ACCOUNT = '111122223333';

/** Connector options for a mock: its endpoint env (never process.env), static credentials, zero-delay retries. */
export function mockOptions(mock: AwsMock, extra: Partial<AwsScanOptions> = {}): AwsScanOptions {
  return {
    env: mock.env,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
    regions: ['us-east-1'],
    retry: { strategy: () => new ConfiguredRetryStrategy(3, () => 0) },
    ...extra,
  };
}

/** Starts the mock with a scenario, collects it through the real SDK clients, validates the inventory, closes the mock. */
export async function collectFromMock(scenario: Omit<AwsScenarioInput, 'accountId'> & { accountId?: string }, extra: Partial<AwsScanOptions> = {}) {
  const mock = await startAwsMock({ accountId: ACCOUNT, ...scenario });
  try {
    const inventory = await collectAws(mockOptions(mock, extra));
    const parsed = Inventory.safeParse(inventory);
    if (!parsed.success) throw new Error(`inventory does not match the model: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
    return { inventory, stats: mock.stats };
  } finally {
    await mock.close();
  }
}

export function byId(inventory: Inventory, id: string): Resource {
  const r = inventory.resources.find((x) => x.id === id);
  if (!r) throw new Error(`no resource ${id}; have ${inventory.resources.map((x) => x.id).join(', ')}`);
  return r;
}

export function serviceCoverage(inventory: Inventory, service: string, region = 'global') {
  const s = inventory.coverage.services.find((x) => x.service === service && x.region === region);
  if (!s) throw new Error(`no coverage for ${service} ${region}`);
  return s;
}
