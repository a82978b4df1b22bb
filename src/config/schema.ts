import { z } from 'zod';
import { Severity } from '../model/severity.js';

const AwsTarget = z
  .object({
    profile: z.string().optional().describe('named profile from ~/.aws/config (SSO and assume-role profiles work)'),
    roleArn: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+/, 'an IAM role ARN').optional(),
    externalId: z.string().optional(),
    regions: z.array(z.string()).optional().describe('default: every enabled region'),
  })
  .strict();

const GcpTarget = z
  .object({
    projects: z.array(z.string()).optional(),
    organization: z.string().optional(),
    folder: z.string().optional(),
    locations: z.array(z.string()).optional().describe('default: every Vertex AI location'),
    keyFile: z.string().optional(),
    impersonateServiceAccount: z.string().optional(),
  })
  .strict()
  .refine((t) => t.projects?.length || t.organization || t.folder, { message: 'a GCP target needs projects, organization or folder' });

export const SuppressionEntry = z
  .object({
    rule: z.string().optional().describe('rule id or glob, e.g. AWS-S3-001 or AWS-S3-*'),
    resource: z.string().optional().describe('resource id or glob, e.g. arn:aws:s3:::legacy-*'),
    account: z.string().optional().describe('AWS account id or GCP project id'),
    tags: z.record(z.string(), z.string()).optional().describe('every tag listed must match the resource tag'),
    reason: z.string().min(1, 'a suppression needs a reason'),
    expires: z.iso.date('an ISO date like 2027-01-31').optional(),
  })
  .strict()
  .refine((s) => s.rule || s.resource || s.account || s.tags, { message: 'a suppression must match on at least one of rule, resource, account, tags' });
export type SuppressionEntry = z.infer<typeof SuppressionEntry>;

export const OUTPUT_FORMATS = ['table', 'json', 'sarif', 'html', 'cyclonedx'] as const;

export const AispmConfig = z
  .object({
    targets: z.object({ aws: z.array(AwsTarget).default([]), gcp: z.array(GcpTarget).default([]) }).strict().default({ aws: [], gcp: [] }),
    trust: z
      .object({
        accounts: z.array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id')).default([]),
        organizations: z.array(z.string()).default([]),
        projects: z.array(z.string()).default([]),
        domains: z.array(z.string()).default([]),
      })
      .strict()
      .default({ accounts: [], organizations: [], projects: [], domains: [] }),
    rules: z.object({ dirs: z.array(z.string()).default([]), only: z.boolean().default(false) }).strict().default({ dirs: [], only: false }),
    output: z
      .object({ formats: z.array(z.enum(OUTPUT_FORMATS)).default(['table']), dir: z.string().optional() })
      .strict()
      .default({ formats: ['table'] }),
    failOn: Severity.optional(),
    failOnNew: Severity.optional(),
    scanModels: z.boolean().default(false),
    history: z
      .object({ path: z.string().optional().describe('SQLite file; default .aispm/history.db next to the config file'), enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    suppressions: z.array(SuppressionEntry).default([]),
    schedule: z
      .object({
        cron: z.string().describe('cron expression, e.g. "0 3 * * *"'),
        timezone: z.string().optional(),
        jitterSeconds: z.number().int().min(0).max(3600).default(0),
      })
      .strict()
      .optional(),
    notify: z
      .object({
        webhook: z.url().optional(),
        minSeverity: Severity.default('high'),
        retries: z.number().int().min(0).max(10).default(5),
        timeoutSeconds: z.number().positive().max(120).default(10),
      })
      .strict()
      .default({ minSeverity: 'high', retries: 5, timeoutSeconds: 10 }),
  })
  .strict();
export type AispmConfig = z.infer<typeof AispmConfig>;
