import { z } from 'zod';

/** An IAM-style policy document as AWS returns it (decoded JSON). Kept loose: AWS allows string-or-array everywhere. */
const stringOrArray = z.union([z.string(), z.array(z.string())]);
export const PolicyStatement = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Principal: z.union([z.literal('*'), z.record(z.string(), stringOrArray)]).optional(),
    NotPrincipal: z.union([z.literal('*'), z.record(z.string(), stringOrArray)]).optional(),
    Action: stringOrArray.optional(),
    NotAction: stringOrArray.optional(),
    Resource: stringOrArray.optional(),
    NotResource: stringOrArray.optional(),
    Condition: z.record(z.string(), z.record(z.string(), z.union([stringOrArray, z.boolean(), z.number(), z.array(z.union([z.string(), z.number(), z.boolean()]))]))).optional(),
  })
  .loose();
export type PolicyStatement = z.infer<typeof PolicyStatement>;

export const PolicyDocument = z
  .object({
    Version: z.string().optional(),
    Id: z.string().optional(),
    Statement: z.union([PolicyStatement, z.array(PolicyStatement)]),
  })
  .loose();
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}
