import type { Resource } from '../model/index.js';
import { describePrincipal } from '../model/index.js';
import type { Graph } from './build.js';

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
  publicWrite: boolean;
  crossAccountWrite: boolean;
  externallyAssumable: boolean;
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
  publicWrite: 'bucket access.publicWrite (false when not analysed)',
  crossAccountWrite: 'bucket access.crossAccountWrite (false when not analysed)',
  externallyAssumable: 'role / service account reach.externallyAssumable (false when not analysed)',
};

export function nodeAttributes(graph: Graph, i: number): NodeAttributes {
  const id = graph.ids[i];
  const r = graph.resources[i];
  const p = graph.principals[i];
  const rel = r?.related;
  return {
    id,
    kind: r ? r.kind : p ? 'principal' : 'unscanned',
    category: r ? r.category : p ? 'principal' : 'unscanned',
    provider: r ? r.provider : providerOfId(id),
    account: r ? r.account : (p?.owner ?? ''),
    region: r ? r.region : '',
    name: r ? r.name : describePrincipal(id),
    tags: r?.tags ?? {},
    scanned: r !== undefined,
    principal: p !== undefined,
    principalType: p?.type ?? '',
    external: graph.external[i] === 1,
    trusted: p !== undefined && graph.external[i] === 0,
    bucket: graph.bucket[i] === 1,
    status: r ? statusOf(r) : '',
    serving: graph.serving[i] === 1,
    deployed: rel?.deployed ?? false,
    servingEndpoints: rel?.servingEndpoints.length ?? 0,
    feedsTraining: rel?.feedsTraining ?? false,
    feedsKnowledgeBase: rel?.feedsKnowledgeBase ?? false,
    holdsModelArtifacts: rel?.holdsModelArtifacts ?? false,
    publicEndpoint: r?.kind === 'gcp.vertexai.endpoint' ? r.publicEndpoint : false,
    networkIsolated: r ? networkIsolated(graph, i, r) : false,
    publicWrite: r && 'access' in r ? (r.access?.publicWrite ?? false) : false,
    crossAccountWrite: r && 'access' in r ? (r.access?.crossAccountWrite ?? false) : false,
    externallyAssumable: r && 'reach' in r ? (r.reach?.externallyAssumable ?? false) : false,
  };
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

/** Models reached by walking `uses`/`serves` edges upstream at most `depth` steps (endpoint -> config -> model). */
function upstreamModels(graph: Graph, i: number, depth: number): Resource[] {
  const out: Resource[] = [];
  const visit = (v: number, d: number) => {
    for (let k = graph.inStart[v]; k < graph.inStart[v + 1]; k++) {
      const e = graph.inEdges[k];
      const type = graph.edges[e].type;
      if (type !== 'uses' && type !== 'serves') continue;
      const u = graph.flowFrom[e];
      const r = graph.resources[u];
      if (r?.category === 'ml.model') out.push(r);
      else if (d > 1) visit(u, d - 1);
    }
  };
  visit(i, depth);
  return out;
}
