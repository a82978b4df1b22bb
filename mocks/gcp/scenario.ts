// The Google half of a mock-cloud scenario: what the fakes serve and which faults they inject.
// Field names are Google's own (the JSON API / proto3 JSON camelCase representations), so a scenario
// reads like the API responses it produces. See mocks/scenarios/README.md, "Google Cloud scenarios".
import { z } from 'zod';
import { InputError, formatIssues } from '../../src/model/errors.js';

export const GCP_SERVICES = ['storage', 'aiplatform', 'resourcemanager', 'notebooks'] as const;
export type GcpService = (typeof GCP_SERVICES)[number];

/** Error kinds a fault can inject: gRPC status names (mapped to HTTP for Storage) or HTTP codes (mapped to gRPC). */
export const GCP_FAULT_ERRORS = [
  'PERMISSION_DENIED', 'NOT_FOUND', 'RESOURCE_EXHAUSTED', 'UNAVAILABLE', 'SERVICE_DISABLED',
  'UNAUTHENTICATED', 'INTERNAL', 'DEADLINE_EXCEEDED',
  401, 403, 404, 429, 500, 503,
] as const;
export type GcpFaultError = (typeof GCP_FAULT_ERRORS)[number];

/** Storage methods use the JSON API method ids without the `storage.` prefix; gRPC services use RPC names. */
export const GCP_METHODS: Record<GcpService, readonly string[]> = {
  storage: ['buckets.list', 'buckets.get', 'buckets.getIamPolicy', 'objects.list', 'objects.get'],
  aiplatform: [
    'ListDatasets', 'GetDataset', 'ListTrainingPipelines', 'GetTrainingPipeline', 'ListCustomJobs', 'GetCustomJob',
    'ListModels', 'GetModel', 'ListEndpoints', 'GetEndpoint', 'ListLocations', 'GetLocation',
  ],
  resourcemanager: [
    'ListProjects', 'SearchProjects', 'GetProject', 'GetIamPolicy', 'ListFolders', 'SearchFolders', 'GetFolder',
    'GetOrganization', 'SearchOrganizations',
  ],
  notebooks: ['ListInstances', 'GetInstance', 'ListLocations', 'GetLocation'],
};

const iamBinding = z.object({
  role: z.string().min(1),
  members: z.array(z.string().min(1)),
  condition: z.object({ expression: z.string(), title: z.string().optional(), description: z.string().optional() }).optional(),
}).strict();

export const iamPolicySchema = z.object({
  version: z.number().int().optional(),
  bindings: z.array(iamBinding).default([]),
  etag: z.string().optional(),
  auditConfigs: z.array(z.unknown()).optional(),
}).strict();
export type GcpIamPolicy = z.infer<typeof iamPolicySchema>;

/** Object bytes come from exactly one source; `size` alone serves deterministic bytes from `generator`. */
const objectSchema = z.object({
  name: z.string().min(1),
  contentType: z.string().optional(),
  body: z.string().optional(),
  bodyBase64: z.string().optional(),
  bodyFile: z.string().optional(),
  size: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional(),
  generator: z.enum(['zeros', 'random', 'pytorch-zip']).optional(),
  seed: z.number().int().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  timeCreated: z.string().optional(),
  updated: z.string().optional(),
  storageClass: z.string().optional(),
  kmsKeyName: z.string().optional(),
}).strict().superRefine((o, ctx) => {
  const sources = ['body', 'bodyBase64', 'bodyFile'].filter((k) => (o as Record<string, unknown>)[k] !== undefined);
  if (sources.length > 1) ctx.addIssue({ code: 'custom', message: `give only one of body, bodyBase64, bodyFile (found ${sources.join(', ')})` });
  if (sources.length === 0 && o.size === undefined) ctx.addIssue({ code: 'custom', message: 'give one of body, bodyBase64, bodyFile, or size (+ generator)' });
});
export type GcpObjectScenario = z.infer<typeof objectSchema>;

/** A Cloud Storage JSON API bucket resource (any documented field passes through), plus IAM policy and objects. */
const bucketSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'a bucket name: 3-222 chars of a-z 0-9 . _ -'),
  iamPolicy: iamPolicySchema.optional(),
  objects: z.array(objectSchema).optional(),
}).passthrough();
export type GcpBucketScenario = z.infer<typeof bucketSchema>;

/** Any Vertex AI / Notebooks message in proto3 JSON; `name` may be a full resource name, a bare id, or omitted. */
const protoJsonResource = z.object({ name: z.string().optional() }).passthrough();
export type ProtoJsonResource = z.infer<typeof protoJsonResource>;

const vertexLocationSchema = z.object({
  datasets: z.array(protoJsonResource).optional(),
  trainingPipelines: z.array(protoJsonResource).optional(),
  customJobs: z.array(protoJsonResource).optional(),
  models: z.array(protoJsonResource).optional(),
  endpoints: z.array(protoJsonResource).optional(),
}).strict();
export type VertexLocationScenario = z.infer<typeof vertexLocationSchema>;
export const VERTEX_COLLECTIONS = ['datasets', 'trainingPipelines', 'customJobs', 'models', 'endpoints'] as const;
export type VertexCollection = (typeof VERTEX_COLLECTIONS)[number];

const resourceParent = z.string().regex(/^(organizations|folders)\/\d+$/, 'organizations/NUMBER or folders/NUMBER');

const projectSchema = z.object({
  projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a project id: 6-30 chars, lowercase letter first, a-z 0-9 -'),
  projectNumber: z.string().regex(/^\d+$/, 'digits, as a string').optional(),
  displayName: z.string().optional(),
  parent: resourceParent.optional(),
  state: z.enum(['ACTIVE', 'DELETE_REQUESTED']).default('ACTIVE'),
  labels: z.record(z.string(), z.string()).optional(),
  createTime: z.string().optional(),
  iamPolicy: iamPolicySchema.optional(),
  storage: z.object({ buckets: z.array(bucketSchema).default([]) }).strict().optional(),
  vertex: z.object({ locations: z.record(z.string(), vertexLocationSchema).default({}) }).strict().optional(),
  notebooks: z.object({
    locations: z.record(z.string(), z.object({ instances: z.array(protoJsonResource).default([]) }).strict()).default({}),
  }).strict().optional(),
  apisDisabled: z.array(z.string().regex(/^[a-z0-9.-]+\.googleapis\.com$/, 'a service name like aiplatform.googleapis.com')).optional(),
}).strict();
export type GcpProjectScenario = z.infer<typeof projectSchema>;

const gcpSectionSchema = z.object({
  organizations: z.array(z.object({
    name: z.string().regex(/^organizations\/\d+$/, 'organizations/NUMBER'),
    displayName: z.string().optional(),
    directoryCustomerId: z.string().optional(),
    state: z.enum(['ACTIVE', 'DELETE_REQUESTED']).default('ACTIVE'),
  }).strict()).default([]),
  folders: z.array(z.object({
    name: z.string().regex(/^folders\/\d+$/, 'folders/NUMBER'),
    parent: resourceParent,
    displayName: z.string().optional(),
    state: z.enum(['ACTIVE', 'DELETE_REQUESTED']).default('ACTIVE'),
  }).strict()).default([]),
  projects: z.array(projectSchema).default([]),
}).strict();
export type GcpSection = z.infer<typeof gcpSectionSchema>;

const faultSchema = z.object({
  service: z.string(),
  method: z.string().optional(),
  resource: z.string().optional(),
  error: z.union([z.enum(GCP_FAULT_ERRORS.filter((e): e is Extract<GcpFaultError, string> => typeof e === 'string') as [string, ...string[]]),
    z.literal(401), z.literal(403), z.literal(404), z.literal(429), z.literal(500), z.literal(503)]),
  message: z.string().optional(),
  times: z.number().int().positive().optional(),
}).strict();
export type GcpFault = Omit<z.infer<typeof faultSchema>, 'service' | 'error'> & { service: GcpService; error: GcpFaultError };

const perService = (v: z.ZodType<number>) => z.object({
  default: v.optional(), storage: v.optional(), aiplatform: v.optional(), resourcemanager: v.optional(), notebooks: v.optional(),
}).passthrough();

/** A rate limit is requests per second (token bucket refilled at that rate, burst = one second's worth unless given). */
const rateLimitValue = z.union([
  z.number().positive(),
  z.object({ perSecond: z.number().positive(), burst: z.number().int().positive().optional() }).strict(),
]);
export type GcpRateLimit = z.infer<typeof rateLimitValue>;

/** The whole scenario file: `aws` (the AWS fakes' part) passes through untouched. */
export const gcpScenarioFileSchema = z.object({
  gcp: gcpSectionSchema.default({ organizations: [], folders: [], projects: [] }),
  faults: z.array(faultSchema).default([]),
  latencyMs: perService(z.number().nonnegative()).optional(),
  rateLimits: z.object({
    default: rateLimitValue.optional(), storage: rateLimitValue.optional(), aiplatform: rateLimitValue.optional(),
    resourcemanager: rateLimitValue.optional(), notebooks: rateLimitValue.optional(),
  }).passthrough().optional(),
}).passthrough();

export interface GcpScenario {
  gcp: GcpSection;
  faults: GcpFault[];
  latencyMs: Partial<Record<GcpService | 'default', number>>;
  rateLimits: Partial<Record<GcpService | 'default', GcpRateLimit>>;
}

/** Input type for callers building scenarios in code (defaults may be omitted). */
export type GcpScenarioInput = z.input<typeof gcpScenarioFileSchema>;

const isGcpService = (s: string): s is GcpService => (GCP_SERVICES as readonly string[]).includes(s);

/**
 * Validates a parsed scenario document (YAML or JSON already decoded). Faults for services that are not Google's
 * are left to the other provider's parser when the document has an `aws` section, and are an error otherwise.
 * Throws InputError naming the JSON path and what was expected.
 */
export function parseGcpScenario(doc: unknown, source = 'scenario'): GcpScenario {
  const parsed = gcpScenarioFileSchema.safeParse(doc ?? {});
  if (!parsed.success) throw new InputError(`${source}: invalid Google Cloud scenario\n${formatIssues(parsed.error.issues, doc)}`);
  const v = parsed.data;
  const hasOtherProvider = typeof doc === 'object' && doc !== null && 'aws' in doc;
  const problems: string[] = [];
  const faults: GcpFault[] = [];
  v.faults.forEach((f, i) => {
    if (!isGcpService(f.service)) {
      if (!hasOtherProvider) problems.push(`  at $.faults[${i}].service: expected one of ${GCP_SERVICES.join(', ')}, found ${JSON.stringify(f.service)}`);
      return;
    }
    if (f.method !== undefined && !GCP_METHODS[f.service].includes(f.method)) {
      problems.push(`  at $.faults[${i}].method: ${f.service} serves ${GCP_METHODS[f.service].join(', ')}; found ${JSON.stringify(f.method)}`);
    }
    faults.push(f as GcpFault);
  });
  problems.push(...checkReferences(v.gcp));
  if (problems.length) throw new InputError(`${source}: invalid Google Cloud scenario\n${problems.join('\n')}`);
  const pick = <T>(o: Record<string, unknown> | undefined): Partial<Record<GcpService | 'default', T>> => {
    const out: Partial<Record<GcpService | 'default', T>> = {};
    for (const k of ['default', ...GCP_SERVICES] as const) if (o?.[k] !== undefined) out[k] = o[k] as T;
    return out;
  };
  return { gcp: v.gcp, faults, latencyMs: pick<number>(v.latencyMs), rateLimits: pick<GcpRateLimit>(v.rateLimits) };
}

function checkReferences(gcp: GcpSection): string[] {
  const problems: string[] = [];
  const containers = new Set([...gcp.organizations.map((o) => o.name), ...gcp.folders.map((f) => f.name)]);
  gcp.folders.forEach((f, i) => {
    if (!containers.has(f.parent)) problems.push(`  at $.gcp.folders[${i}].parent: no organization or folder named ${f.parent} in the scenario`);
  });
  const ids = new Set<string>();
  const buckets = new Set<string>();
  gcp.projects.forEach((p, i) => {
    if (p.parent && !containers.has(p.parent)) problems.push(`  at $.gcp.projects[${i}].parent: no organization or folder named ${p.parent} in the scenario`);
    if (ids.has(p.projectId)) problems.push(`  at $.gcp.projects[${i}].projectId: duplicate project id ${p.projectId}`);
    ids.add(p.projectId);
    (p.storage?.buckets ?? []).forEach((b, j) => {
      if (buckets.has(b.name)) problems.push(`  at $.gcp.projects[${i}].storage.buckets[${j}].name: bucket names are global; ${b.name} appears twice`);
      buckets.add(b.name);
    });
  });
  return problems;
}
