import { permissionOf } from './api-calls.js';
import type { GcpCollectContext } from './context.js';
import { mapNotebookInstance } from './map/notebook.js';
import type { ProjectRef } from './map/service-account.js';
import type { Collected } from './vertexai.js';

/** Zones of the scanned regions: "us-central1-a" belongs to "us-central1"; a zone may also be asked for directly. */
export function zonesInRegions(zones: readonly string[], regions: readonly string[] | undefined): string[] {
  if (!regions || regions.length === 0) return [...zones].sort();
  return zones.filter((z) => regions.some((r) => z === r || z.startsWith(`${r}-`))).sort();
}

/** Workbench (Notebooks v2) instances of one project in the zones of the given regions. */
export async function collectNotebooks(ctx: GcpCollectContext, project: ProjectRef, regions: readonly string[] | undefined): Promise<Collected> {
  const all: Collected = { resources: [], edges: [], serviceAccounts: [] };
  const client = await ctx.clients.notebooks();
  const globalTally = ctx.coverage.tally(project.projectId, 'global', 'notebooks');
  const zonesOut = await ctx.call(globalTally, async () => {
    const ids: string[] = [];
    for await (const loc of client.listLocationsAsync({ name: `projects/${project.projectId}` }, { autoPaginate: false, retry: null })) if (loc.locationId) ids.push(loc.locationId);
    return ids;
  });
  if (!zonesOut.ok) {
    ctx.fail(globalTally, { operation: 'ListLocations', permission: permissionOf('NotebookServiceClient', 'listLocationsAsync'), resourceId: `projects/${project.projectId}`, fields: ['gcp.notebooks.instance'], error: zonesOut.error, listCall: true });
    return all;
  }
  const zones = zonesInRegions([...new Set(zonesOut.value)], regions);
  const task = `gcp ${project.projectId} workbench`;
  ctx.progress.start(task, zones.length);
  let done = 0;
  await Promise.all(
    zones.map(async (zone) => {
      const tally = ctx.coverage.tally(project.projectId, zone, 'notebooks');
      const parent = `projects/${project.projectId}/locations/${zone}`;
      const { items, error } = await ctx.listAll(tally, ctx.pageRequest({ parent }), (req, o) => client.listInstances(req, o) as any);
      if (error) ctx.fail(tally, { operation: 'ListInstances', permission: permissionOf('NotebookServiceClient', 'listInstances'), resourceId: parent, fields: ['gcp.notebooks.instance'], error, listCall: true });
      for (const item of items as Record<string, unknown>[]) {
        const m = mapNotebookInstance(item, { ...project, zone });
        if (!m.resource.id) continue;
        all.resources.push(m.resource);
        all.edges.push(...m.edges);
        all.serviceAccounts.push(...m.serviceAccounts);
        tally.resources++;
      }
      ctx.progress.advance(task, ++done, zones.length);
    }),
  );
  ctx.progress.finish(task);
  return all;
}
