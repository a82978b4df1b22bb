// The Google half of a mock-cloud scenario: what the fakes serve and which faults they inject.
// Field names are Google's own (the JSON API / proto3 JSON camelCase representations), so a scenario
// reads like the API responses it produces. See mocks/scenarios/README.md, "Google Cloud scenarios".
import path from 'node:path';
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
  storage: ['buckets.list', 'buckets.get', 'buckets.getIamPolicy', 'bucketAccessControls.list', 'defaultObjectAccessControls.list', 'objects.list', 'objects.get'],
  aiplatform: [
    'ListDatasets', 'GetDataset', 'ListTrainingPipelines', 'GetTrainingPipeline', 'ListCustomJobs', 'GetCustomJob',
    'ListModels', 'GetModel', 'ListEndpoints', 'GetEndpoint', 'ListLocations', 'GetLocation',
  ],
  resourcemanager: [
    'ListProjects', 'SearchProjects', 'GetProject', 'GetIamPolicy', 'ListFolders', 'SearchFolders', 'GetFolder',
    'GetOrganization', 'SearchOrganizations', 'GetEffectivePolicy',
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

/** Organization Policy v2 specs keyed by constraint (e.g. storage.publicAccessPrevention: {rules: [{enforce: true}]}). */
const orgPoliciesSchema = z.record(
  z.string().regex(/^[A-Za-z0-9._-]+$/, 'a constraint name such as storage.publicAccessPrevention'),
  z.object({ rules: z.array(z.record(z.string(), z.unknown())).optional(), inheritFromParent: z.boolean().optional(), reset: z.boolean().optional() }).strict(),
).optional();

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
  orgPolicies: orgPoliciesSchema,
}).strict();
export type GcpProjectScenario = z.infer<typeof projectSchema>;

const gcpSectionSchema = z.object({
  organizations: z.array(z.object({
    name: z.string().regex(/^organizations\/\d+$/, 'organizations/NUMBER'),
    displayName: z.string().optional(),
    directoryCustomerId: z.string().optional(),
    state: z.enum(['ACTIVE', 'DELETE_REQUESTED']).default('ACTIVE'),
    orgPolicies: orgPoliciesSchema,
  }).strict()).default([]),
  folders: z.array(z.object({
    name: z.string().regex(/^folders\/\d+$/, 'folders/NUMBER'),
    parent: resourceParent,
    displayName: z.string().optional(),
    state: z.enum(['ACTIVE', 'DELETE_REQUESTED']).default('ACTIVE'),
    orgPolicies: orgPoliciesSchema,
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

/**
 * A rate limit is requests per second (token bucket refilled at that rate, burst = one second's worth unless given).
 * `scope` says what one bucket covers: the whole service (default), each project, or each project and location
 * (Vertex AI quotas are per project and region).
 */
const rateLimitValue = z.union([
  z.number().positive(),
  z.object({
    perSecond: z.number().positive(),
    burst: z.number().int().positive().optional(),
    scope: z.enum(['service', 'project', 'project-location']).optional(),
  }).strict(),
]);
export type GcpRateLimit = z.infer<typeof rateLimitValue>;

const latencySchema = perService(z.number().nonnegative());
const rateLimitsSchema = z.object({
  default: rateLimitValue.optional(), storage: rateLimitValue.optional(), aiplatform: rateLimitValue.optional(),
  resourcemanager: rateLimitValue.optional(), notebooks: rateLimitValue.optional(),
}).passthrough();

/**
 * The Google part of a scenario, flattened: the `gcp:` section plus the faults, latency and rate limits meant for
 * Google services (what mocks/scenario-file.ts hands over as `LoadedScenario.gcp`).
 */
const gcpPartSchema = gcpSectionSchema.extend({
  faults: z.array(faultSchema).default([]),
  latencyMs: latencySchema.optional(),
  rateLimits: rateLimitsSchema.optional(),
});

export interface GcpScenario {
  gcp: GcpSection;
  faults: GcpFault[];
  latencyMs: Partial<Record<GcpService | 'default', number>>;
  rateLimits: Partial<Record<GcpService | 'default', GcpRateLimit>>;
}

/** What callers may pass in code: the flattened Google part, or a whole scenario document with a `gcp` key. */
export type GcpScenarioInput = z.input<typeof gcpPartSchema> | { gcp: z.input<typeof gcpSectionSchema>; faults?: unknown[]; latencyMs?: unknown; rateLimits?: unknown; aws?: unknown };

const isGcpService = (s: string): s is GcpService => (GCP_SERVICES as readonly string[]).includes(s);
const TOP_LEVEL_KEYS = new Set(['faults', 'latencyMs', 'rateLimits']);

/** Turns a whole-file document ({gcp, aws?, faults, ...}) into the flattened Google part; passes a part through. */
function googlePart(doc: unknown): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || !('gcp' in doc)) return (doc ?? {}) as Record<string, unknown>;
  const d = doc as Record<string, any>;
  const section = (d.gcp ?? {}) as Record<string, any>;
  const ours = (f: any) => !('aws' in d) || (typeof f?.service === 'string' && isGcpService(f.service));
  const pick = (rec: Record<string, unknown> | undefined) =>
    rec === undefined ? undefined : Object.fromEntries(Object.entries(rec).filter(([k]) => k === 'default' || isGcpService(k) || !('aws' in d)));
  return {
    ...section,
    faults: [...(section.faults ?? []), ...((d.faults ?? []) as unknown[]).filter(ours)],
    latencyMs: section.latencyMs ?? pick(d.latencyMs),
    rateLimits: section.rateLimits ?? pick(d.rateLimits),
  };
}

/**
 * Validates the Google part of a scenario (either form, see GcpScenarioInput). Error paths are written as in the
 * file: `$.gcp.projects[0]...` for the estate, `$.faults[1]...` for faults. `bodyFile` paths resolve against baseDir.
 * Throws InputError naming the JSON path and what was expected.
 */
export function parseGcpScenario(doc: unknown, source = 'scenario', baseDir = process.cwd()): GcpScenario {
  const part = googlePart(doc);
  const asFile = (p: readonly PropertyKey[]) => (TOP_LEVEL_KEYS.has(String(p[0])) ? [...p] : ['gcp', ...p]);
  const fileView = () => {
    const { faults, latencyMs, rateLimits, ...section } = part;
    return { gcp: section, faults, latencyMs, rateLimits };
  };
  const parsed = gcpPartSchema.safeParse(part);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ ...i, path: asFile(i.path) }));
    throw new InputError(`${source}: invalid Google Cloud scenario\n${formatIssues(issues, fileView())}`);
  }
  const { faults: rawFaults, latencyMs, rateLimits, ...section } = parsed.data;
  const problems: string[] = [];
  const faults: GcpFault[] = [];
  rawFaults.forEach((f, i) => {
    if (!isGcpService(f.service)) {
      problems.push(`  at $.faults[${i}].service: expected one of ${GCP_SERVICES.join(', ')}, found ${JSON.stringify(f.service)}`);
      return;
    }
    if (f.method !== undefined && !GCP_METHODS[f.service].includes(f.method)) {
      problems.push(`  at $.faults[${i}].method: ${f.service} serves ${GCP_METHODS[f.service].join(', ')}; found ${JSON.stringify(f.method)}`);
    }
    faults.push(f as GcpFault);
  });
  problems.push(...checkReferences(section));
  if (problems.length) throw new InputError(`${source}: invalid Google Cloud scenario\n${problems.join('\n')}`);
  for (const p of section.projects) for (const b of p.storage?.buckets ?? []) for (const o of b.objects ?? []) {
    if (o.bodyFile !== undefined) o.bodyFile = path.resolve(baseDir, o.bodyFile);
  }
  const perServiceOf = <T>(o: Record<string, unknown> | undefined): Partial<Record<GcpService | 'default', T>> => {
    const out: Partial<Record<GcpService | 'default', T>> = {};
    for (const k of ['default', ...GCP_SERVICES] as const) if (o?.[k] !== undefined) out[k] = o[k] as T;
    return out;
  };
  return { gcp: section, faults, latencyMs: perServiceOf<number>(latencyMs), rateLimits: perServiceOf<GcpRateLimit>(rateLimits) };
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
