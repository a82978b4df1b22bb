import { z } from 'zod';

/** Principals the user declares trusted: their access is reported but not counted as external. */
export const TrustSettings = z.object({
  trustedAccounts: z.array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id')).default([]),
  trustedOrganizations: z.array(z.string()).default([]).describe('AWS organization ids (o-xxxxxxxxxx)'),
  trustedProjects: z.array(z.string()).default([]).describe('GCP project ids or numbers'),
  trustedDomains: z.array(z.string()).default([]).describe('Google Workspace / Cloud Identity domains'),
});
export type TrustSettings = z.infer<typeof TrustSettings>;
export const noTrust = (): TrustSettings => ({ trustedAccounts: [], trustedOrganizations: [], trustedProjects: [], trustedDomains: [] });
