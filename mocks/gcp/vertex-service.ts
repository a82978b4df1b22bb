// Vertex AI (aiplatform.googleapis.com v1) read methods as real gRPC services: datasets, training pipelines,
// custom jobs, models, endpoints, plus google.cloud.location.Locations. One endpoint serves every location; requests
// are routed by the location in `parent` / `name`. Mutating RPCs are not implemented (grpc-js answers UNIMPLEMENTED).
import type * as grpc from '@grpc/grpc-js';
import type { FaultInjector } from './faults.js';
import { implement, invalidArgument, notFound, paginate, parseLocationName, permissionDenied, serviceDefinition, type ApiIdentity, type RpcHandler } from './grpc-common.js';
import type { VertexCollection } from './scenario.js';
import type { GcpState, ServedProject } from './state.js';

export const AIPLATFORM_API: ApiIdentity = { service: 'aiplatform', apiName: 'aiplatform.googleapis.com', title: 'Vertex AI API' };

/** Vertex AI regions (https://cloud.google.com/vertex-ai/docs/general/locations), served by ListLocations. */
export const VERTEX_REGIONS = [
  'africa-south1', 'asia-east1', 'asia-east2', 'asia-northeast1', 'asia-northeast2', 'asia-northeast3', 'asia-south1',
  'asia-southeast1', 'asia-southeast2', 'australia-southeast1', 'australia-southeast2', 'europe-central2',
  'europe-north1', 'europe-southwest1', 'europe-west1', 'europe-west2', 'europe-west3', 'europe-west4', 'europe-west6',
  'europe-west8', 'europe-west9', 'europe-west12', 'me-central1', 'me-central2', 'me-west1', 'northamerica-northeast1',
  'northamerica-northeast2', 'southamerica-east1', 'southamerica-west1', 'us-central1', 'us-east1', 'us-east4',
  'us-east5', 'us-south1', 'us-west1', 'us-west2', 'us-west3', 'us-west4',
];

/** The mock's page sizes: default 100, capped at 1000 (the v1 list methods document no default; this is common). */
const LIMITS = { defaultSize: 100, maxSize: 1000 };

interface CollectionSpec {
  collection: VertexCollection;
  service: string;
  list: string;
  get: string;
  /** permission noun, e.g. datasets */
  noun: string;
  /** what Get reports when the resource is missing */
  title: string;
}

const COLLECTIONS: CollectionSpec[] = [
  { collection: 'datasets', service: 'DatasetService', list: 'ListDatasets', get: 'GetDataset', noun: 'datasets', title: 'Dataset' },
  { collection: 'trainingPipelines', service: 'PipelineService', list: 'ListTrainingPipelines', get: 'GetTrainingPipeline', noun: 'trainingPipelines', title: 'TrainingPipeline' },
  { collection: 'customJobs', service: 'JobService', list: 'ListCustomJobs', get: 'GetCustomJob', noun: 'customJobs', title: 'CustomJob' },
  { collection: 'models', service: 'ModelService', list: 'ListModels', get: 'GetModel', noun: 'models', title: 'Model' },
  { collection: 'endpoints', service: 'EndpointService', list: 'ListEndpoints', get: 'GetEndpoint', noun: 'endpoints', title: 'Endpoint' },
];

const LOCATION_RE = /^[a-z]+(-[a-z]+)+\d+$/;

function projectOr403(state: GcpState, ref: string, permission: string, resource: string): ServedProject {
  const p = state.project(ref);
  if (!p) throw permissionDenied(permission, `//aiplatform.googleapis.com/${resource}`);
  return p;
}

function checkLocation(location: string): void {
  if (!LOCATION_RE.test(location)) throw invalidArgument(`Location ${location} is not a valid Vertex AI location.`);
}

function collectionHandlers(state: GcpState, spec: CollectionSpec): Record<string, RpcHandler> {
  return {
    [spec.list]: (req: { parent?: string; pageSize?: number; pageToken?: string; filter?: string }) => {
      const { project, location } = parseLocationName(req.parent, 'parent');
      const permission = `aiplatform.${spec.noun}.list`;
      return {
        targets: [state.canonical(req.parent!)],
        project: state.project(project),
        run: () => {
          checkLocation(location);
          const p = projectOr403(state, project, permission, req.parent!);
          if (req.filter) throw invalidArgument(`The aispm mock does not evaluate list filters (got filter ${JSON.stringify(req.filter)}).`);
          const items = state.vertexList(p.projectNumber, location, spec.collection);
          const { page, nextPageToken } = paginate(items, req, `${spec.collection}:${p.projectNumber}/${location}`, LIMITS);
          return { [spec.collection]: page.map((r) => r.message), nextPageToken };
        },
      };
    },
    [spec.get]: (req: { name?: string }) => {
      const m = typeof req.name === 'string' ? /^projects\/([^/]+)\/locations\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(req.name) : null;
      if (!m || m[3] !== spec.collection) throw invalidArgument(`Invalid name: expected projects/{project}/locations/{location}/${spec.collection}/{id}, got ${JSON.stringify(req.name ?? '')}.`);
      return {
        targets: [state.canonical(req.name!)],
        project: state.project(m[1]),
        run: () => {
          checkLocation(m[2]);
          projectOr403(state, m[1], `aiplatform.${spec.noun}.get`, req.name!);
          const r = state.resource(req.name!);
          if (!r) throw notFound(`The ${spec.title} does not exist.`);
          return r.message;
        },
      };
    },
  };
}

function locationsHandlers(state: GcpState): Record<string, RpcHandler> {
  const locationOf = (p: ServedProject, id: string) => ({ name: `projects/${p.projectNumber}/locations/${id}`, locationId: id, displayName: id });
  const regionsOf = (p: ServedProject) => [...new Set([...VERTEX_REGIONS, ...state.vertexLocations(p.projectNumber)])].sort();
  return {
    ListLocations: (req: { name?: string; pageSize?: number; pageToken?: string }) => {
      const m = typeof req.name === 'string' ? /^projects\/([^/]+)$/.exec(req.name) : null;
      if (!m) throw invalidArgument(`Invalid name: expected projects/{project}, got ${JSON.stringify(req.name ?? '')}.`);
      return {
        targets: [state.canonical(req.name!)],
        project: state.project(m[1]),
        run: () => {
          const p = projectOr403(state, m[1], 'aiplatform.locations.list', req.name!);
          const { page, nextPageToken } = paginate(regionsOf(p), req, `locations:${p.projectNumber}`, LIMITS);
          return { locations: page.map((id) => locationOf(p, id)), nextPageToken };
        },
      };
    },
    GetLocation: (req: { name?: string }) => {
      const { project, location } = parseLocationName(req.name, 'name');
      return {
        targets: [state.canonical(req.name!)],
        project: state.project(project),
        run: () => {
          const p = projectOr403(state, project, 'aiplatform.locations.get', req.name!);
          if (!regionsOf(p).includes(location)) throw notFound(`Location ${location} not found.`);
          return locationOf(p, location);
        },
      };
    },
  };
}

export function vertexServices(state: GcpState, faults: FaultInjector): Array<{ definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation }> {
  return [
    ...COLLECTIONS.map((spec) => ({
      definition: serviceDefinition('aiplatform', `google.cloud.aiplatform.v1.${spec.service}`),
      implementation: implement(AIPLATFORM_API, faults, collectionHandlers(state, spec)),
    })),
    { definition: serviceDefinition('common', 'google.cloud.location.Locations'), implementation: implement(AIPLATFORM_API, faults, locationsHandlers(state)) },
  ];
}
