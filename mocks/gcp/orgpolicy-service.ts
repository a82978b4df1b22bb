// Organization Policy API v2 (orgpolicy.googleapis.com) GetEffectivePolicy as a real gRPC service, from the
// @google-cloud/org-policy proto bundle. Policies come from `orgPolicies` on organizations, folders and projects
// in the scenario (keyed by constraint, e.g. storage.publicAccessPrevention, Google's Policy.spec fields).
// It is served next to Resource Manager (same port; faults and stats under service `resourcemanager`).
import type * as grpc from '@grpc/grpc-js';
import type { FaultInjector } from './faults.js';
import { implement, invalidArgument, permissionDenied, serviceDefinition, type ApiIdentity, type RpcHandler } from './grpc-common.js';
import type { GcpState, ServedProject } from './state.js';

export const ORGPOLICY_API: ApiIdentity = { service: 'resourcemanager', apiName: 'orgpolicy.googleapis.com', title: 'Organization Policy API' };

type PolicySpec = { rules?: Array<Record<string, unknown>>; inheritFromParent?: boolean; reset?: boolean };

/**
 * The effective policy of a boolean or list constraint for a project: the nearest explicit policy walking up
 * project -> folders -> organization (a `reset` spec stops the walk at the constraint's default, no rules).
 */
function effectiveSpec(state: GcpState, project: ServedProject, constraint: string): PolicySpec | undefined {
  const { folders, organizations } = state.scenario.gcp;
  const specOf = (policies: Record<string, PolicySpec> | undefined) => policies?.[constraint];
  let spec = specOf(project.scenario.orgPolicies as Record<string, PolicySpec> | undefined);
  let parent = project.scenario.parent;
  const seen = new Set<string>();
  while (!spec && parent && !seen.has(parent)) {
    seen.add(parent);
    const folder = folders.find((f) => f.name === parent);
    if (folder) {
      spec = specOf(folder.orgPolicies as Record<string, PolicySpec> | undefined);
      parent = folder.parent;
      continue;
    }
    const org = organizations.find((o) => o.name === parent);
    spec = specOf(org?.orgPolicies as Record<string, PolicySpec> | undefined);
    parent = undefined;
  }
  return spec?.reset ? undefined : spec;
}

export function orgPolicyServices(state: GcpState, faults: FaultInjector): Array<{ definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation }> {
  const handlers: Record<string, RpcHandler> = {
    GetEffectivePolicy: (req: { name?: string }) => {
      const m = typeof req.name === 'string' ? /^projects\/([^/]+)\/policies\/([A-Za-z0-9._-]+)$/.exec(req.name) : null;
      if (!m) throw invalidArgument(`Invalid name: the aispm mock serves projects/{project}/policies/{constraint}, got ${JSON.stringify(req.name ?? '')}.`);
      const project = state.project(m[1]);
      return {
        targets: [state.canonical(req.name!)],
        project,
        run: () => {
          if (!project) throw permissionDenied('orgpolicy.policy.get', req.name!);
          const spec = effectiveSpec(state, project, m[2]);
          return { name: `projects/${project.projectNumber}/policies/${m[2]}`, spec: { rules: spec?.rules ?? [] } };
        },
      };
    },
  };
  return [{ definition: serviceDefinition('orgpolicy', 'google.cloud.orgpolicy.v2.OrgPolicy'), implementation: implement(ORGPOLICY_API, faults, handlers) }];
}
