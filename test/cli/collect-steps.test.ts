import { describe, expect, it } from 'vitest';
import { unreadServiceLine } from '../../src/cli/collect-steps.js';
import type { Inventory } from '../../src/model/inventory.js';

type Service = Inventory['coverage']['services'][number];
type Failure = Inventory['coverage']['failures'][number];

const service = (s: Partial<Service>): Service => ({ provider: 'aws', account: '111122223333', service: 's3', region: 'us-east-1', status: 'partial', resources: 0, calls: 0, retries: 0, throttles: 0, ...s }) as Service;
const failure = (f: Partial<Failure>): Failure => ({ provider: 'aws', account: '111122223333', service: 's3', region: 'us-east-1', operation: 'GetBucketPolicy', errorCode: 'AccessDenied', message: 'denied', ...f }) as Failure;
const inventoryWith = (failures: Failure[]) => ({ coverage: { services: [], failures } }) as unknown as Inventory;

describe('unreadServiceLine', () => {
  it('counts only the failures of that provider, account, service and region, and lists distinct codes', () => {
    const inv = inventoryWith([
      failure({}),
      failure({ message: 'denied for b2' }),
      failure({ operation: 'GetBucketAcl' }),
      failure({ account: '444455556666' }),
      failure({ provider: 'gcp' }),
      failure({ region: 'eu-west-1' }),
    ]);
    expect(unreadServiceLine(inv, service({}))).toBe(
      'aispm:   s3 us-east-1: partial (3 failed calls: GetBucketPolicy: AccessDenied; GetBucketAcl: AccessDenied); affected fields are reported as unknown',
    );
  });

  it('shows the service note and no dangling colon when nothing failed', () => {
    expect(unreadServiceLine(inventoryWith([]), service({ status: 'skipped', note: 'SERVICE_DISABLED' }))).toBe(
      'aispm:   s3 us-east-1: skipped [SERVICE_DISABLED] (0 failed calls); affected fields are reported as unknown',
    );
  });
});
