import { z } from 'zod';

/** A call that failed for good: the resource's fields it would have filled are gaps, never pass/fail. */
export const CoverageFailure = z.object({
  provider: z.string(),
  account: z.string(),
  region: z.string(),
  service: z.string(),
  operation: z.string(),
  resourceId: z.string().optional(),
  fields: z.array(z.string()).describe('resource fields left unknown'),
  errorCode: z.string(),
  message: z.string(),
});
export type CoverageFailure = z.infer<typeof CoverageFailure>;

export const ServiceCoverage = z.object({
  provider: z.string(),
  account: z.string(),
  region: z.string(),
  service: z.string(),
  status: z.enum(['ok', 'partial', 'failed', 'skipped']),
  resources: z.number().int().nonnegative(),
  calls: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  throttles: z.number().int().nonnegative(),
  note: z.string().optional(),
});
export type ServiceCoverage = z.infer<typeof ServiceCoverage>;

export const Coverage = z.object({
  services: z.array(ServiceCoverage),
  failures: z.array(CoverageFailure),
});
export type Coverage = z.infer<typeof Coverage>;

export const emptyCoverage = (): Coverage => ({ services: [], failures: [] });
