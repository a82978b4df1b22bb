import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { streamingReporter } from './types.js';
import type { Edge, Resource, ScanResult } from '../model/index.js';

const DATA_EDGES = new Set<Edge['type']>(['reads-from', 'imports-from', 'sources-data-from']);
/** the edges the BOM follows: data sources, model artifacts, training jobs, endpoints and their configs */
const LINEAGE_EDGES = new Set<Edge['type']>([...DATA_EDGES, 'stored-in', 'serves', 'uses']);
const NORMALIZE_OPTIONS = { sortLists: true };

/** s3://bucket/prefix or gs://bucket/prefix for a storage edge, from the URI the connector kept or the bucket name. */
function locationUri(edge: Edge, target: Resource): string {
  if (edge.uri) return edge.uri;
  const scheme = target.provider === 'aws' ? 's3' : 'gs';
  return `${scheme}://${target.name}/${edge.prefix ?? ''}`;
}

function props(entries: [string, string | undefined][]): Models.PropertyRepository {
  return new Models.PropertyRepository(entries.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => new Models.Property(k, v!)));
}

type FindingCounts = Map<string, Record<string, number>>;

function envelopeProps(r: Resource, findings: FindingCounts): [string, string | undefined][] {
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
 * What one BOM component will be: small enough to hold for every model, dataset and data location of a large estate,
 * while the library's model object and its normalized form are made only when the component is written.
 */
interface ComponentPlan {
  type: Enums.ComponentType;
  name: string;
  ref: string;
  resource: Resource;
  /** the training-data prefix of a data location */
  prefix?: string;
  /** model artifact URIs */
  distributions: string[];
  /** training jobs that produced a model */
  trainedBy: string[];
  dependsOn: Set<ComponentPlan>;
  /** the model card and component data the library cannot model yet, added to its JSON */
  modelCard?: { modelParameters: { datasets: { ref: string }[] } };
  data?: unknown[];
}

interface ServicePlan {
  resource: Resource;
  dependsOn: Set<ComponentPlan>;
}

interface BomPlan {
  result: ScanResult;
  findings: FindingCounts;
  /** in the order the components were found (the library's order before sorting) */
  components: ComponentPlan[];
  services: ServicePlan[];
}

/**
 * CycloneDX 1.6 AI-BOM: models as machine-learning-model components with a model card listing their training
 * data, datasets and training-data locations as data components, endpoints as services, lineage as dependencies.
 */
function planBom(result: ScanResult): BomPlan {
  const byId = new Map(result.inventory.resources.map((r) => [r.id, r]));
  const out = new Map<string, Edge[]>();
  for (const e of result.inventory.edges) {
    if (!LINEAGE_EDGES.has(e.type)) continue;
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  const edgesFrom = (id: string, ...types: Edge['type'][]) => (out.get(id) ?? []).filter((e) => types.includes(e.type));
  const producersOf = new Map<string, string[]>();
  for (const e of result.inventory.edges) if (e.type === 'produces') producersOf.set(e.to, [...(producersOf.get(e.to) ?? []), e.from]);

  const components: ComponentPlan[] = [];
  const byRef = new Map<string, ComponentPlan>();
  const add = (plan: Omit<ComponentPlan, 'distributions' | 'trainedBy' | 'dependsOn'> & Partial<ComponentPlan>): ComponentPlan => {
    const c: ComponentPlan = { distributions: [], trainedBy: [], dependsOn: new Set(), ...plan };
    byRef.set(c.ref, c);
    components.push(c);
    return c;
  };

  const dataComponentFor = (edge: Edge): ComponentPlan | undefined => {
    const target = byId.get(edge.to);
    if (!target) return undefined;
    if (target.category === 'ml.dataset') return byRef.get(target.id);
    if (target.category !== 'storage.bucket') return undefined;
    const uri = locationUri(edge, target);
    return byRef.get(uri) ?? add({ type: Enums.ComponentType.Data, name: uri, ref: uri, resource: target, prefix: edge.prefix, data: [{ type: 'dataset', name: uri, contents: { url: uri } }] });
  };

  const resources = [...result.inventory.resources].sort((a, b) => a.id.localeCompare(b.id));
  for (const r of resources) {
    if (r.category === 'ml.dataset' || r.category === 'ml.knowledge-base') {
      add({ type: Enums.ComponentType.Data, name: r.name, ref: r.id, resource: r, data: [{ type: 'dataset', name: r.name, description: r.category === 'ml.knowledge-base' ? 'knowledge base' : 'dataset' }] });
    } else if (r.category === 'ml.model') {
      const distributions: string[] = [];
      for (const e of edgesFrom(r.id, 'stored-in')) {
        const target = byId.get(e.to);
        const uri = e.uri ?? (target ? locationUri(e, target) : undefined);
        if (uri) distributions.push(uri);
      }
      add({ type: Enums.ComponentType.MachineLearningModel, name: r.name, ref: r.id, resource: r, distributions });
    }
  }
  // lineage: data -> dataset, training data -> model (through the jobs that produced it), model -> endpoint
  for (const r of resources) {
    const c = byRef.get(r.id);
    if (!c) continue;
    if (r.category === 'ml.dataset' || r.category === 'ml.knowledge-base') {
      for (const e of edgesFrom(r.id, ...DATA_EDGES)) {
        const d = dataComponentFor(e);
        if (d && d !== c) c.dependsOn.add(d);
      }
    } else if (r.category === 'ml.model') {
      const refs: string[] = [];
      for (const job of producersOf.get(r.id) ?? []) {
        c.trainedBy.push(job);
        for (const e of edgesFrom(job, ...DATA_EDGES)) {
          const d = dataComponentFor(e);
          if (d) {
            c.dependsOn.add(d);
            refs.push(d.ref);
          }
        }
      }
      c.modelCard = { modelParameters: { datasets: [...new Set(refs)].sort().map((ref) => ({ ref })) } };
    }
  }
  const services: ServicePlan[] = [];
  for (const r of resources) {
    if (r.category !== 'ml.endpoint' || r.kind === 'aws.sagemaker.endpoint-config') continue;
    const served = new Set<string>();
    for (const e of edgesFrom(r.id, 'serves', 'uses')) {
      if (byRef.has(e.to)) served.add(e.to);
      for (const e2 of edgesFrom(e.to, 'uses')) if (byRef.has(e2.to)) served.add(e2.to);
    }
    services.push({ resource: r, dependsOn: new Set([...served].map((ref) => byRef.get(ref)!)) });
  }
  return { result, findings: findingCounts(result, [...components.map((c) => c.resource.id), ...services.map((s) => s.resource.id)]), components, services };
}

/** Failed, unsuppressed findings by severity of the resources in the BOM. */
function findingCounts(result: ScanResult, ids: string[]): FindingCounts {
  const counts: FindingCounts = new Map(ids.map((id) => [id, {}]));
  for (const f of result.findings) {
    if (f.status !== 'fail' || f.suppressed) continue;
    const c = counts.get(f.resource.id);
    if (c) c[f.severity] = (c[f.severity] ?? 0) + 1;
  }
  return counts;
}

function componentModel(plan: ComponentPlan, findings: FindingCounts): Models.Component {
  const c = new Models.Component(plan.type, plan.name, { bomRef: plan.ref, properties: props([...envelopeProps(plan.resource, findings), ['aispm:prefix', plan.prefix]]) });
  for (const uri of plan.distributions) c.externalReferences.add(new Models.ExternalReference(uri, Enums.ExternalReferenceType.Distribution, { comment: 'model artifact' }));
  for (const job of plan.trainedBy) c.properties.add(new Models.Property('aispm:trainedBy', job));
  return c;
}

function serviceModel(plan: ServicePlan, findings: FindingCounts): Models.Service {
  const r = plan.resource;
  const svc = new Models.Service(r.name, { bomRef: r.id, properties: props(envelopeProps(r, findings)) });
  if ('publicEndpoint' in r) svc.properties.add(new Models.Property('aispm:publicEndpoint', String(r.publicEndpoint)));
  return svc;
}

function withExtensions(json: Record<string, unknown>, plan: ComponentPlan): Record<string, unknown> {
  if (plan.modelCard) json.modelCard = plan.modelCard;
  if (plan.data) json.data = plan.data;
  return json;
}

/** The document's members in order; components, services and dependencies as generators of their elements. */
type BomMembers = [key: string, value: unknown | (() => Iterable<unknown>)][];

/**
 * The BOM as the library's JsonSerializer writes it (sorted lists), member by member, each component, service and
 * dependency normalized by the library only when it is written. The library sorts components and services by
 * bom-ref (`localeCompare`, the default collator) and then by other fields, and the dependencies by ref; when every
 * bom-ref is distinct and no two compare equal, sorting the plans by ref is the same order. Otherwise (duplicate
 * resource ids in a hand-edited result) the library builds and normalizes the whole BOM, making the refs unique.
 */
function bomMembers(plan: BomPlan): BomMembers {
  const { findings } = plan;
  const components = sortedByRef(plan.components, (c) => c.ref);
  const services = sortedByRef(plan.services, (s) => s.resource.id);
  const refs = components && services ? sortedByRef([...plan.components.map((c) => c.ref), ...plan.services.map((s) => s.resource.id)], (ref) => ref) : undefined;
  if (!components || !services || !refs) return Object.entries(wholeBom(plan));

  const factory = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6);
  const skeleton = factory.makeForBom().normalize(bomWithMetadata(plan.result), NORMALIZE_OPTIONS) as unknown as Record<string, unknown>;
  const componentNormalizer = factory.makeForComponent();
  const serviceNormalizer = factory.makeForService();
  const dependsOn = new Map<string, Set<ComponentPlan>>([...plan.components.map((c) => [c.ref, c.dependsOn] as const), ...plan.services.map((s) => [s.resource.id, s.dependsOn] as const)]);
  const lazy: Record<string, (() => Iterable<unknown>) | undefined> = {
    components: () => mapped(components, (c) => withExtensions(componentNormalizer.normalize(componentModel(c, findings), NORMALIZE_OPTIONS) as unknown as Record<string, unknown>, c)),
    services: services.length ? () => mapped(services, (s) => serviceNormalizer.normalize(serviceModel(s, findings), NORMALIZE_OPTIONS)) : undefined,
    dependencies: () => mapped(refs, (ref) => dependency(ref, dependsOn.get(ref)!)),
  };
  return Object.keys(skeleton).map((key) => [key, key in lazy ? lazy[key] : skeleton[key]]);
}

function* mapped<T, U>(items: readonly T[], f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** One entry of the dependency graph as the library normalizes it: the refs it depends on, sorted, if any. */
function dependency(ref: string, on: Set<ComponentPlan>): { ref: string; dependsOn?: string[] } {
  const dependsOn = [...on].map((c) => c.ref).filter((d) => d !== ref && d.length > 0).sort(collator.compare);
  return { ref, dependsOn: dependsOn.length ? dependsOn : undefined };
}

const collator = new Intl.Collator();

/** The items sorted by their ref, or undefined when a ref is empty or two refs compare equal (the library's order then depends on more). */
function sortedByRef<T>(items: readonly T[], ref: (item: T) => string): T[] | undefined {
  let tie = false;
  const sorted = [...items].sort((a, b) => {
    const order = collator.compare(ref(a), ref(b));
    if (order === 0) tie = true;
    return order;
  });
  return tie || sorted.some((item) => ref(item) === '') ? undefined : sorted;
}

function bomWithMetadata(result: ScanResult): Models.Bom {
  const bom = new Models.Bom();
  bom.metadata.timestamp = new Date(result.finishedAt);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, 'aispm', { version: result.tool.version }));
  if (result.scanId) bom.serialNumber = /^[0-9a-f-]{36}$/.test(result.scanId) ? `urn:uuid:${result.scanId}` : undefined;
  return bom;
}

/**
 * The whole BOM built and normalized by the library at once, which makes duplicate refs unique. It holds every
 * component's model and normalized copy together (over 1 GB at 1,000,000 resources), so the reporter uses it only
 * when the refs are not distinct; tests compare the streamed output with it.
 */
export function cycloneDxByLibrary(result: ScanResult): Record<string, unknown> {
  return wholeBom(planBom(result));
}

function wholeBom(plan: BomPlan): Record<string, unknown> {
  const factory = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6);
  const bom = bomWithMetadata(plan.result);
  const models = new Map(plan.components.map((c) => [c, componentModel(c, plan.findings)]));
  for (const [c, model] of models) for (const d of c.dependsOn) model.dependencies.add(models.get(d)!.bomRef);
  for (const model of models.values()) bom.components.add(model);
  for (const s of plan.services) {
    const svc = serviceModel(s, plan.findings);
    for (const d of s.dependsOn) svc.dependencies.add(models.get(d)!.bomRef);
    bom.services.add(svc);
  }
  const discriminator = new Serialize.BomRefDiscriminator([...bom.components, ...bom.services].map((item) => item.bomRef));
  discriminator.discriminate();
  try {
    const json = factory.makeForBom().normalize(bom, NORMALIZE_OPTIONS) as unknown as { components: Record<string, unknown>[] };
    const byModel = new Map([...models].map(([c, model]) => [model.bomRef.value, c]));
    for (const comp of json.components) {
      const c = byModel.get(comp['bom-ref'] as string);
      if (c) withExtensions(comp, c);
    }
    return json as unknown as Record<string, unknown>;
  } finally {
    discriminator.reset();
  }
}

/** The AI-BOM as one object (for tests and small estates; the reporter writes it a component at a time). */
export function buildCycloneDx(result: ScanResult): Record<string, unknown> {
  const members = bomMembers(planBom(result)).map(([key, value]) => [key, typeof value === 'function' ? [...(value as () => Iterable<unknown>)()] : value]);
  return Object.fromEntries(members);
}

/**
 * The text of `JSON.stringify(bom, null, 2)`: the members one by one, and the elements of components, services and
 * dependencies each stringified on its own as they are produced.
 */
function* bomChunks(members: BomMembers): Generator<string, void, undefined> {
  let first = true;
  for (const [key, value] of members) {
    if (value === undefined) continue;
    yield `${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: `;
    first = false;
    if (typeof value === 'function') yield* elementsAtDepth2((value as () => Iterable<unknown>)());
    else yield atDepth(value, 1);
  }
  yield first ? '{}' : '\n}';
}

function* elementsAtDepth2(items: Iterable<unknown>): Generator<string, void, undefined> {
  let first = true;
  for (const item of items) {
    yield `${first ? '[\n' : ',\n'}    ${atDepth(item, 2)}`;
    first = false;
  }
  yield first ? '[]' : '\n  ]';
}

/** A value's JSON indented as at `depth` in the document: stringified inside `depth` one-element arrays, whose text is cut off. */
function atDepth(value: unknown, depth: 1 | 2): string {
  return depth === 1 ? JSON.stringify([value], null, 2).slice(4, -2) : JSON.stringify([[value]], null, 2).slice(10, -6);
}

export const cyclonedxReporter = streamingReporter({
  name: 'cyclonedx',
  fileName: 'aispm.cdx.json',
  *chunks(result) {
    yield* bomChunks(bomMembers(planBom(result)));
    yield '\n';
  },
});
