import pLimit from 'p-limit';
import { INVENTORY_SCHEMA_VERSION, InputError, type Edge, type Inventory, type Resource } from '../../model/index.js';
import { silentProgress } from '../progress.js';
import { GcpClients } from './clients.js';
import { GcpCollectContext } from './context.js';
import { dedupeEdges } from './map/edges.js';
import { mapServiceAccount, serviceAccountId, type ProjectRef } from './map/service-account.js';
import { collectNotebooks } from './notebooks.js';
import { GCP_COLLECTORS, type GcpScanOptions } from './options.js';
import { projectIamBindings, projectNumberOf, projectsUnder } from './resource-manager.js';
import { DEFAULT_RETRY_POLICY, RetryingCaller } from './retry.js';
import { collectBuckets } from './storage.js';
import { collectVertex, listVertexLocations } from './vertexai.js';

const PROJECTS_IN_PARALLEL = 4;

/** Projects named with --project plus every project under --organization / --folder, each once. */
async function resolveProjects(ctx: GcpCollectContext, options: GcpScanOptions): Promise<ProjectRef[]> {
  const byId = new Map<string, ProjectRef>();
  if (options.organization || options.folder) {
    for (const p of await projectsUnder(ctx, { organization: options.organization, folder: options.folder })) byId.set(p.projectId, p);
  }
  for (const projectId of options.projects) {
    if (byId.has(projectId)) continue;
    const projectNumber = await projectNumberOf(ctx, projectId);
    byId.set(projectId, { projectId, ...(projectNumber ? { projectNumber } : {}) });
  }
  return [...byId.values()].sort((a, b) => a.projectId.localeCompare(b.projectId));
}

async function collectProject(ctx: GcpCollectContext, project: ProjectRef, options: GcpScanOptions, out: { resources: Resource[]; edges: Edge[]; regions: Set<string> }) {
  const services = new Set(options.services ?? GCP_COLLECTORS);
  const serviceAccounts: string[] = [];
  const jobs: Promise<void>[] = [];
  if (services.has('storage')) {
    // Cloud Storage's calls are the longest rate-bound part of a large project: its listing goes first, and the
    // Vertex AI and Workbench clients (about 1 s of CPU to build) are built while its reads wait on the network
    let listingStarted!: () => void;
    const started = new Promise<void>((resolve) => (listingStarted = resolve));
    const buckets = collectBuckets(ctx, project.projectId, listingStarted).then((b) => void out.resources.push(...b));
    jobs.push(buckets);
    await Promise.race([started, buckets.catch(() => undefined)]);
  }
  if (services.has('aiplatform')) {
    jobs.push(
      (async () => {
        const locations = options.locations?.length ? options.locations : await listVertexLocations(ctx, project.projectId);
        if (!locations) return;
        locations.forEach((l) => out.regions.add(l));
        const v = await collectVertex(ctx, project, locations);
        out.resources.push(...v.resources);
        out.edges.push(...v.edges);
        serviceAccounts.push(...v.serviceAccounts);
      })(),
    );
  }
  if (services.has('notebooks')) {
    jobs.push(
      collectNotebooks(ctx, project, options.locations).then((n) => {
        out.resources.push(...n.resources);
        out.edges.push(...n.edges);
        serviceAccounts.push(...n.serviceAccounts);
      }),
    );
  }
  await Promise.all(jobs);
  const emails = [...new Set(serviceAccounts)].sort();
  if (emails.length === 0) return;
  const bindings = await projectIamBindings(ctx, project.projectId);
  const seen = new Set(out.resources.map((r) => r.id));
  const tally = ctx.coverage.tally(project.projectId, 'global', 'resourcemanager');
  for (const email of emails) {
    if (seen.has(serviceAccountId(email, project))) continue;
    out.resources.push(mapServiceAccount(email, project, bindings));
    tally.resources++;
  }
}

/**
 * Collects Cloud Storage, Vertex AI and Workbench resources of the requested projects into an inventory.
 * Failed calls become gaps and coverage failures; the scan always goes on.
 */
export async function collectGcp(options: GcpScanOptions): Promise<Inventory> {
  if (options.projects.length === 0 && !options.organization && !options.folder) throw new InputError('scan gcp: give --project, --organization or --folder');
  const clients = new GcpClients(options.endpoints, options.credentials, options.projects[0] ?? 'aispm');
  const caller = new RetryingCaller({ ...DEFAULT_RETRY_POLICY, ...options.retry });
  const ctx = new GcpCollectContext(clients, caller, options.progress ?? silentProgress, options.concurrency, options.pageSize);
  const out = { resources: [] as Resource[], edges: [] as Edge[], regions: new Set<string>() };
  try {
    await clients.prepare();
    const projects = await resolveProjects(ctx, options);
    // a few projects at a time; requests stay bounded by the per-service limits
    const projectLimit = pLimit(PROJECTS_IN_PARALLEL);
    await Promise.all(projects.map((project) => projectLimit(() => collectProject(ctx, project, options, out))));
    const resources = out.resources.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
    return {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
      targets: projects.map((p) => ({ provider: 'gcp' as const, account: p.projectId, regions: [...out.regions].sort() })),
      resources,
      edges: dedupeEdges(out.edges).sort((a, b) => a.from.localeCompare(b.from) || a.type.localeCompare(b.type) || a.to.localeCompare(b.to)),
      coverage: ctx.coverage.toCoverage(),
    };
  } finally {
    await clients.close();
  }
}
