import type { Resource } from '../model/index.js';
import { describePrincipal } from '../model/index.js';
import type { Graph } from './build.js';
import { EDGE_TYPE_INDEX } from './edge-flow.js';

export interface NodeAttributes {
  id: string;
  kind: string;
  category: string;
  provider: string;
  account: string;
  region: string;
  name: string;
  tags: Record<string, string>;
  scanned: boolean;
  principal: boolean;
  principalType: string;
  external: boolean;
  trusted: boolean;
  bucket: boolean;
  status: string;
  serving: boolean;
  deployed: boolean;
  servingEndpoints: number;
  feedsTraining: boolean;
  feedsKnowledgeBase: boolean;
  holdsModelArtifacts: boolean;
  publicEndpoint: boolean;
  networkIsolated: boolean;
  exposedInference: boolean;
  publicWrite: boolean;
  crossAccountWrite: boolean;
  externallyAssumable: boolean;
  artifactVerdict: string;
}

/** What path-rule selectors (CEL over `node`) can read. One list, so loading can reject unknown fields. */
export const NODE_ATTRIBUTES: Record<keyof NodeAttributes, string> = {
  id: 'node id: resource ARN / resource name, or a principal id such as "principal:internet"',
  kind: 'resource kind (e.g. "aws.s3.bucket"); "principal" for principals; "unscanned" for ids the scan did not collect',
  category: 'resource category (e.g. "ml.endpoint"); "principal" or "unscanned" as for kind',
  provider: '"aws", "gcp", or "" when unknown',
  account: 'AWS account id / GCP project id of a resource, or the account, project or domain a principal belongs to',
  region: 'region or location, "" for principals',
  name: 'resource name, or the readable principal ("internet", "aws-account:111122223333")',
  tags: 'resource tags (map)',
  scanned: 'the resource was collected by this scan',
  principal: 'the node is a principal (internet, any-authenticated, account, project, domain, member, service, federated) or an IAM ARN outside the scan',
  principalType: 'public, authenticated, account, organization, service, federated, project, domain, user, group, service-account, role, member; "" for resources',
  external: 'a principal outside the scanned accounts/projects and not declared trusted (always true for internet and any-authenticated)',
  trusted: 'a principal inside the scanned accounts/projects or declared trusted',
  bucket: 'a storage bucket',
  status: 'lifecycle status or state of jobs and endpoints, "" otherwise',
  serving: 'an endpoint that serves traffic now (SageMaker InService, Vertex endpoint with a deployed model)',
  deployed: 'related.deployed: it is, or leads to, a model served by an endpoint',
  servingEndpoints: 'number of serving endpoints downstream',
  feedsTraining: 'related.feedsTraining',
  feedsKnowledgeBase: 'related.feedsKnowledgeBase',
  holdsModelArtifacts: 'related.holdsModelArtifacts',
  publicEndpoint: 'a Vertex endpoint reachable from the internet (no VPC peering, no Private Service Connect)',
  networkIsolated: 'endpoint: private network (Vertex) / every served SageMaker model has network isolation; model or job: enableNetworkIsolation',
  exposedInference:
    'endpoint or endpoint config open to the internet: a public Vertex endpoint, or a SageMaker one serving a model with neither network isolation nor a VPC config (its container can reach the internet)',
  publicWrite: 'bucket access.publicWrite (false when not analysed)',
  crossAccountWrite: 'bucket access.crossAccountWrite (false when not analysed)',
  externallyAssumable: 'role / service account reach.externallyAssumable (false when not analysed)',
  artifactVerdict: 'worst verdict of the model artifacts it references (artifactScan.verdict: malicious, suspicious, error, partial, clean; "" when not scanned, e.g. without --scan-models)',
};

type Reader<K extends keyof NodeAttributes> = (graph: Graph, i: number) => NodeAttributes[K];
const res = (graph: Graph, i: number) => graph.resources[i];
const rel = (graph: Graph, i: number) => graph.resources[i]?.related;

/** One reader per attribute, so a selector that reads three fields builds only those three per node. */
export const ATTRIBUTE_READERS: { [K in keyof NodeAttributes]: Reader<K> } = {
  id: (g, i) => g.ids[i],
  // a collected resource's kind and category, from the graph's codes (names[code] is the resource's own string)
  kind: (g, i) => (i < g.scannedCount ? g.names[g.kindCode[i]] : g.principals[i] ? 'principal' : 'unscanned'),
  category: (g, i) => (i < g.scannedCount ? g.names[g.categoryCode[i]] : g.principals[i] ? 'principal' : 'unscanned'),
  provider: (g, i) => res(g, i)?.provider ?? providerOfId(g.ids[i]),
  account: (g, i) => res(g, i)?.account ?? g.principals[i]?.owner ?? '',
  region: (g, i) => res(g, i)?.region ?? '',
  name: (g, i) => res(g, i)?.name ?? describePrincipal(g.ids[i]),
  tags: (g, i) => res(g, i)?.tags ?? {},
  scanned: (g, i) => i < g.scannedCount,
  principal: (g, i) => g.principals[i] !== undefined,
  principalType: (g, i) => g.principals[i]?.type ?? '',
  external: (g, i) => g.external[i] === 1,
  trusted: (g, i) => g.principals[i] !== undefined && g.external[i] === 0,
  bucket: (g, i) => g.bucket[i] === 1,
  status: (g, i) => {
    const r = res(g, i);
    return r ? statusOf(r) : '';
  },
  serving: (g, i) => g.serving[i] === 1,
  deployed: (g, i) => rel(g, i)?.deployed ?? false,
  servingEndpoints: (g, i) => rel(g, i)?.servingEndpoints.length ?? 0,
  feedsTraining: (g, i) => rel(g, i)?.feedsTraining ?? false,
  feedsKnowledgeBase: (g, i) => rel(g, i)?.feedsKnowledgeBase ?? false,
  holdsModelArtifacts: (g, i) => rel(g, i)?.holdsModelArtifacts ?? false,
  publicEndpoint: (g, i) => {
    const r = res(g, i);
    return r?.kind === 'gcp.vertexai.endpoint' ? r.publicEndpoint : false;
  },
  // both are false for every kind but a few: the kind code (0 for nodes that are not collected resources) decides
  // whether the resource is read at all
  networkIsolated: (g, i) => (ISOLATABLE_KINDS.has(g.names[g.kindCode[i]]) ? networkIsolated(g, i, g.resources[i]!) : false),
  exposedInference: (g, i) => (ENDPOINT_KINDS.has(g.names[g.kindCode[i]]) ? exposedInference(g, i, g.resources[i]!) : false),
  publicWrite: (g, i) => {
    const r = res(g, i);
    return r && 'access' in r ? (r.access?.publicWrite ?? false) : false;
  },
  crossAccountWrite: (g, i) => {
    const r = res(g, i);
    return r && 'access' in r ? (r.access?.crossAccountWrite ?? false) : false;
  },
  externallyAssumable: (g, i) => {
    const r = res(g, i);
    return r && 'reach' in r ? (r.reach?.externallyAssumable ?? false) : false;
  },
  artifactVerdict: (g, i) => res(g, i)?.artifactScan?.verdict ?? '',
};

const ALL_FIELDS = Object.keys(ATTRIBUTE_READERS) as (keyof NodeAttributes)[];

/** Every attribute of node i. */
export function nodeAttributes(graph: Graph, i: number): NodeAttributes {
  return readAttributes(graph, i, ALL_FIELDS) as NodeAttributes;
}

/** Only the named attributes of node i (what the selectors at hand read). */
export function readAttributes(graph: Graph, i: number, fields: readonly (keyof NodeAttributes)[]): Partial<NodeAttributes> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = ATTRIBUTE_READERS[f](graph, i);
  return out as Partial<NodeAttributes>;
}

function providerOfId(id: string): string {
  if (id.startsWith('arn:aws') || id.startsWith('principal:aws-')) return 'aws';
  if (id.startsWith('//') || id.startsWith('projects/') || id.startsWith('principal:gcp-')) return 'gcp';
  return '';
}

function statusOf(r: Resource): string {
  if ('status' in r && typeof r.status === 'string') return r.status;
  if ('state' in r && typeof r.state === 'string') return r.state;
  return '';
}

const ENDPOINT_KINDS: ReadonlySet<string> = new Set(['gcp.vertexai.endpoint', 'aws.sagemaker.endpoint', 'aws.sagemaker.endpoint-config']);
const ISOLATABLE_KINDS: ReadonlySet<string> = new Set([...ENDPOINT_KINDS, 'aws.sagemaker.model', 'aws.sagemaker.training-job', 'aws.sagemaker.processing-job']);

function networkIsolated(graph: Graph, i: number, r: Resource): boolean {
  switch (r.kind) {
    case 'gcp.vertexai.endpoint':
      return !r.publicEndpoint && (r.privateServiceConnect || r.network !== undefined);
    case 'aws.sagemaker.model':
    case 'aws.sagemaker.training-job':
    case 'aws.sagemaker.processing-job':
      return r.enableNetworkIsolation;
    case 'aws.sagemaker.endpoint':
    case 'aws.sagemaker.endpoint-config': {
      const models = upstreamModels(graph, i, 2);
      return models.length > 0 && models.every((m) => m.kind === 'aws.sagemaker.model' && m.enableNetworkIsolation);
    }
    default:
      return false;
  }
}

function exposedInference(graph: Graph, i: number, r: Resource): boolean {
  switch (r.kind) {
    case 'gcp.vertexai.endpoint':
      return r.publicEndpoint;
    case 'aws.sagemaker.endpoint':
    case 'aws.sagemaker.endpoint-config':
      return upstreamModels(graph, i, 2).some((m) => m.kind === 'aws.sagemaker.model' && !m.enableNetworkIsolation && !m.vpcConfig);
    default:
      return false;
  }
}

const USES = EDGE_TYPE_INDEX.uses;
const SERVES = EDGE_TYPE_INDEX.serves;

/** Models reached by walking `uses`/`serves` edges upstream at most `depth` steps (endpoint -> config -> model). */
function upstreamModels(graph: Graph, i: number, depth: number, out: Resource[] = []): Resource[] {
  for (let k = graph.inStart[i]; k < graph.inStart[i + 1]; k++) {
    const e = graph.inEdges[k];
    const type = graph.edgeType[e];
    if (type !== USES && type !== SERVES) continue;
    const u = graph.flowFrom[e];
    const r = graph.resources[u];
    if (r?.category === 'ml.model') out.push(r);
    else if (depth > 1) upstreamModels(graph, u, depth - 1, out);
  }
  return out;
}
