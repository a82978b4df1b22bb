import { permissionOf } from './api-calls.js';
import type { GcpCollectContext } from './context.js';
import type { ServiceTally } from './coverage.js';
import { mapNotebookInstance } from './map/notebook.js';
import type { ProjectRef } from './map/service-account.js';
import type { Collected } from './vertexai.js';

/** Zones of the scanned regions: "us-central1-a" belongs to "us-central1"; a zone may also be asked for directly. */
export function zonesInRegions(zones: readonly string[], regions: readonly string[] | undefined): string[] {
  if (!regions || regions.length === 0) return [...zones].sort();
  return zones.filter((z) => regions.some((r) => z === r || z.startsWith(`${r}-`))).sort();
}

const zoneOf = (name: string) => /\/locations\/([^/]+)\//.exec(name)?.[1] ?? '';

type Listed = { items: Record<string, unknown>[]; failed?: boolean };

/** Every zone at once with the AIP-159 wildcard parent projects/P/locations/-; undefined when the API refuses it. */
async function listAllZones(ctx: GcpCollectContext, project: ProjectRef): Promise<Listed | undefined> {
  const client = await ctx.clients.notebooks();
  const tally = ctx.coverage.tally(project.projectId, 'global', 'notebooks');
  const parent = `projects/${project.projectId}/locations/-`;
  const { items, error } = await ctx.listAll(tally, ctx.pageRequest({ parent }), (req, o) => client.listInstances(req, o) as any);
  if (!error) return { items: items as Record<string, unknown>[] };
  // an API without the wildcard answers INVALID_ARGUMENT or NOT_FOUND: fall back to zone by zone, not a failure
  if (error.kind === 'invalid' || error.kind === 'not-found') return undefined;
  ctx.fail(tally, { operation: 'ListInstances', permission: permissionOf('NotebookServiceClient', 'listInstances'), resourceId: parent, fields: ['gcp.notebooks.instance'], error, listCall: true });
  return { items: [], failed: true };
}

/** Zone by zone: ListLocations, then ListInstances in each zone of the scanned regions. */
async function listZoneByZone(ctx: GcpCollectContext, project: ProjectRef, regions: readonly string[] | undefined, globalTally: ServiceTally): Promise<Listed> {
  const client = await ctx.clients.notebooks();
  const zonesOut = await ctx.call(globalTally, async () => {
    const ids: string[] = [];
    for await (const loc of client.listLocationsAsync({ name: `projects/${project.projectId}` }, { autoPaginate: false, retry: null })) if (loc.locationId) ids.push(loc.locationId);
    return ids;
  });
  if (!zonesOut.ok) {
    ctx.fail(globalTally, { operation: 'ListLocations', permission: permissionOf('NotebookServiceClient', 'listLocationsAsync'), resourceId: `projects/${project.projectId}`, fields: ['gcp.notebooks.instance'], error: zonesOut.error, listCall: true });
    return { items: [], failed: true };
  }
  const zones = zonesInRegions([...new Set(zonesOut.value)], regions);
  const parts = await Promise.all(
    zones.map(async (zone) => {
      const tally = ctx.coverage.tally(project.projectId, zone, 'notebooks');
      const parent = `projects/${project.projectId}/locations/${zone}`;
      const { items, error } = await ctx.listAll(tally, ctx.pageRequest({ parent }), (req, o) => client.listInstances(req, o) as any);
      if (error) ctx.fail(tally, { operation: 'ListInstances', permission: permissionOf('NotebookServiceClient', 'listInstances'), resourceId: parent, fields: ['gcp.notebooks.instance'], error, listCall: true });
      return items as Record<string, unknown>[];
    }),
  );
  return { items: parts.flat() };
}

/**
 * Workbench (Notebooks v2) instances of one project in the zones of the given regions: one wildcard listing of every
 * zone when the API accepts it, else zone by zone.
 */
export async function collectNotebooks(ctx: GcpCollectContext, project: ProjectRef, regions: readonly string[] | undefined): Promise<Collected> {
  const all: Collected = { resources: [], edges: [], serviceAccounts: [] };
  const task = `gcp ${project.projectId} workbench`;
  ctx.progress.start(task);
  const globalTally = ctx.coverage.tally(project.projectId, 'global', 'notebooks');
  const listed = (await listAllZones(ctx, project)) ?? (await listZoneByZone(ctx, project, regions, globalTally));
  for (const item of listed.items) {
    const zone = zoneOf(String(item.name ?? ''));
    if (!zone || zonesInRegions([zone], regions).length === 0) continue;
    const m = mapNotebookInstance(item, { ...project, zone });
    all.resources.push(m.resource);
    all.edges.push(...m.edges);
    all.serviceAccounts.push(...m.serviceAccounts);
    globalTally.resources++;
  }
  ctx.progress.finish(task);
  return all;
}
