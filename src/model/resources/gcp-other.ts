import { z } from 'zod';
import { envelopeShape } from '../envelope.js';
import { IdentityReach } from '../access.js';

export const GcpNotebooksInstance = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.notebooks.instance'),
  state: z.string().optional(),
  publicIp: z.boolean(),
  rootAccess: z.boolean(),
  serviceAccount: z.string().optional(),
  usesDefaultServiceAccount: z.boolean(),
  network: z.string().optional(),
  kmsKeyName: z.string().nullable(),
  secureBoot: z.boolean().optional().describe('shieldedInstanceConfig.enableSecureBoot; absent means off (the API default)'),
});
export type GcpNotebooksInstance = z.infer<typeof GcpNotebooksInstance>;

export const GcpIamServiceAccount = z.object({
  ...envelopeShape,
  kind: z.literal('gcp.iam.service-account'),
  email: z.string(),
  isDefaultCompute: z.boolean(),
  disabled: z.boolean().optional(),
  projectRoles: z.array(z.string()).describe('roles granted to it in its project IAM policy (e.g. roles/storage.admin), which reach every bucket of the project'),
  customRoles: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .describe('permissions of the custom roles named in projectRoles, when collected'),
  reach: IdentityReach.optional(),
});
export type GcpIamServiceAccount = z.infer<typeof GcpIamServiceAccount>;
