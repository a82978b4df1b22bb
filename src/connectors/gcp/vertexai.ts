import type { Edge, Resource } from '../../model/index.js';
import { permissionOf } from './api-calls.js';
import type { VertexClientName } from './clients.js';
import type { GcpCollectContext } from './context.js';
import type { ServiceTally } from './coverage.js';
import { mapCustomJob, mapDataset, mapEndpoint, mapModel, mapTrainingPipeline, type Mapped, type VertexScope } from './map/vertex.js';
import type { ProjectRef } from './map/service-account.js';

export interface Collected {
  resources: Resource[];
  edges: Edge[];
  serviceAccounts: string[];
}

type ListMethod = 'listDatasets' | 'listTrainingPipelines' | 'listCustomJobs' | 'listModels' | 'listEndpoints';

interface VertexCollection {
  client: VertexClientName;
  method: ListMethod;
  rpc: string;
  kind: Resource['kind'];
  map: (o: Record<string, unknown>, scope: VertexScope) => Mapped<Resource>;
}

const COLLECTIONS: readonly VertexCollection[] = [
  { client: 'DatasetServiceClient', method: 'listDatasets', rpc: 'ListDatasets', kind: 'gcp.vertexai.dataset', map: mapDataset },
  { client: 'PipelineServiceClient', method: 'listTrainingPipelines', rpc: 'ListTrainingPipelines', kind: 'gcp.vertexai.training-pipeline', map: mapTrainingPipeline },
  { client: 'JobServiceClient', method: 'listCustomJobs', rpc: 'ListCustomJobs', kind: 'gcp.vertexai.custom-job', map: mapCustomJob },
  { client: 'ModelServiceClient', method: 'listModels', rpc: 'ListModels', kind: 'gcp.vertexai.model', map: mapModel },
  { client: 'EndpointServiceClient', method: 'listEndpoints', rpc: 'ListEndpoints', kind: 'gcp.vertexai.endpoint', map: mapEndpoint },
];

/** Vertex AI locations of a project through the Locations API, or undefined when they could not be listed. */
export async function listVertexLocations(ctx: GcpCollectContext, projectId: string): Promise<string[] | undefined> {
  const tally = ctx.coverage.tally(projectId, 'global', 'aiplatform');
  // every regional endpoint serves the Locations API; us-central1 is Vertex AI's default region
  const client = await ctx.clients.vertex('DatasetServiceClient', 'us-central1');
  const out = await ctx.call(tally, async () => {
    const ids: string[] = [];
    for await (const loc of client.listLocationsAsync({ name: `projects/${projectId}` }, { autoPaginate: false, retry: null })) if (loc.locationId) ids.push(loc.locationId);
    return ids;
  });
  if (!out.ok) {
    ctx.fail(tally, { operation: 'ListLocations', permission: permissionOf('DatasetServiceClient', 'listLocationsAsync'), resourceId: `projects/${projectId}`, fields: ['locations'], error: out.error, listCall: true });
    return undefined;
  }
  return [...new Set(out.value)].sort();
}

async function listCollection(ctx: GcpCollectContext, tally: ServiceTally, c: VertexCollection, scope: VertexScope): Promise<Collected> {
  const client = (await ctx.clients.vertex(c.client, scope.location)) as unknown as Record<ListMethod, (req: { parent: string }, o: object) => Promise<[unknown[], { parent: string } | null, unknown]>>;
  const parent = `projects/${scope.projectId}/locations/${scope.location}`;
  const { items, error } = await ctx.listAll(tally, ctx.pageRequest({ parent }), (req, o) => client[c.method](req, o));
  if (error) ctx.fail(tally, { operation: c.rpc, permission: permissionOf(c.client, c.method), resourceId: parent, fields: [c.kind], error, listCall: true });
  const out: Collected = { resources: [], edges: [], serviceAccounts: [] };
  for (const item of items) {
    const m = c.map(item as Record<string, unknown>, scope);
    if (!m.resource.id) continue;
    out.resources.push(m.resource);
    out.edges.push(...m.edges);
    out.serviceAccounts.push(...m.serviceAccounts);
  }
  return out;
}

/** Datasets, training pipelines, custom jobs, models and endpoints of one project in the given locations. */
export async function collectVertex(ctx: GcpCollectContext, project: ProjectRef, locations: readonly string[]): Promise<Collected> {
  const all: Collected = { resources: [], edges: [], serviceAccounts: [] };
  await Promise.all(
    locations.map(async (location) => {
      const tally = ctx.coverage.tally(project.projectId, location, 'aiplatform');
      const task = `gcp ${project.projectId} ${location} vertex ai`;
      ctx.progress.start(task, COLLECTIONS.length);
      let done = 0;
      const parts = await Promise.all(
        COLLECTIONS.map(async (c) => {
          const part = await listCollection(ctx, tally, c, { ...project, location });
          ctx.progress.advance(task, ++done, COLLECTIONS.length);
          return part;
        }),
      );
      for (const p of parts) {
        all.resources.push(...p.resources);
        all.edges.push(...p.edges);
        all.serviceAccounts.push(...p.serviceAccounts);
        tally.resources += p.resources.length;
      }
      ctx.progress.finish(task);
    }),
  );
  return all;
}
