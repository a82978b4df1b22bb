import { permissionOf } from './api-calls.js';
import type { GcpCollectContext } from './context.js';
import { isKnown, known, unknownBecause, type Read } from './map/read.js';
import type { ProjectRef } from './map/service-account.js';

export type ProjectBinding = { role?: string | null; members?: string[] | null };

const containerName = (kind: 'organizations' | 'folders', v: string) => (v.startsWith(`${kind}/`) ? v : `${kind}/${v}`);

/**
 * Every ACTIVE project under an organization or folder, walking sub-folders breadth first.
 * Listing failures are recorded and the walk goes on with what it could read.
 */
export async function projectsUnder(ctx: GcpCollectContext, root: { organization?: string; folder?: string }): Promise<ProjectRef[]> {
  const tally = ctx.coverage.tally(root.organization ? containerName('organizations', root.organization) : containerName('folders', root.folder!), 'global', 'resourcemanager');
  const projects = await ctx.clients.projects();
  const folders = await ctx.clients.folders();
  const queue = [root.organization ? containerName('organizations', root.organization) : containerName('folders', root.folder!)];
  const seen = new Set<string>();
  const found: ProjectRef[] = [];
  ctx.progress.start('gcp resource manager: projects');
  while (queue.length) {
    const parent = queue.shift()!;
    if (seen.has(parent)) continue;
    seen.add(parent);
    const [p, f] = await Promise.all([
      ctx.listAll(tally, ctx.pageRequest({ parent }), (req, o) => projects.listProjects(req, o) as any),
      ctx.listAll(tally, ctx.pageRequest({ parent }), (req, o) => folders.listFolders(req, o) as any),
    ]);
    if (p.error) ctx.fail(tally, { operation: 'ListProjects', permission: permissionOf('ProjectsClient', 'listProjects'), resourceId: parent, fields: ['projects'], error: p.error, listCall: true });
    if (f.error) ctx.fail(tally, { operation: 'ListFolders', permission: permissionOf('FoldersClient', 'listFolders'), resourceId: parent, fields: ['folders'], error: f.error, listCall: true });
    for (const project of p.items as Array<{ name?: string; projectId?: string; state?: string }>) {
      if (!project.projectId || (project.state && project.state !== 'ACTIVE')) continue;
      found.push({ projectId: project.projectId, ...(project.name ? { projectNumber: project.name.replace(/^projects\//, '') } : {}) });
    }
    for (const folder of f.items as Array<{ name?: string; state?: string }>) if (folder.name && (!folder.state || folder.state === 'ACTIVE')) queue.push(folder.name);
    ctx.progress.advance('gcp resource manager: projects', found.length);
  }
  ctx.progress.finish('gcp resource manager: projects');
  // projects are scan targets, not inventory resources
  tally.notes.push(`${found.length} project${found.length === 1 ? '' : 's'} found`);
  return found;
}

/** The project number, needed to recognise PROJECT_NUMBER-compute@developer.gserviceaccount.com. */
export async function projectNumberOf(ctx: GcpCollectContext, projectId: string): Promise<string | undefined> {
  const tally = ctx.coverage.tally(projectId, 'global', 'resourcemanager');
  const client = await ctx.clients.projects();
  const out = await ctx.call(tally, () => client.getProject({ name: `projects/${projectId}` }, { retry: null }) as Promise<[{ name?: string | null }, unknown, unknown]>);
  if (!out.ok) {
    ctx.fail(tally, { operation: 'GetProject', permission: permissionOf('ProjectsClient', 'getProject'), resourceId: `projects/${projectId}`, fields: ['projectNumber'], error: out.error });
    return undefined;
  }
  return out.value[0].name?.replace(/^projects\//, '') || undefined;
}

/** Project IAM policy bindings (version 3), or why they are unknown. */
export async function projectIamBindings(ctx: GcpCollectContext, projectId: string): Promise<Read<ProjectBinding[]>> {
  const tally = ctx.coverage.tally(projectId, 'global', 'resourcemanager');
  const client = await ctx.clients.projects();
  const out = await ctx.call(tally, () => client.getIamPolicy({ resource: `projects/${projectId}`, options: { requestedPolicyVersion: 3 } }, { retry: null }) as Promise<[{ bindings?: ProjectBinding[] | null }, unknown, unknown]>);
  if (!out.ok) {
    const reason = ctx.fail(tally, { operation: 'GetIamPolicy', permission: permissionOf('ProjectsClient', 'getIamPolicy'), resourceId: `projects/${projectId}`, fields: ['projectRoles'], error: out.error });
    return unknownBecause(reason);
  }
  return known(out.value[0].bindings ?? []);
}

export const bindingsOrEmpty = (r: Read<ProjectBinding[]>) => (isKnown(r) ? r.value : []);
