// The AWS part of a mock-cloud scenario: AWS's own field names (PascalCase as in the API responses; camelCase for
// Bedrock, whose API is camelCase). Resource entries are the describe/get responses, so unknown fields pass through.
import { z } from 'zod';

/** Service ids used by faults, latency, rate limits and stats. */
export const AWS_SERVICES = ['s3', 's3-control', 'sagemaker', 'iam', 'sts', 'ec2', 'bedrock', 'bedrock-agent'] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

/** ISO-8601 timestamp; YAML loaders that produce Date objects are accepted too. Stored as an ISO string. */
export const Timestamp = z
  .union([z.iso.datetime({ offset: true }), z.iso.date(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString()));

const Json = z.record(z.string(), z.unknown());
/** An IAM/S3 policy document as an object (the mock serialises it like the real API). */
export const PolicyDocumentObject = z.looseObject({ Version: z.string().optional(), Statement: z.unknown() });

export const PublicAccessBlock = z.strictObject({
  BlockPublicAcls: z.boolean().optional(),
  IgnorePublicAcls: z.boolean().optional(),
  BlockPublicPolicy: z.boolean().optional(),
  RestrictPublicBuckets: z.boolean().optional(),
});

const Grantee = z.strictObject({
  Type: z.enum(['CanonicalUser', 'AmazonCustomerByEmail', 'Group']),
  ID: z.string().optional(),
  DisplayName: z.string().optional(),
  EmailAddress: z.string().optional(),
  URI: z.string().optional(),
});
export const BucketAcl = z.strictObject({
  Owner: z.strictObject({ ID: z.string(), DisplayName: z.string().optional() }).optional(),
  Grants: z.array(z.strictObject({ Grantee, Permission: z.enum(['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP']) })).default([]),
});

/** Deterministic content generators for objects too large to write down (see mocks/aws/generators.ts). */
export const OBJECT_GENERATORS = ['zeros', 'random', 'pytorch-zip'] as const;

export const S3Object = z
  .strictObject({
    Key: z.string().min(1),
    Body: z.string().optional(),
    BodyBase64: z.string().optional(),
    BodyFile: z.string().optional().describe('path relative to the scenario file'),
    Size: z.number().int().nonnegative().optional().describe('with Generator: size of the generated body'),
    Generator: z.enum(OBJECT_GENERATORS).optional(),
    Seed: z.number().int().optional().describe('seed for the random / pytorch-zip generators (default: hash of Key)'),
    LastModified: Timestamp.optional(),
    ContentType: z.string().optional(),
    StorageClass: z.string().optional(),
    ETag: z.string().optional(),
  })
  .refine((o) => [o.Body, o.BodyBase64, o.BodyFile, o.Generator].filter((x) => x !== undefined).length <= 1, {
    message: 'give at most one of Body, BodyBase64, BodyFile, Generator',
  })
  .refine((o) => o.Generator === undefined || o.Size !== undefined, { message: 'Generator needs Size (bytes)' });
export type S3Object = z.output<typeof S3Object>;

export const S3Bucket = z.strictObject({
  Name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3 bucket names are 3-63 chars of a-z 0-9 . -'),
  Region: z.string().default('us-east-1'),
  CreationDate: Timestamp.optional(),
  Policy: PolicyDocumentObject.optional(),
  Acl: BucketAcl.optional(),
  PublicAccessBlock: PublicAccessBlock.optional(),
  OwnershipControls: z.strictObject({ Rules: z.array(z.strictObject({ ObjectOwnership: z.enum(['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced']) })) }).optional(),
  Versioning: z.strictObject({ Status: z.enum(['Enabled', 'Suspended']).optional(), MFADelete: z.enum(['Enabled', 'Disabled']).optional() }).optional(),
  ObjectLockConfiguration: z
    .strictObject({
      ObjectLockEnabled: z.literal('Enabled').optional(),
      Rule: z.strictObject({ DefaultRetention: z.strictObject({ Mode: z.enum(['GOVERNANCE', 'COMPLIANCE']).optional(), Days: z.number().int().optional(), Years: z.number().int().optional() }) }).optional(),
    })
    .optional(),
  ServerSideEncryptionConfiguration: z
    .strictObject({
      Rules: z.array(
        z.strictObject({
          ApplyServerSideEncryptionByDefault: z.strictObject({ SSEAlgorithm: z.enum(['AES256', 'aws:kms', 'aws:kms:dsse']), KMSMasterKeyID: z.string().optional() }).optional(),
          BucketKeyEnabled: z.boolean().optional(),
        }),
      ),
    })
    .optional(),
  Logging: z.strictObject({ LoggingEnabled: z.strictObject({ TargetBucket: z.string(), TargetPrefix: z.string().default('') }).optional() }).optional(),
  Tagging: z.strictObject({ TagSet: z.array(z.strictObject({ Key: z.string(), Value: z.string() })) }).optional(),
  Objects: z.array(S3Object).default([]),
});
export type S3Bucket = z.output<typeof S3Bucket>;

const named = <K extends string>(key: K) => z.looseObject({ [key]: z.string().min(1) } as Record<K, z.ZodString>);

export const ModelPackageGroup = z.looseObject({
  ModelPackageGroupName: z.string().min(1),
  ModelPackageGroupArn: z.string().optional(),
  Policy: PolicyDocumentObject.optional(),
  ModelPackages: z.array(Json).default([]),
});

export const SageMakerRegion = z.strictObject({
  TrainingJobs: z.array(named('TrainingJobName')).default([]),
  ProcessingJobs: z.array(named('ProcessingJobName')).default([]),
  Models: z.array(named('ModelName')).default([]),
  EndpointConfigs: z.array(named('EndpointConfigName')).default([]),
  Endpoints: z.array(named('EndpointName')).default([]),
  NotebookInstances: z.array(named('NotebookInstanceName')).default([]),
  Domains: z.array(z.looseObject({ DomainId: z.string().min(1), DomainName: z.string().min(1) })).default([]),
  ModelPackageGroups: z.array(ModelPackageGroup).default([]),
});

export const BedrockRegion = z.strictObject({
  CustomModels: z.array(named('modelName')).default([]),
  ModelCustomizationJobs: z.array(named('jobName')).default([]),
  Guardrails: z.array(z.looseObject({ guardrailId: z.string().min(1), name: z.string().min(1) })).default([]),
  LoggingConfig: Json.optional().describe('GetModelInvocationLoggingConfiguration .loggingConfig; omit => no logging'),
});

export const BedrockAgentRegion = z.strictObject({
  KnowledgeBases: z
    .array(z.looseObject({ knowledgeBaseId: z.string().min(1), name: z.string().min(1), DataSources: z.array(z.looseObject({ dataSourceId: z.string().min(1), name: z.string().min(1) })).default([]) }))
    .default([]),
});

export const AwsRegionState = z.strictObject({
  sagemaker: SageMakerRegion.optional(),
  bedrock: BedrockRegion.optional(),
  bedrockAgent: BedrockAgentRegion.optional(),
});

export const IamRole = z.looseObject({
  RoleName: z.string().min(1),
  Arn: z.string().optional(),
  Path: z.string().default('/'),
  RoleId: z.string().optional(),
  CreateDate: Timestamp.optional(),
  AssumeRolePolicyDocument: PolicyDocumentObject,
  RolePolicies: z.array(z.strictObject({ PolicyName: z.string().min(1), PolicyDocument: PolicyDocumentObject })).default([]),
  AttachedPolicies: z.array(z.string().startsWith('arn:')).default([]),
});
export const IamPolicy = z.looseObject({
  Arn: z.string().startsWith('arn:'),
  PolicyName: z.string().min(1),
  DefaultVersionId: z.string().default('v1'),
  Document: PolicyDocumentObject,
});

export const Fault = z.strictObject({
  service: z.enum(AWS_SERVICES),
  operation: z.string().min(1).describe('API operation name, e.g. GetBucketPolicy'),
  resource: z.string().optional().describe('bucket name / resource name / role name the fault is limited to'),
  region: z.string().optional(),
  error: z.string().min(1).describe('AWS error code, e.g. AccessDenied, ThrottlingException, SlowDown, InternalError'),
  message: z.string().optional(),
  status: z.number().int().min(400).max(599).optional().describe('HTTP status; default from the error code'),
  times: z.number().int().positive().optional().describe('fail this many matching requests, then succeed; omit = always'),
});
export type Fault = z.output<typeof Fault>;

const perServiceNumber = () => z.number().nonnegative().optional();
const perService = z.strictObject({
  default: perServiceNumber(),
  s3: perServiceNumber(),
  's3-control': perServiceNumber(),
  sagemaker: perServiceNumber(),
  iam: perServiceNumber(),
  sts: perServiceNumber(),
  ec2: perServiceNumber(),
  bedrock: perServiceNumber(),
  'bedrock-agent': perServiceNumber(),
} satisfies Record<AwsService | 'default', z.ZodType>);
export const LatencyMs = perService;
export const RateLimits = perService.describe('requests per second per service (token bucket, burst = 1 s of rate)');

export const AwsEstate = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
  organizationId: z.string().optional(),
  callerArn: z.string().optional().describe('STS GetCallerIdentity Arn; default arn:aws:iam::ACCOUNT:user/aispm-scanner'),
  enabledRegions: z.array(z.string()).default(['us-east-1']),
  publicAccessBlock: PublicAccessBlock.optional(),
  s3: z.strictObject({ buckets: z.array(S3Bucket).default([]) }).default({ buckets: [] }),
  regions: z.record(z.string(), AwsRegionState).default({}),
  iam: z.strictObject({ Roles: z.array(IamRole).default([]), Policies: z.array(IamPolicy).default([]) }).default({ Roles: [], Policies: [] }),
  faults: z.array(Fault).default([]),
  latencyMs: LatencyMs.optional(),
  rateLimits: RateLimits.optional(),
});
/** The parsed (defaults applied) AWS scenario that startAwsMock serves. */
export type AwsScenario = z.output<typeof AwsEstate>;
/** What a scenario author (or the generator) writes. */
export type AwsScenarioInput = z.input<typeof AwsEstate>;

export function isAwsService(s: string): s is AwsService {
  return (AWS_SERVICES as readonly string[]).includes(s);
}
