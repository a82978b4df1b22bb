// Generates Google Cloud estates of any size with realistic proportions, deterministic per seed: an organization with
// folders and projects; buckets for training data, model artifacts, logs and scratch; Vertex AI datasets importing
// from bucket prefixes, pipelines training on them and producing models, endpoints serving a fraction of the models,
// custom jobs, Workbench instances; and a few world-readable, world-writable and cross-project-writable buckets.
import type { GcpScenarioInput } from '../gcp/scenario.js';
import { derivedProjectNumber } from '../gcp/state.js';
import { SeededRandom } from './random.js';

export interface GcpGeneratorOptions {
  /** number of projects (default 1) */
  projects?: number;
  /** buckets in total, spread over the projects (default 50) */
  buckets?: number;
  /** Vertex AI resources in total (datasets, pipelines, custom jobs, models, endpoints), spread over projects and locations (default 40) */
  vertexResources?: number;
  /** Workbench instances in total (default: vertexResources / 20, rounded up) */
  notebooks?: number;
  /** Vertex AI locations, or how many of the default list to use (default 3) */
  locations?: string[] | number;
  /** objects per data or model bucket (default 3; the first model object of each model bucket is a PyTorch zip) */
  objectsPerBucket?: number;
  /** size of generated model artifacts in bytes (default 256 KiB) */
  modelArtifactBytes?: number;
  seed?: number;
  /** add the realistic latency and rate limits (GCP_QUOTA_PRESET); default false */
  quotas?: boolean;
}

export const DEFAULT_LOCATIONS = ['us-central1', 'europe-west4', 'asia-northeast1', 'us-east4', 'europe-west1', 'asia-southeast1'];

/**
 * Latency and request-rate limits modelled on Google's published defaults (requests per second):
 * - storage 5000/s: a bucket's initial read capacity ("approximately 5000 object read requests per second, which
 *   includes listing objects, reading object data, and reading object metadata"),
 *   https://cloud.google.com/storage/docs/request-rate. Bucket metadata/IAM reads have no separate published quota.
 * - aiplatform 10/s per project and region: "Resource management (CRUD) requests: 600 per minute" per project and
 *   supported region, https://cloud.google.com/vertex-ai/docs/quotas.
 * - resourcemanager 10/s per project: v3 list operations "up to 10 requests per second" (v3 search: 4/s),
 *   https://cloud.google.com/resource-manager/docs/limits.
 * - notebooks 10/s per project and region: assumed equal to Vertex AI resource management (no published read quota
 *   found for notebooks.googleapis.com v2).
 * - latency 20 ms per reply (the benchmark's reference latency, issue 8), not a Google figure.
 */
export const GCP_QUOTA_PRESET = {
  latencyMs: { default: 20 },
  rateLimits: {
    storage: { perSecond: 5000, scope: 'project' as const },
    aiplatform: { perSecond: 10, scope: 'project-location' as const },
    resourcemanager: { perSecond: 10, scope: 'service' as const },
    notebooks: { perSecond: 10, scope: 'project-location' as const },
  },
};

type Json = Record<string, unknown>;
const ORG = 'organizations/100000000001';
const TIME = '2024-03-01T08:00:00Z';

/** Splits `total` over `parts` as evenly as possible (the first ones get the remainder). */
function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

export function generateGcpScenario(options: GcpGeneratorOptions = {}): GcpScenarioInput {
  const seed = options.seed ?? 1;
  const rnd = new SeededRandom(seed);
  const projectCount = Math.max(1, options.projects ?? 1);
  const locations = Array.isArray(options.locations) ? options.locations : DEFAULT_LOCATIONS.slice(0, Math.max(1, options.locations ?? 3));
  const vertexTotal = options.vertexResources ?? 40;
  const notebookTotal = options.notebooks ?? Math.ceil(vertexTotal / 20);
  const objectsPerBucket = options.objectsPerBucket ?? 3;
  const artifactBytes = options.modelArtifactBytes ?? 256 * 1024;

  const folderCount = Math.max(1, Math.ceil(projectCount / 5));
  const folders = Array.from({ length: folderCount }, (_, i) => ({ name: `folders/${200000 + i}`, parent: ORG, displayName: `team-${i}` }));
  const projectIds = Array.from({ length: projectCount }, (_, i) => `ml-${String(i).padStart(3, '0')}-${rnd.fork(`p${i}`).token(4)}`);
  const bucketsPer = spread(options.buckets ?? 50, projectCount);
  const vertexPer = spread(vertexTotal, projectCount);
  const notebooksPer = spread(notebookTotal, projectCount);

  const projects = projectIds.map((projectId, pi) => {
    const r = rnd.fork(`project-${pi}`);
    const projectNumber = derivedProjectNumber(projectId);
    const computeSa = `${projectNumber}-compute@developer.gserviceaccount.com`;
    const trainerSa = `trainer@${projectId}.iam.gserviceaccount.com`;
    const otherProject = projectIds[(pi + 1) % projectCount] === projectId ? 'partner-data-ext' : projectIds[(pi + 1) % projectCount];

    const buckets = generateBuckets(r.fork('buckets'), projectId, bucketsPer[pi], { trainerSa, otherProject, objectsPerBucket, artifactBytes });
    const dataBuckets = buckets.filter((b) => (b.labels as Json).purpose === 'training-data').map((b) => b.name as string);
    const modelBuckets = buckets.filter((b) => (b.labels as Json).purpose === 'models').map((b) => b.name as string);
    const dataBucket = (x: SeededRandom) => (dataBuckets.length ? x.pick(dataBuckets) : `${projectId}-external-data`);
    const modelBucket = (x: SeededRandom) => (modelBuckets.length ? x.pick(modelBuckets) : `${projectId}-external-models`);

    const perLocation = spread(vertexPer[pi], locations.length);
    const vertexLocations: Record<string, Json> = {};
    locations.forEach((location, li) => {
      const v = generateVertex(r.fork(`vertex-${location}`), { projectId, projectNumber, location, total: perLocation[li], computeSa, trainerSa, dataBucket, modelBucket });
      if (perLocation[li] > 0) vertexLocations[location] = v;
    });

    const notebookZones: Record<string, { instances: Json[] }> = {};
    const nr = r.fork('notebooks');
    for (let i = 0; i < notebooksPer[pi]; i++) {
      const zone = `${locations[i % locations.length]}-${nr.pick(['a', 'b', 'c'])}`;
      (notebookZones[zone] ??= { instances: [] }).instances.push({
        name: `wb-${String(i).padStart(4, '0')}`,
        creator: `user${nr.int(1, 40)}@example.com`,
        state: nr.pick(['ACTIVE', 'ACTIVE', 'ACTIVE', 'STOPPED']),
        gceSetup: {
          machineType: nr.pick(['e2-standard-4', 'n1-standard-8', 'a2-highgpu-1g']),
          disablePublicIp: nr.chance(0.5),
          serviceAccounts: [{ email: nr.chance(0.5) ? computeSa : trainerSa }],
          metadata: { 'notebook-disable-root': nr.chance(0.6) ? 'true' : 'false' },
          networkInterfaces: [{ network: `projects/${projectId}/global/networks/ml-vpc`, subnet: `projects/${projectId}/regions/${locations[i % locations.length]}/subnetworks/ml` }],
        },
        createTime: TIME,
      });
    }

    return {
      projectId,
      projectNumber,
      parent: folders[pi % folderCount].name,
      displayName: projectId,
      labels: { env: r.pick(['prod', 'prod', 'dev', 'staging']) },
      iamPolicy: {
        version: 3,
        bindings: [
          { role: 'roles/owner', members: ['group:platform-admins@example.com'] },
          { role: 'roles/aiplatform.user', members: [`serviceAccount:${trainerSa}`, 'group:ml-team@example.com'] },
          { role: 'roles/editor', members: [`serviceAccount:${computeSa}`] },
          { role: 'roles/storage.objectAdmin', members: [`serviceAccount:${trainerSa}`] },
        ],
      },
      storage: { buckets },
      vertex: { locations: vertexLocations },
      notebooks: { locations: notebookZones },
    };
  });

  return {
    gcp: {
      organizations: [{ name: ORG, displayName: 'example.com', directoryCustomerId: 'C01mock01' }],
      folders,
      projects,
    },
    ...(options.quotas ? { latencyMs: GCP_QUOTA_PRESET.latencyMs, rateLimits: GCP_QUOTA_PRESET.rateLimits } : {}),
  } as GcpScenarioInput;
}

interface BucketContext {
  trainerSa: string;
  otherProject: string;
  objectsPerBucket: number;
  artifactBytes: number;
}

/** Bucket mix: ~45% training data, ~20% models, ~10% logs, ~25% scratch; ~3% allUsers readers, ~2% allAuthenticatedUsers writers, ~3% writable from another project. */
function generateBuckets(r: SeededRandom, projectId: string, count: number, ctx: BucketContext): Json[] {
  return Array.from({ length: count }, (_, i) => {
    const purpose = r.next() < 0.45 ? 'training-data' : r.next() < 0.36 ? 'models' : r.next() < 0.25 ? 'logs' : 'scratch';
    const name = `${projectId}-${purpose === 'training-data' ? 'data' : purpose}-${String(i).padStart(5, '0')}`;
    const ubla = r.chance(0.8);
    const bindings: Json[] = [
      { role: 'roles/storage.legacyBucketOwner', members: [`projectEditor:${projectId}`, `projectOwner:${projectId}`] },
      { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${projectId}`] },
      { role: 'roles/storage.objectAdmin', members: [`serviceAccount:${ctx.trainerSa}`] },
    ];
    const exposure = r.next();
    if (exposure < 0.03) bindings.push({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
    else if (exposure < 0.05) bindings.push({ role: 'roles/storage.objectCreator', members: ['allAuthenticatedUsers'] });
    else if (exposure < 0.08) bindings.push({ role: 'roles/storage.objectAdmin', members: [`serviceAccount:etl@${ctx.otherProject}.iam.gserviceaccount.com`] });
    if (r.chance(0.05)) {
      bindings.push({
        role: 'roles/storage.objectViewer', members: ['group:analysts@example.com'],
        condition: { title: 'exports-only', expression: `resource.name.startsWith("projects/_/buckets/${name}/objects/exports/")` },
      });
    }
    const bucket: Json = {
      name,
      location: r.pick(['US', 'US-CENTRAL1', 'EU', 'EUROPE-WEST4', 'ASIA-NORTHEAST1']),
      storageClass: purpose === 'logs' ? 'NEARLINE' : 'STANDARD',
      labels: { purpose, team: r.pick(['vision', 'nlp', 'recsys', 'platform']) },
      iamConfiguration: { uniformBucketLevelAccess: { enabled: ubla }, publicAccessPrevention: r.chance(0.4) ? 'enforced' : 'inherited' },
      versioning: { enabled: r.chance(purpose === 'models' ? 0.7 : 0.4) },
      timeCreated: TIME,
      iamPolicy: { version: 3, bindings },
    };
    if (r.chance(0.15)) bucket.retentionPolicy = { retentionPeriod: String(r.pick([86400, 2592000, 31536000])), isLocked: r.chance(0.3), effectiveTime: TIME };
    if (r.chance(0.1)) bucket.softDeletePolicy = { retentionDurationSeconds: '0' };
    if (r.chance(0.3)) bucket.encryption = { defaultKmsKeyName: `projects/${projectId}/locations/us/keyRings/ml/cryptoKeys/${purpose}` };
    if (r.chance(0.4)) bucket.logging = { logBucket: `${projectId}-access-logs`, logObjectPrefix: name };
    if (!ubla) {
      bucket.acl = [{ entity: `project-owners-${projectId}`, role: 'OWNER' }, ...(r.chance(0.15) ? [{ entity: 'allUsers', role: 'READER' }] : [])];
      bucket.defaultObjectAcl = [{ entity: `project-owners-${projectId}`, role: 'OWNER' }];
    }
    if (purpose === 'training-data') {
      bucket.objects = Array.from({ length: ctx.objectsPerBucket }, (_, k) =>
        k === 0
          ? { name: 'datasets/import.jsonl', contentType: 'application/jsonl', body: `{"imageGcsUri":"gs://${name}/datasets/images/0.jpg","classificationAnnotation":{"displayName":"cat"}}\n` }
          : { name: `datasets/images/${k - 1}.jpg`, contentType: 'image/jpeg', size: r.int(2048, 65536), generator: 'random' });
    } else if (purpose === 'models') {
      bucket.objects = Array.from({ length: ctx.objectsPerBucket }, (_, k) =>
        k === 0
          ? { name: 'models/model.pt', contentType: 'application/octet-stream', size: ctx.artifactBytes, generator: 'pytorch-zip' }
          : { name: `models/metadata-${k}.json`, contentType: 'application/json', body: `{"framework":"pytorch","version":${k}}` });
    }
    return bucket;
  });
}

interface VertexContext {
  projectId: string;
  projectNumber: string;
  location: string;
  total: number;
  computeSa: string;
  trainerSa: string;
  dataBucket(r: SeededRandom): string;
  modelBucket(r: SeededRandom): string;
}

/** Vertex mix per location: 25% datasets, 20% pipelines, 20% custom jobs, 20% models, 15% endpoints. */
function generateVertex(r: SeededRandom, ctx: VertexContext): Json {
  const [nDatasets, nPipelines, nJobs, nModels, nEndpoints] = splitByWeights(ctx.total, [25, 20, 20, 20, 15]);
  const base = `projects/${ctx.projectNumber}/locations/${ctx.location}`;
  const cmek = (x: SeededRandom) => (x.chance(0.3) ? { encryptionSpec: { kmsKeyName: `projects/${ctx.projectId}/locations/${ctx.location}/keyRings/ml/cryptoKeys/vertex` } } : {});
  const network = `projects/${ctx.projectNumber}/global/networks/ml-vpc`;
  const id = (kind: number, i: number) => `${kind}${String(i).padStart(8, '0')}`;

  const datasets = Array.from({ length: nDatasets }, (_, i) => {
    const bucket = ctx.dataBucket(r);
    return {
      name: id(1, i),
      displayName: `dataset-${i}`,
      metadataSchemaUri: r.pick(['gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml', 'gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml', 'gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml']),
      metadata: { inputConfig: { gcsSource: { uri: [`gs://${bucket}/datasets/import.jsonl`] } } },
      createTime: TIME,
      ...cmek(r),
    };
  });
  const models = Array.from({ length: nModels }, (_, i) => ({
    name: id(4, i),
    displayName: `model-${i}`,
    artifactUri: `gs://${ctx.modelBucket(r)}/models/`,
    containerSpec: { imageUri: r.pick(['us-docker.pkg.dev/vertex-ai/prediction/pytorch-cpu.2-1:latest', 'us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest']) },
    createTime: TIME,
    ...cmek(r),
  }));
  const trainingPipelines = Array.from({ length: nPipelines }, (_, i) => {
    const dataset = datasets.length ? r.pick(datasets).name : undefined;
    const model = models[i % Math.max(1, models.length)];
    return {
      name: id(2, i),
      displayName: `train-${i}`,
      state: r.pick(['PIPELINE_STATE_SUCCEEDED', 'PIPELINE_STATE_SUCCEEDED', 'PIPELINE_STATE_FAILED', 'PIPELINE_STATE_RUNNING']),
      trainingTaskDefinition: 'gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml',
      trainingTaskInputs: { workerPoolSpecs: [{ machineSpec: { machineType: 'n1-standard-8' }, replicaCount: 1 }], baseOutputDirectory: { outputUriPrefix: `gs://${ctx.modelBucket(r)}/pipelines/${i}/` }, serviceAccount: r.chance(0.4) ? ctx.computeSa : ctx.trainerSa },
      inputDataConfig: { ...(dataset ? { datasetId: dataset } : {}), gcsDestination: { outputUriPrefix: `gs://${ctx.modelBucket(r)}/pipelines/${i}/data/` } },
      ...(model ? { modelToUpload: { displayName: model.displayName, artifactUri: model.artifactUri }, modelId: model.name } : {}),
      createTime: TIME,
      ...cmek(r),
    };
  });
  const customJobs = Array.from({ length: nJobs }, (_, i) => ({
    name: id(3, i),
    displayName: `job-${i}`,
    state: r.pick(['JOB_STATE_SUCCEEDED', 'JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED']),
    jobSpec: {
      workerPoolSpecs: [{
        machineSpec: { machineType: r.pick(['n1-standard-4', 'a2-highgpu-1g']) },
        replicaCount: '1',
        containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-1:latest', args: [`--data=gs://${ctx.dataBucket(r)}/datasets/images/`] },
      }],
      baseOutputDirectory: { outputUriPrefix: `gs://${ctx.modelBucket(r)}/jobs/${i}/` },
      serviceAccount: r.chance(0.4) ? ctx.computeSa : ctx.trainerSa,
      ...(r.chance(0.6) ? { network } : {}),
    },
    createTime: TIME,
    ...cmek(r),
  }));
  const endpoints = Array.from({ length: nEndpoints }, (_, i) => {
    const deployed = models.length ? r.sample(models, r.int(1, Math.min(2, models.length))) : [];
    const isPrivate = r.chance(0.4);
    return {
      name: id(5, i),
      displayName: `endpoint-${i}`,
      deployedModels: deployed.map((m, k) => ({ id: `${6}${String(i * 10 + k).padStart(8, '0')}`, model: `${base}/models/${m.name}`, displayName: m.displayName, createTime: TIME })),
      trafficSplit: Object.fromEntries(deployed.map((_, k) => [`${6}${String(i * 10 + k).padStart(8, '0')}`, k === 0 ? 100 : 0])),
      ...(isPrivate ? { network } : {}),
      createTime: TIME,
      ...cmek(r),
    };
  });
  return { datasets, trainingPipelines, customJobs, models, endpoints };
}

/** Integer split of `total` proportional to `weights` (largest remainder), so the parts always sum to total. */
function splitByWeights(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i]++;
  }
  return parts;
}
