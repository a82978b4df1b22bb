import type { Progress } from '../progress.js';
import type { GcpCredentialOptions } from './auth.js';
import type { GcpEndpoints } from './endpoints.js';
import type { RetryPolicy } from './retry.js';

export const GCP_COLLECTORS = ['storage', 'aiplatform', 'notebooks'] as const;
export type GcpCollectorName = (typeof GCP_COLLECTORS)[number];

export interface GcpScanOptions {
  /** project ids to scan; combined with the projects found under organization / folder */
  projects: string[];
  /** organizations/NUMBER or NUMBER: every active project under it, through folders */
  organization?: string;
  /** folders/NUMBER or NUMBER: every active project under it, through sub-folders */
  folder?: string;
  /** Vertex AI locations (regions); Workbench zones inside them. Empty or undefined: every location the API lists. */
  locations?: string[];
  credentials: GcpCredentialOptions;
  endpoints: GcpEndpoints;
  progress?: Progress;
  retry?: Partial<RetryPolicy>;
  /** items per list page (default: each API's own default); smaller pages mean more calls */
  pageSize?: number;
  /** concurrent requests per service (default: storage 100, aiplatform and notebooks 8, resourcemanager and orgpolicy 4) */
  concurrency?: number;
  /** services to collect (default all) */
  services?: GcpCollectorName[];
  /** injectable clock for tests */
  now?: () => Date;
}
