// Cloud Resource Manager v3 read methods as real gRPC services: projects (get, list by parent, search, IAM policy),
// folders (get, list by parent, search) and organizations (get, search), from the scenario's hierarchy.
import * as grpc from '@grpc/grpc-js';
import type { FaultInjector } from './faults.js';
import { GrpcError, implement, invalidArgument, paginate, permissionDenied, serviceDefinition, type ApiIdentity, type RpcHandler } from './grpc-common.js';
import { protoJsonToObject } from './proto-json.js';
import { bundleRoot } from './protos.js';
import type { GcpSection } from './scenario.js';
import type { GcpState, ServedProject } from './state.js';

export const RESOURCEMANAGER_API: ApiIdentity = { service: 'resourcemanager', apiName: 'cloudresourcemanager.googleapis.com', title: 'Cloud Resource Manager API' };

/** The mock's page sizes (the API documents "the server picks an appropriate default"). */
const LIMITS = { defaultSize: 100, maxSize: 1000 };
const TIME = '2023-06-01T12:00:00Z';
const V3 = 'google.cloud.resourcemanager.v3';

type Folder = GcpSection['folders'][number];
type Organization = GcpSection['organizations'][number];

function toProto(type: string, json: Record<string, unknown>): Record<string, unknown> {
  return protoJsonToObject(bundleRoot('resourcemanager'), `${V3}.${type}`, json);
}

function projectMessage(p: ServedProject): Record<string, unknown> {
  const s = p.scenario;
  return toProto('Project', {
    name: `projects/${p.projectNumber}`,
    ...(s.parent ? { parent: s.parent } : {}),
    projectId: p.projectId,
    state: s.state,
    displayName: s.displayName ?? p.projectId,
    createTime: s.createTime ?? TIME,
    updateTime: s.createTime ?? TIME,
    etag: 'W/"mock"',
    labels: s.labels ?? {},
  });
}

const folderMessage = (f: Folder) =>
  toProto('Folder', { name: f.name, parent: f.parent, displayName: f.displayName ?? f.name.split('/')[1], state: f.state, createTime: TIME, updateTime: TIME, etag: 'W/"mock"' });

const organizationMessage = (o: Organization) =>
  toProto('Organization', { name: o.name, displayName: o.displayName ?? o.name, directoryCustomerId: o.directoryCustomerId ?? 'C0mock00', state: o.state, createTime: TIME, updateTime: TIME, etag: 'W/"mock"' });

/** Parses a search query of space-separated `key:value` terms (the subset of the documented syntax the mock evaluates). */
function parseQuery(query: string | undefined, allowed: readonly string[]): Array<[string, string]> {
  const terms: Array<[string, string]> = [];
  for (const term of (query ?? '').trim().split(/\s+/).filter(Boolean)) {
    const m = /^([A-Za-z.]+)[:=](.+)$/.exec(term);
    if (!m || !allowed.includes(m[1])) throw invalidArgument(`Unsupported query term ${JSON.stringify(term)}; the aispm mock evaluates ${allowed.map((k) => `${k}:VALUE`).join(', ')}.`);
    terms.push([m[1], m[2].replace(/^"|"$/g, '')]);
  }
  return terms;
}

const glob = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(value);

export function resourceManagerServices(state: GcpState, faults: FaultInjector): Array<{ definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation }> {
  const { organizations, folders } = state.scenario.gcp;
  const containerExists = (name: string) => organizations.some((o) => o.name === name) || folders.some((f) => f.name === name);
  const projectByName = (name: unknown, field: string): { ref: string; project?: ServedProject } => {
    const m = typeof name === 'string' ? /^projects\/([^/]+)$/.exec(name) : null;
    if (!m) throw invalidArgument(`Invalid ${field}: expected projects/{project_id_or_number}, got ${JSON.stringify(name ?? '')}.`);
    return { ref: m[1], project: state.project(m[1]) };
  };
  const visible = (showDeleted: boolean | undefined) => (s: { state: string }) => showDeleted || s.state === 'ACTIVE';

  const projects: Record<string, RpcHandler> = {
    GetProject: (req: { name?: string }) => {
      const { project } = projectByName(req.name, 'name');
      return {
        targets: [state.canonical(req.name!)],
        project,
        run: () => {
          if (!project) throw permissionDenied('resourcemanager.projects.get', req.name!);
          return projectMessage(project);
        },
      };
    },
    ListProjects: (req: { parent?: string; pageSize?: number; pageToken?: string; showDeleted?: boolean }) => {
      if (typeof req.parent !== 'string' || !/^(organizations|folders)\/\d+$/.test(req.parent)) {
        throw invalidArgument(`Invalid parent: expected organizations/{id} or folders/{id}, got ${JSON.stringify(req.parent ?? '')}.`);
      }
      return {
        targets: [req.parent],
        run: () => {
          if (!containerExists(req.parent!)) throw permissionDenied('resourcemanager.projects.list', req.parent!);
          const items = state.projects.filter((p) => p.scenario.parent === req.parent && visible(req.showDeleted)(p.scenario));
          const { page, nextPageToken } = paginate(items, req, `projects:${req.parent}:${req.showDeleted ? 1 : 0}`, LIMITS);
          return { projects: page.map(projectMessage), nextPageToken };
        },
      };
    },
    SearchProjects: (req: { query?: string; pageSize?: number; pageToken?: string }) => {
      const terms = parseQuery(req.query, ['parent', 'parent.type', 'parent.id', 'id', 'projectId', 'name', 'displayName', 'state']);
      return {
        targets: [],
        run: () => {
          const items = state.projects.filter((p) => terms.every(([k, v]) => {
            const parent = p.scenario.parent ?? '';
            switch (k) {
              case 'parent': return parent === v;
              case 'parent.type': return parent.startsWith(`${v}s/`);
              case 'parent.id': return parent.split('/')[1] === v;
              case 'id': case 'projectId': return glob(v, p.projectId);
              case 'name': case 'displayName': return glob(v, p.scenario.displayName ?? p.projectId);
              default: return p.scenario.state === v.toUpperCase();
            }
          }) && (terms.some(([k]) => k === 'state') || p.scenario.state === 'ACTIVE'));
          const { page, nextPageToken } = paginate(items, req, `search-projects:${req.query ?? ''}`, LIMITS);
          return { projects: page.map(projectMessage), nextPageToken };
        },
      };
    },
    GetIamPolicy: (req: { resource?: string; options?: { requestedPolicyVersion?: number } }) => {
      const { project } = projectByName(req.resource, 'resource');
      return {
        targets: [state.canonical(req.resource!)],
        project,
        run: () => {
          if (!project) throw permissionDenied('resourcemanager.projects.getIamPolicy', req.resource!);
          const policy = project.scenario.iamPolicy ?? { bindings: [] };
          const hasConditions = policy.bindings.some((b) => b.condition);
          const requested = req.options?.requestedPolicyVersion ?? 0;
          return {
            version: hasConditions && requested < 3 ? 1 : (policy.version ?? 1),
            // a policy read at version < 3 hides conditional bindings' conditions, as the real API does
            bindings: policy.bindings.map((b) => ({ role: b.role, members: b.members, ...(b.condition && requested >= 3 ? { condition: b.condition } : {}) })),
            etag: Buffer.from(policy.etag ?? 'BwYmock='),
          };
        },
      };
    },
  };

  const folderService: Record<string, RpcHandler> = {
    GetFolder: (req: { name?: string }) => ({
      targets: [String(req.name ?? '')],
      run: () => {
        const f = folders.find((x) => x.name === req.name);
        if (!f) throw permissionDenied('resourcemanager.folders.get', String(req.name ?? ''));
        return folderMessage(f);
      },
    }),
    ListFolders: (req: { parent?: string; pageSize?: number; pageToken?: string; showDeleted?: boolean }) => {
      if (typeof req.parent !== 'string' || !/^(organizations|folders)\/\d+$/.test(req.parent)) {
        throw invalidArgument(`Invalid parent: expected organizations/{id} or folders/{id}, got ${JSON.stringify(req.parent ?? '')}.`);
      }
      return {
        targets: [req.parent],
        run: () => {
          if (!containerExists(req.parent!)) throw permissionDenied('resourcemanager.folders.list', req.parent!);
          const items = folders.filter((f) => f.parent === req.parent && visible(req.showDeleted)(f));
          const { page, nextPageToken } = paginate(items, req, `folders:${req.parent}:${req.showDeleted ? 1 : 0}`, LIMITS);
          return { folders: page.map(folderMessage), nextPageToken };
        },
      };
    },
    SearchFolders: (req: { query?: string; pageSize?: number; pageToken?: string }) => {
      const terms = parseQuery(req.query, ['parent', 'displayName', 'state']);
      return {
        targets: [],
        run: () => {
          const items = folders.filter((f) => terms.every(([k, v]) => (k === 'parent' ? f.parent === v : k === 'displayName' ? glob(v, f.displayName ?? '') : f.state === v.toUpperCase())));
          const { page, nextPageToken } = paginate(items, req, `search-folders:${req.query ?? ''}`, LIMITS);
          return { folders: page.map(folderMessage), nextPageToken };
        },
      };
    },
  };

  const organizationService: Record<string, RpcHandler> = {
    GetOrganization: (req: { name?: string }) => ({
      targets: [String(req.name ?? '')],
      run: () => {
        const o = organizations.find((x) => x.name === req.name);
        if (!o) throw new GrpcError(grpc.status.PERMISSION_DENIED, `The caller does not have permission (${req.name}).`);
        return organizationMessage(o);
      },
    }),
    SearchOrganizations: (req: { query?: string; pageSize?: number; pageToken?: string }) => {
      const terms = parseQuery(req.query, ['domain', 'directoryCustomerId']);
      return {
        targets: [],
        run: () => {
          const items = organizations.filter((o) => terms.every(([k, v]) => (k === 'domain' ? o.displayName === v : o.directoryCustomerId === v)));
          const { page, nextPageToken } = paginate(items, req, `search-orgs:${req.query ?? ''}`, LIMITS);
          return { organizations: page.map(organizationMessage), nextPageToken };
        },
      };
    },
  };

  return [
    { definition: serviceDefinition('resourcemanager', `${V3}.Projects`), implementation: implement(RESOURCEMANAGER_API, faults, projects) },
    { definition: serviceDefinition('resourcemanager', `${V3}.Folders`), implementation: implement(RESOURCEMANAGER_API, faults, folderService) },
    { definition: serviceDefinition('resourcemanager', `${V3}.Organizations`), implementation: implement(RESOURCEMANAGER_API, faults, organizationService) },
  ];
}
