type Gax = typeof import('google-gax');

/** A node of a protobuf.js JSON descriptor: a namespace (nested), a message (fields), an enum (values) or a service (methods). */
interface ProtoNode {
  nested?: Record<string, ProtoNode>;
  fields?: Record<string, { type: string }>;
  values?: Record<string, number>;
  methods?: Record<string, { requestType: string; responseType: string; options?: Record<string, unknown>; parsedOptions?: unknown[] }>;
  [key: string]: unknown;
}

/**
 * The services the scanner calls through google-gax, each with everything its generated client needs: the service,
 * the messages and enums its methods use, directly or through other messages, and the types its long-running
 * operations name. A package's protos.json carries every service and API version the package ships (@google-cloud/
 * aiplatform: 34 v1 services and all of v1beta1 in 4 MB), and each client turns all of it into gRPC descriptors.
 */
export const SCANNED_SERVICES: readonly string[] = [
  'google.cloud.aiplatform.v1.DatasetService',
  'google.cloud.aiplatform.v1.PipelineService',
  'google.cloud.aiplatform.v1.JobService',
  'google.cloud.aiplatform.v1.ModelService',
  'google.cloud.aiplatform.v1.EndpointService',
  'google.cloud.resourcemanager.v3.Projects',
  'google.cloud.resourcemanager.v3.Folders',
  'google.cloud.notebooks.v2.NotebookService',
];

const isType = (n: ProtoNode) => n.fields !== undefined || n.values !== undefined || n.methods !== undefined;

/** Every message, enum and service by its full name (without the leading dot). */
function indexTypes(node: ProtoNode, path: string, out: Map<string, ProtoNode>): Map<string, ProtoNode> {
  for (const [name, child] of Object.entries(node.nested ?? {})) {
    const full = path ? `${path}.${name}` : name;
    if (isType(child)) out.set(full, child);
    indexTypes(child, full, out);
  }
  return out;
}

/** Protobuf name resolution: `.a.b` is absolute; otherwise the innermost enclosing scope of `scope` that has the name. */
function resolve(types: Map<string, ProtoNode>, name: string, scope: string): string | undefined {
  if (name.startsWith('.')) return types.has(name.slice(1)) ? name.slice(1) : undefined;
  for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
    const full = s ? `${s}.${name}` : name;
    if (types.has(full)) return full;
    if (!s) return undefined;
  }
}

/** Names a service's methods refer to: request and response types, and the types named by method options (long-running operations). */
function methodTypeNames(service: ProtoNode): string[] {
  const names: string[] = [];
  for (const m of Object.values(service.methods ?? {})) {
    names.push(m.requestType, m.responseType);
    for (const [key, value] of Object.entries(m.options ?? {})) if (key.includes('operation_info') && typeof value === 'string') names.push(value);
  }
  return names;
}

/** The full names of the services and every type they reach. */
function reachable(types: Map<string, ProtoNode>, services: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (name: string | undefined) => {
    if (name && !seen.has(name)) {
      seen.add(name);
      queue.push(name);
    }
  };
  services.forEach((s) => types.has(s) && add(s));
  while (queue.length > 0) {
    const full = queue.pop()!;
    const node = types.get(full)!;
    const scope = full.slice(0, full.lastIndexOf('.'));
    // a nested type is kept with the whole message around it (onlyScannedServices), whose fields must resolve too
    if (types.has(scope)) add(scope);
    if (node.methods) for (const n of methodTypeNames(node)) add(resolve(types, n, scope));
    // a message's fields resolve from inside the message; its nested types are indexed on their own
    for (const f of Object.values(node.fields ?? {})) add(resolve(types, f.type, full));
    for (const [name, child] of Object.entries(node.nested ?? {})) if (isType(child)) add(`${full}.${name}`);
  }
  return seen;
}

/**
 * The protos with only what SCANNED_SERVICES need from their products (google.cloud.aiplatform, ...): the other
 * services, their messages and the other API versions are left out. Everything outside those products (google.api,
 * google.protobuf, google.longrunning, google.cloud.location, google.iam, ...) is kept whole. A copy along the paths
 * that change; every kept node is shared with the original.
 */
export function onlyScannedServices<T extends object>(json: T): T {
  const root = json as ProtoNode;
  const types = indexTypes(root, '', new Map());
  const present = SCANNED_SERVICES.filter((s) => types.has(s));
  if (present.length === 0) return json;
  const keep = reachable(types, present);
  // a top-level message is kept whole when it or one of its nested types is reachable
  const keptOrAbove = new Set<string>();
  for (const k of keep) for (let i = k.indexOf('.'); i !== -1; i = k.indexOf('.', i + 1)) keptOrAbove.add(k.slice(0, i));
  keep.forEach((k) => keptOrAbove.add(k));
  const products = present.map((s) => s.split('.').slice(0, 3).join('.'));
  const inProduct = (full: string) => products.some((p) => full === p || full.startsWith(`${p}.`));
  const aboveProduct = (full: string) => products.some((p) => p.startsWith(`${full}.`));
  const prune = (node: ProtoNode, path: string): ProtoNode | undefined => {
    const nested: Record<string, ProtoNode> = {};
    let changed = false;
    for (const [name, child] of Object.entries(node.nested ?? {})) {
      const full = path ? `${path}.${name}` : name;
      let kept: ProtoNode | undefined = child;
      if (inProduct(full)) kept = isType(child) ? (keptOrAbove.has(full) ? child : undefined) : prune(child, full);
      else if (aboveProduct(full)) kept = prune(child, full);
      if (kept) nested[name] = kept;
      changed ||= kept !== child;
    }
    if (!changed) return node;
    // a namespace of a product left empty (another API version) goes
    if (inProduct(path) && !isType(node) && Object.keys(nested).length === 0) return undefined;
    return { ...node, nested };
  };
  return (prune(root, '') ?? root) as T;
}

const scannerGaxModules = new WeakMap<Gax, Gax>();

/**
 * google-gax as the generated clients take it (their documented second constructor argument), loading only what the
 * scanner calls (onlyScannedServices) and each package's protos once per process: google-gax caches loaded protos by
 * a hash of their JSON text, so every client it builds first serializes and hashes the package's whole protos.json,
 * twice (about 15-20 ms per Vertex AI client; a scan of 25 locations builds 125 of them). This keeps them by the JSON
 * object instead. Everything else is google-gax itself.
 */
export function scannerGax(gax: Gax): Gax {
  const made = scannerGaxModules.get(gax);
  if (made) return made;
  // both loads below start from the same pruned copy of a package's protos, made once
  const prunedCopies = new WeakMap<object, object>();
  const pruned = <T extends object>(json: T): T => {
    let copy = prunedCopies.get(json);
    if (!copy) prunedCopies.set(json, (copy = onlyScannedServices(json)));
    return copy as T;
  };
  const grpcLoaded = new WeakMap<object, ReturnType<InstanceType<Gax['GrpcClient']>['loadProtoJSON']>>();
  const rootsLoaded = new WeakMap<object, ReturnType<Gax['protobufFromJSON']>>();
  class ScannerGrpcClient extends gax.GrpcClient {
    override loadProtoJSON(json: Parameters<InstanceType<Gax['GrpcClient']>['loadProtoJSON']>[0], ignoreCache = false) {
      const hit = ignoreCache ? undefined : grpcLoaded.get(json);
      if (hit) return hit;
      const loaded = super.loadProtoJSON(pruned(json), ignoreCache);
      grpcLoaded.set(json, loaded);
      return loaded;
    }
  }
  const protobufFromJSON: Gax['protobufFromJSON'] = (json, ignoreCache = false) => {
    const hit = ignoreCache ? undefined : rootsLoaded.get(json);
    if (hit) return hit;
    const root = gax.protobufFromJSON(pruned(json), ignoreCache);
    rootsLoaded.set(json, root);
    return root;
  };
  const module = Object.create(gax, {
    GrpcClient: { value: ScannerGrpcClient, enumerable: true },
    protobufFromJSON: { value: protobufFromJSON, enumerable: true },
  }) as Gax;
  scannerGaxModules.set(gax, module);
  return module;
}
