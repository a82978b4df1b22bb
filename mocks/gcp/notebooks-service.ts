// Vertex AI Workbench instances (notebooks.googleapis.com v2) read methods as a real gRPC service, plus
// google.cloud.location.Locations (zones). `locations/-` lists every zone of a project (AIP-159 wildcard).
import type * as grpc from '@grpc/grpc-js';
import type { FaultInjector } from './faults.js';
import { implement, invalidArgument, notFound, paginate, parseLocationName, permissionDenied, serviceDefinition, type ApiIdentity, type RpcHandler } from './grpc-common.js';
import type { GcpState, ServedProject } from './state.js';
import { VERTEX_REGIONS } from './vertex-service.js';

export const NOTEBOOKS_API: ApiIdentity = { service: 'notebooks', apiName: 'notebooks.googleapis.com', title: 'Notebooks API' };

const LIMITS = { defaultSize: 100, maxSize: 1000 };

export function notebooksServices(state: GcpState, faults: FaultInjector): Array<{ definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation }> {
  const projectOr403 = (ref: string, permission: string, resource: string): ServedProject => {
    const p = state.project(ref);
    if (!p) throw permissionDenied(permission, `//notebooks.googleapis.com/${resource}`);
    return p;
  };
  const zonesOf = (p: ServedProject) =>
    [...new Set([...VERTEX_REGIONS.flatMap((r) => ['a', 'b', 'c'].map((z) => `${r}-${z}`)), ...state.notebookZones(p.projectNumber)])].sort();

  const notebookService: Record<string, RpcHandler> = {
    ListInstances: (req: { parent?: string; pageSize?: number; pageToken?: string; filter?: string }) => {
      const { project, location } = parseLocationName(req.parent, 'parent');
      return {
        targets: [state.canonical(req.parent!)],
        project: state.project(project),
        run: () => {
          const p = projectOr403(project, 'notebooks.instances.list', req.parent!);
          if (req.filter) throw invalidArgument(`The aispm mock does not evaluate list filters (got filter ${JSON.stringify(req.filter)}).`);
          const items = state.notebookInstances(p.projectNumber, location);
          const { page, nextPageToken } = paginate(items, req, `instances:${p.projectNumber}/${location}`, LIMITS);
          return { instances: page.map((r) => r.message), nextPageToken, unreachable: [] };
        },
      };
    },
    GetInstance: (req: { name?: string }) => {
      const m = typeof req.name === 'string' ? /^projects\/([^/]+)\/locations\/([^/]+)\/instances\/([^/]+)$/.exec(req.name) : null;
      if (!m) throw invalidArgument(`Invalid name: expected projects/{project}/locations/{zone}/instances/{id}, got ${JSON.stringify(req.name ?? '')}.`);
      return {
        targets: [state.canonical(req.name!)],
        project: state.project(m[1]),
        run: () => {
          projectOr403(m[1], 'notebooks.instances.get', req.name!);
          const r = state.resource(req.name!);
          if (!r) throw notFound(`Resource '${req.name}' was not found`);
          return r.message;
        },
      };
    },
  };

  const locations: Record<string, RpcHandler> = {
    ListLocations: (req: { name?: string; pageSize?: number; pageToken?: string }) => {
      const m = typeof req.name === 'string' ? /^projects\/([^/]+)$/.exec(req.name) : null;
      if (!m) throw invalidArgument(`Invalid name: expected projects/{project}, got ${JSON.stringify(req.name ?? '')}.`);
      return {
        targets: [state.canonical(req.name!)],
        project: state.project(m[1]),
        run: () => {
          const p = projectOr403(m[1], 'notebooks.locations.list', req.name!);
          const { page, nextPageToken } = paginate(zonesOf(p), req, `locations:${p.projectNumber}`, LIMITS);
          return { locations: page.map((id) => ({ name: `projects/${p.projectNumber}/locations/${id}`, locationId: id, displayName: id })), nextPageToken };
        },
      };
    },
    GetLocation: (req: { name?: string }) => {
      const { project, location } = parseLocationName(req.name, 'name');
      return {
        targets: [state.canonical(req.name!)],
        project: state.project(project),
        run: () => {
          const p = projectOr403(project, 'notebooks.locations.get', req.name!);
          if (!zonesOf(p).includes(location)) throw notFound(`Location ${location} not found.`);
          return { name: `projects/${p.projectNumber}/locations/${location}`, locationId: location, displayName: location };
        },
      };
    },
  };

  return [
    { definition: serviceDefinition('notebooks', 'google.cloud.notebooks.v2.NotebookService'), implementation: implement(NOTEBOOKS_API, faults, notebookService) },
    { definition: serviceDefinition('common', 'google.cloud.location.Locations'), implementation: implement(NOTEBOOKS_API, faults, locations) },
  ];
}
