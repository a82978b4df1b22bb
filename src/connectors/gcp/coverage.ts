import type { Coverage, CoverageFailure, ServiceCoverage } from '../../model/index.js';
import type { ClassifiedError } from './errors.js';
import type { CallCounters } from './retry.js';

export type GcpService = 'resourcemanager' | 'orgpolicy' | 'storage' | 'aiplatform' | 'notebooks';

/** Counters and failures for one service in one project and location. */
export interface ServiceTally extends CallCounters {
  project: string;
  region: string;
  service: GcpService;
  resources: number;
  failures: number;
  /** the list call itself failed, so the service's resources are missing rather than partly unknown */
  listFailed: boolean;
  skipped?: string;
  notes: string[];
}

/** Collects per-service tallies and coverage failures for one GCP scan. */
export class CoverageRecorder {
  private readonly tallies = new Map<string, ServiceTally>();
  readonly failures: CoverageFailure[] = [];

  tally(project: string, region: string, service: GcpService): ServiceTally {
    const key = `${project}\u0000${region}\u0000${service}`;
    let t = this.tallies.get(key);
    if (!t) {
      t = { project, region, service, calls: 0, retries: 0, throttles: 0, resources: 0, failures: 0, listFailed: false, notes: [] };
      this.tallies.set(key, t);
    }
    return t;
  }

  /** Records a call that failed for good; returns the failure so callers can also note it. */
  fail(t: ServiceTally, f: { operation: string; resourceId?: string; fields: string[]; error: ClassifiedError; listCall?: boolean }): CoverageFailure {
    t.failures++;
    if (f.listCall) t.listFailed = true;
    if (f.error.kind === 'api-disabled' && !t.notes.includes('API disabled')) t.notes.push('API disabled');
    const failure: CoverageFailure = {
      provider: 'gcp',
      account: t.project,
      region: t.region,
      service: t.service,
      operation: f.operation,
      ...(f.resourceId ? { resourceId: f.resourceId } : {}),
      fields: f.fields,
      errorCode: f.error.code,
      message: f.error.message.slice(0, 500),
    };
    this.failures.push(failure);
    return failure;
  }

  skip(t: ServiceTally, reason: string): void {
    t.skipped = reason;
  }

  toCoverage(): Coverage {
    const services: ServiceCoverage[] = [...this.tallies.values()].map((t) => {
      const status: ServiceCoverage['status'] = t.skipped ? 'skipped' : t.listFailed && t.resources === 0 ? 'failed' : t.failures > 0 || t.listFailed ? 'partial' : 'ok';
      const note = [t.skipped, ...t.notes].filter(Boolean).join('; ');
      return {
        provider: 'gcp',
        account: t.project,
        region: t.region,
        service: t.service,
        status,
        resources: t.resources,
        calls: t.calls,
        retries: t.retries,
        throttles: t.throttles,
        ...(note ? { note } : {}),
      };
    });
    services.sort((a, b) => a.account.localeCompare(b.account) || a.service.localeCompare(b.service) || a.region.localeCompare(b.region));
    return { services, failures: this.failures };
  }
}
