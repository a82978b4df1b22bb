import type { ApiCall, AwsService } from './api-calls.js';
import type { ServiceContext } from './context.js';

/**
 * One AWS service's collection: the calls it declares (the read-only allowlist and `aispm permissions aws` are
 * derived from them), whether it runs once per account or per region, and the phase it runs in
 * (account settings first, then resources, then the identities those resources use).
 */
export interface AwsCollector {
  service: AwsService;
  scope: 'global' | 'regional';
  phase: 'account' | 'resources' | 'identities';
  calls: readonly ApiCall[];
  collect(ctx: ServiceContext): Promise<void>;
}
