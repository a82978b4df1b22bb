import { z } from 'zod';
import { envelopeShape } from '../envelope.js';
import { IdentityReach } from '../access.js';
import { PolicyDocument } from '../policy.js';

export const AwsIamRole = z.object({
  ...envelopeShape,
  kind: z.literal('aws.iam.role'),
  arn: z.string(),
  path: z.string().optional(),
  trustPolicy: PolicyDocument,
  inlinePolicies: z.array(z.object({ name: z.string(), document: PolicyDocument })),
  attachedPolicies: z.array(z.object({ arn: z.string(), name: z.string(), document: PolicyDocument.nullable() })),
  permissionsBoundaryArn: z.string().optional(),
  reach: IdentityReach.optional().describe('what the role can write and who can assume it, computed by the access analysis'),
});
export type AwsIamRole = z.infer<typeof AwsIamRole>;
