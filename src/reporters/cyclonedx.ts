import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { jsonChunks } from '../model/stream/json-chunks.js';
import { streamingReporter } from './types.js';
import type { Edge, Resource, ScanResult } from '../model/index.js';

const DATA_EDGES = new Set<Edge['type']>(['reads-from', 'imports-from', 'sources-data-from']);

/** s3://bucket/prefix or gs://bucket/prefix for a storage edge, from the URI the connector kept or the bucket name. */
function locationUri(edge: Edge, target: Resource): string {
  if (edge.uri) return edge.uri;
  const scheme = target.provider === 'aws' ? 's3' : 'gs';
  return `${scheme}://${target.name}/${edge.prefix ?? ''}`;
}

function props(entries: [string, string | undefined][]): Models.PropertyRepository {
  return new Models.PropertyRepository(entries.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => new Models.Property(k, v!)));
}

function envelopeProps(r: Resource, findings: Map<string, Record<string, number>>): [string, string | undefined][] {
  const counts = findings.get(r.id) ?? {};
  return [
    ['aispm:id', r.id],
    ['aispm:kind', r.kind],
    ['aispm:provider', r.provider],
    ['aispm:account', r.account],
    ['aispm:region', r.region],
    ...Object.entries(counts).map(([sev, n]) => [`aispm:findings:${sev}`, String(n)] as [string, string]),
  ];
}

/**
 * CycloneDX 1.6 AI-BOM: models as machine-learning-model components with a model card listing their training
 * data, datasets and training-data locations as data components, endpoints as services, lineage as dependencies.
 * The library has no model-card or component-data model yet, so those two fields are added to its JSON output.
 */
export function buildCycloneDx(result: ScanResult): Record<string, unknown> {
  const bom = new Models.Bom();
  bom.metadata.timestamp = new Date(result.finishedAt);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, 'aispm', { version: result.tool.version }));
  if (result.scanId) bom.serialNumber = /^[0-9a-f-]{36}$/.test(result.scanId) ? `urn:uuid:${result.scanId}` : undefined;

  const byId = new Map(result.inventory.resources.map((r) => [r.id, r]));
  const findings = new Map<string, Record<string, number>>();
  for (const f of result.findings) {
    if (f.status !== 'fail' || f.suppressed) continue;
    const c = findings.get(f.resource.id) ?? {};
    c[f.severity] = (c[f.severity] ?? 0) + 1;
    findings.set(f.resource.id, c);
  }
  const out = new Map<string, Edge[]>();
  for (const e of result.inventory.edges) {
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  const edgesFrom = (id: string, ...types: Edge['type'][]) => (out.get(id) ?? []).filter((e) => types.includes(e.type));
  const producersOf = new Map<string, string[]>();
  for (const e of result.inventory.edges) if (e.type === 'produces') producersOf.set(e.to, [...(producersOf.get(e.to) ?? []), e.from]);

  const components = new Map<string, Models.Component>();
  const modelCards = new Map<string, { datasets: { ref: string }[] }>();
  const dataBlocks = new Map<string, unknown[]>();

  const dataComponentFor = (edge: Edge): Models.Component | undefined => {
    const target = byId.get(edge.to);
    if (!target) return undefined;
    if (target.category === 'ml.dataset') return components.get(target.id);
    if (target.category !== 'storage.bucket') return undefined;
    const uri = locationUri(edge, target);
    let c = components.get(uri);
    if (!c) {
      c = new Models.Component(Enums.ComponentType.Data, uri, { bomRef: uri, properties: props([...envelopeProps(target, findings), ['aispm:prefix', edge.prefix]]) });
      components.set(uri, c);
      bom.components.add(c);
      dataBlocks.set(uri, [{ type: 'dataset', name: uri, contents: { url: uri } }]);
    }
    return c;
  };

  const resources = [...result.inventory.resources].sort((a, b) => a.id.localeCompare(b.id));
  for (const r of resources) {
    if (r.category === 'ml.dataset' || r.category === 'ml.knowledge-base') {
      const c = new Models.Component(Enums.ComponentType.Data, r.name, { bomRef: r.id, properties: props(envelopeProps(r, findings)) });
      components.set(r.id, c);
      bom.components.add(c);
      dataBlocks.set(r.id, [{ type: 'dataset', name: r.name, description: r.category === 'ml.knowledge-base' ? 'knowledge base' : 'dataset' }]);
    } else if (r.category === 'ml.model') {
      const c = new Models.Component(Enums.ComponentType.MachineLearningModel, r.name, { bomRef: r.id, properties: props(envelopeProps(r, findings)) });
      for (const e of edgesFrom(r.id, 'stored-in')) {
        const target = byId.get(e.to);
        const uri = e.uri ?? (target ? locationUri(e, target) : undefined);
        if (uri) c.externalReferences.add(new Models.ExternalReference(uri, Enums.ExternalReferenceType.Distribution, { comment: 'model artifact' }));
      }
      components.set(r.id, c);
      bom.components.add(c);
    }
  }
  // lineage: data -> dataset, training data -> model (through the jobs that produced it), model -> endpoint
  for (const r of resources) {
    const c = components.get(r.id);
    if (!c) continue;
    if (r.category === 'ml.dataset' || r.category === 'ml.knowledge-base') {
      for (const e of edgesFrom(r.id, ...DATA_EDGES)) {
        const d = dataComponentFor(e);
        if (d && d !== c) c.dependencies.add(d.bomRef);
      }
    } else if (r.category === 'ml.model') {
      const refs: string[] = [];
      for (const job of producersOf.get(r.id) ?? []) {
        c.properties.add(new Models.Property('aispm:trainedBy', job));
        for (const e of edgesFrom(job, ...DATA_EDGES)) {
          const d = dataComponentFor(e);
          if (d) {
            c.dependencies.add(d.bomRef);
            refs.push(d.bomRef.value!);
          }
        }
      }
      modelCards.set(r.id, { datasets: [...new Set(refs)].sort().map((ref) => ({ ref })) });
    }
  }
  for (const r of resources) {
    if (r.category !== 'ml.endpoint' || r.kind === 'aws.sagemaker.endpoint-config') continue;
    const svc = new Models.Service(r.name, { bomRef: r.id, properties: props(envelopeProps(r, findings)) });
    const served = new Set<string>();
    for (const e of edgesFrom(r.id, 'serves', 'uses')) {
      if (components.has(e.to)) served.add(e.to);
      for (const e2 of edgesFrom(e.to, 'uses')) if (components.has(e2.to)) served.add(e2.to);
    }
    for (const m of served) svc.dependencies.add(components.get(m)!.bomRef);
    if ('publicEndpoint' in r) svc.properties.add(new Models.Property('aispm:publicEndpoint', String(r.publicEndpoint)));
    bom.services.add(svc);
  }

  const json = normalizedBom(bom) as { components?: Record<string, unknown>[] };
  for (const comp of json.components ?? []) {
    const ref = comp['bom-ref'] as string;
    const card = modelCards.get(ref);
    if (card) comp.modelCard = { modelParameters: { datasets: card.datasets } };
    const data = dataBlocks.get(ref);
    if (data) comp.data = data;
  }
  return json;
}

/**
 * The BOM as the library's JsonSerializer would write it (unique bom-refs, sorted lists), as objects instead of one
 * string: an AI-BOM of a large estate is longer than a string can be. Components and services are never nested here.
 */
function normalizedBom(bom: Models.Bom): unknown {
  const refs = new Serialize.BomRefDiscriminator([...bom.components, ...bom.services].map((item) => item.bomRef));
  refs.discriminate();
  try {
    return new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom().normalize(bom, { sortLists: true });
  } finally {
    refs.reset();
  }
}

export const cyclonedxReporter = streamingReporter({
  name: 'cyclonedx',
  fileName: 'aispm.cdx.json',
  *chunks(result) {
    yield* jsonChunks(buildCycloneDx(result));
    yield '\n';
  },
});
