import type {
  Edge,
  GcpVertexaiCustomJob,
  GcpVertexaiDataset,
  GcpVertexaiEndpoint,
  GcpVertexaiModel,
  GcpVertexaiTrainingPipeline,
} from '../../../model/index.js';
import { storageEdge, storageEdges } from './edges.js';
import { asArray, asObject, asString, gcsUrisIn, labelsOf, plainValue } from './proto-value.js';
import { isDefaultComputeEmail, serviceAccountId, type ProjectRef } from './service-account.js';

/** Where a Vertex resource was listed: the scanned project and the location. */
export interface VertexScope extends ProjectRef {
  location: string;
}

export interface Mapped<R> {
  resource: R;
  edges: Edge[];
  /** service accounts the resource runs as or names, for gcp.iam.service-account resources */
  serviceAccounts: string[];
}

type ApiObject = Record<string, unknown>;

const lastSegment = (name: string) => name.slice(name.lastIndexOf('/') + 1);
const kmsOf = (o: ApiObject) => asString(asObject(o.encryptionSpec).kmsKeyName) ?? null;

/** projects/{p}/locations/{l} of a resource name, so sibling ids (datasetId, modelId) resolve to full names. */
function parentOf(name: string, scope: VertexScope): string {
  const m = /^(projects\/[^/]+\/locations\/[^/]+)\//.exec(name);
  return m ? m[1] : `projects/${scope.projectNumber ?? scope.projectId}/locations/${scope.location}`;
}

/** A sibling resource's full name; a model version suffix (models/123@2) is dropped, since the model resource is versionless. */
const fullName = (sibling: string, collection: string, id: string, scope: VertexScope) => {
  const bare = collection === 'models' ? id.replace(/@[^/]+$/, '') : id;
  return bare.startsWith('projects/') ? bare : `${parentOf(sibling, scope)}/${collection}/${bare}`;
};

function envelope(o: ApiObject, scope: VertexScope) {
  const name = String(o.name ?? '');
  return {
    id: name,
    provider: 'gcp' as const,
    account: scope.projectId,
    region: scope.location,
    name: asString(o.displayName) ?? lastSegment(name),
    tags: labelsOf(o.labels),
    gaps: [],
  };
}

/** Every string anywhere in a value, for finding gs:// URIs in free-form job inputs. */
function stringsIn(v: unknown, skipKeys: ReadonlySet<string> = new Set()): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap((x) => stringsIn(x, skipKeys));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => (skipKeys.has(k) ? [] : stringsIn(x, skipKeys)));
  return [];
}

/** Container images of worker pools (container or Python package executor). */
function imagesOf(workerPoolSpecs: unknown): string[] {
  return asArray(workerPoolSpecs)
    .flatMap((w) => [asObject(asObject(w).containerSpec).imageUri, asObject(asObject(w).pythonPackageSpec).executorImageUri])
    .filter((x): x is string => typeof x === 'string' && x.length > 0);
}

const OUTPUT_KEYS = new Set(['baseOutputDirectory', 'gcsDestination', 'outputUriPrefix']);

export function mapDataset(o: ApiObject, scope: VertexScope): Mapped<GcpVertexaiDataset> {
  const metadata = asObject(plainValue(o.metadata));
  const inputConfig = asObject(metadata.inputConfig);
  const gcsSource = asObject(inputConfig.gcsSource);
  const sources = new Set<string>();
  for (const u of [...asArray(gcsSource.uri), ...asArray(gcsSource.uris)]) if (typeof u === 'string' && u.startsWith('gs://')) sources.add(u);
  // image/text/video datasets name the bucket holding their data items
  const gcsBucket = asString(metadata.gcsBucket);
  if (gcsBucket) sources.add(gcsBucket.startsWith('gs://') ? gcsBucket : `gs://${gcsBucket}/`);
  const gcsSources = [...sources].sort();
  const resource: GcpVertexaiDataset = {
    ...envelope(o, scope),
    kind: 'gcp.vertexai.dataset',
    category: 'ml.dataset',
    ...(asString(o.metadataSchemaUri) ? { metadataSchemaUri: String(o.metadataSchemaUri) } : {}),
    gcsSources,
    kmsKeyName: kmsOf(o),
  };
  return { resource, edges: storageEdges(resource.id, 'imports-from', gcsSources), serviceAccounts: [] };
}

export function mapTrainingPipeline(o: ApiObject, scope: VertexScope): Mapped<GcpVertexaiTrainingPipeline> {
  const name = String(o.name ?? '');
  const inputs = asObject(plainValue(o.trainingTaskInputs));
  // a hyperparameter tuning task nests its CustomJobSpec under trialJobSpec; a custom task has it at the top
  const jobSpec = inputs.trialJobSpec !== undefined ? asObject(inputs.trialJobSpec) : inputs;
  const inputDataConfig = asObject(o.inputDataConfig);
  const modelToUpload = asObject(o.modelToUpload);
  const datasetId = asString(inputDataConfig.datasetId) ? fullName(name, 'datasets', String(inputDataConfig.datasetId), scope) : undefined;
  // modelToUpload.name once uploaded; else the parentModel it becomes a version of, else the modelId it will get
  const modelRef = asString(modelToUpload.name) ?? asString(o.parentModel) ?? asString(o.modelId);
  const modelId = modelRef ? fullName(name, 'models', modelRef, scope) : undefined;
  const baseOutput = asString(asObject(jobSpec.baseOutputDirectory).outputUriPrefix);
  const exportDir = asString(asObject(inputDataConfig.gcsDestination).outputUriPrefix);
  const modelArtifacts = asString(modelToUpload.artifactUri);
  const serviceAccount = asString(jobSpec.serviceAccount) ?? asString(o.serviceAccount);
  const network = asString(jobSpec.network);
  const inputUris = gcsUrisIn(stringsIn(inputs, OUTPUT_KEYS));
  const resource: GcpVertexaiTrainingPipeline = {
    ...envelope(o, scope),
    kind: 'gcp.vertexai.training-pipeline',
    category: 'ml.training',
    state: String(o.state ?? 'PIPELINE_STATE_UNSPECIFIED'),
    ...(asString(o.trainingTaskDefinition) ? { trainingTaskDefinition: String(o.trainingTaskDefinition) } : {}),
    ...(datasetId ? { datasetId } : {}),
    inputUris,
    ...(baseOutput ?? exportDir ? { baseOutputDirectory: (baseOutput ?? exportDir)! } : {}),
    ...(modelId ? { modelId } : {}),
    ...(serviceAccount ? { serviceAccount } : {}),
    ...(network ? { network } : {}),
    kmsKeyName: kmsOf(o),
  };
  const edges: Edge[] = [];
  if (datasetId) edges.push({ from: resource.id, to: datasetId, type: 'reads-from' });
  edges.push(...storageEdges(resource.id, 'reads-from', inputUris));
  // Vertex exports the dataset under gcsDestination and the training code reads it back from there
  // (AIP_TRAINING_DATA_URI, AIP_VALIDATION_DATA_URI, AIP_TEST_DATA_URI), so a writer of it can poison the training
  if (exportDir) edges.push(...storageEdges(resource.id, 'reads-from', [exportDir]));
  edges.push(...storageEdges(resource.id, 'writes-to', [baseOutput, exportDir, modelArtifacts].filter((u): u is string => !!u)));
  if (modelId) edges.push({ from: resource.id, to: modelId, type: 'produces' });
  if (serviceAccount) edges.push({ from: resource.id, to: serviceAccountId(serviceAccount, scope), type: 'uses-role' });
  return { resource, edges, serviceAccounts: serviceAccount ? [serviceAccount] : [] };
}

export function mapCustomJob(o: ApiObject, scope: VertexScope): Mapped<GcpVertexaiCustomJob> {
  const spec = asObject(plainValue(o.jobSpec));
  const baseOutput = asString(asObject(spec.baseOutputDirectory).outputUriPrefix);
  const serviceAccount = asString(spec.serviceAccount);
  const network = asString(spec.network);
  const inputUris = gcsUrisIn(stringsIn(spec.workerPoolSpecs, new Set(['imageUri', 'executorImageUri'])));
  const resource: GcpVertexaiCustomJob = {
    ...envelope(o, scope),
    kind: 'gcp.vertexai.custom-job',
    category: 'ml.training',
    state: String(o.state ?? 'JOB_STATE_UNSPECIFIED'),
    inputUris,
    ...(baseOutput ? { baseOutputDirectory: baseOutput } : {}),
    ...(serviceAccount ? { serviceAccount } : {}),
    usesDefaultServiceAccount: !serviceAccount || isDefaultComputeEmail(serviceAccount),
    ...(network ? { network } : {}),
    enableWebAccess: spec.enableWebAccess === true,
    images: [...new Set(imagesOf(spec.workerPoolSpecs))].sort(),
    kmsKeyName: kmsOf(o),
  };
  const edges: Edge[] = [...storageEdges(resource.id, 'reads-from', inputUris)];
  const out = baseOutput ? storageEdge(resource.id, 'writes-to', baseOutput) : undefined;
  if (out) edges.push(out);
  if (serviceAccount) edges.push({ from: resource.id, to: serviceAccountId(serviceAccount, scope), type: 'uses-role' });
  return { resource, edges, serviceAccounts: serviceAccount ? [serviceAccount] : [] };
}

export function mapModel(o: ApiObject, scope: VertexScope): Mapped<GcpVertexaiModel> {
  const artifactUri = asString(o.artifactUri);
  const trainingPipeline = asString(o.trainingPipeline);
  const resource: GcpVertexaiModel = {
    ...envelope(o, scope),
    kind: 'gcp.vertexai.model',
    category: 'ml.model',
    ...(artifactUri ? { artifactUri } : {}),
    ...(asString(asObject(o.containerSpec).imageUri) ? { containerImageUri: String(asObject(o.containerSpec).imageUri) } : {}),
    ...(trainingPipeline ? { trainingPipeline } : {}),
    deployedEndpoints: [...new Set(asArray(o.deployedModels).map((d) => asString(asObject(d).endpoint)).filter((e): e is string => !!e))].sort(),
    kmsKeyName: kmsOf(o),
  };
  const edges: Edge[] = [];
  const stored = artifactUri ? storageEdge(resource.id, 'stored-in', artifactUri) : undefined;
  if (stored) edges.push(stored);
  if (trainingPipeline) edges.push({ from: trainingPipeline, to: resource.id, type: 'produces' });
  return { resource, edges, serviceAccounts: [] };
}

export function mapEndpoint(o: ApiObject, scope: VertexScope): Mapped<GcpVertexaiEndpoint> {
  const name = String(o.name ?? '');
  const deployedModels = asArray(o.deployedModels).map((d) => {
    const x = asObject(d);
    const model = asString(x.model);
    return {
      id: String(x.id ?? ''),
      model: model ? fullName(name, 'models', model, scope) : '',
      ...(asString(x.serviceAccount) ? { serviceAccount: String(x.serviceAccount) } : {}),
      ...(typeof x.disableContainerLogging === 'boolean' ? { disableContainerLogging: x.disableContainerLogging } : {}),
    };
  });
  const network = asString(o.network);
  // privateServiceConnectConfig, or the deprecated top-level enablePrivateServiceConnect of older endpoints
  const privateServiceConnect = asObject(o.privateServiceConnectConfig).enablePrivateServiceConnect === true || o.enablePrivateServiceConnect === true;
  const resource: GcpVertexaiEndpoint = {
    ...envelope(o, scope),
    kind: 'gcp.vertexai.endpoint',
    category: 'ml.endpoint',
    deployedModels,
    ...(network ? { network } : {}),
    privateServiceConnect,
    dedicatedEndpointEnabled: o.dedicatedEndpointEnabled === true,
    publicEndpoint: !network && !privateServiceConnect,
    kmsKeyName: kmsOf(o),
  };
  const edges: Edge[] = deployedModels.filter((d) => d.model).map((d) => ({ from: resource.id, to: d.model, type: 'serves' as const }));
  const serviceAccounts = [...new Set(deployedModels.map((d) => d.serviceAccount).filter((s): s is string => !!s))];
  for (const sa of serviceAccounts) edges.push({ from: resource.id, to: serviceAccountId(sa, scope), type: 'uses-role' });
  return { resource, edges, serviceAccounts };
}
