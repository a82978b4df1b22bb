// `scan aws|gcp --scan-models`: follows every model artifact the inventory references and scans it where it lives.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Inventory } from '../model/inventory.js';
import type { Finding, ResourceRef } from '../model/finding.js';
import type { Resource } from '../model/resource.js';
import { parseStorageUri } from '../model/storage-uri.js';
import { TotalBudget } from './budget.js';
import { artifactFindings } from './findings.js';
import { scanArtifact } from './scan-artifact.js';
import { openSource, type SourceClients } from './sources/resolve.js';
import { DEFAULT_LIMITS, verdictOf, type ArtifactLimits, type ArtifactScanResult, type Verdict } from './types.js';

/** Object names worth scanning when an artifact location is a prefix (Vertex artifactUri, SageMaker S3Prefix model data). */
const MODEL_OBJECT = /\.(pkl|pickle|pt|pth|bin|ckpt|joblib|npy|npz|h5|hdf5|keras|safetensors|dill|sav|model|tar|tar\.gz|tgz|zip|gz)$/i;
const MAX_OBJECTS_PER_PREFIX = 50;

export interface ModelArtifactScan {
  findings: Finding[];
  artifacts: ArtifactScanResult[];
  /** the inventory with artifactScan filled on each resource that references a scanned artifact */
  inventory: Inventory;
}

/** Artifact URIs per resource: SageMaker models and model packages, training job outputs, Vertex models. */
export function referencedArtifacts(resource: Resource): string[] {
  switch (resource.kind) {
    case 'aws.sagemaker.model':
      return resource.containers.flatMap((c) => (c.modelDataUrl ? [c.modelDataUrl] : []));
    case 'aws.sagemaker.model-package-group':
      return resource.packages.flatMap((p) => p.modelDataUrls);
    case 'aws.sagemaker.training-job':
      return resource.modelArtifacts ? [resource.modelArtifacts] : [];
    case 'gcp.vertexai.model':
      return resource.artifactUri ? [resource.artifactUri] : [];
    default:
      return [];
  }
}

/** Endpoints serving each model, from the inventory itself (SageMaker endpoint -> config -> model; Vertex deployedEndpoints). */
export function servingEndpoints(inventory: Inventory): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (model: string, endpoint: string) => out.set(model, [...(out.get(model) ?? []), endpoint]);
  const modelsByName = new Map<string, string>();
  const configs = new Map<string, string[]>();
  for (const r of inventory.resources) {
    if (r.kind === 'aws.sagemaker.model') modelsByName.set(`${r.account}/${r.region}/${r.name}`, r.id);
    if (r.kind === 'aws.sagemaker.endpoint-config') configs.set(`${r.account}/${r.region}/${r.name}`, r.productionVariants.map((v) => v.modelName));
    if (r.kind === 'gcp.vertexai.model') for (const e of r.deployedEndpoints) add(r.id, e);
  }
  for (const r of inventory.resources) {
    if (r.kind !== 'aws.sagemaker.endpoint') continue;
    for (const modelName of configs.get(`${r.account}/${r.region}/${r.endpointConfigName}`) ?? []) {
      const model = modelsByName.get(`${r.account}/${r.region}/${modelName}`);
      if (model) add(model, r.id);
    }
  }
  return out;
}

function refOf(r: Resource): ResourceRef {
  return { id: r.id, kind: r.kind, provider: r.provider, account: r.account, region: r.region, name: r.name };
}

/** Expands a prefix URI into the model-looking objects under it (bounded); an object URI stays as is. */
async function expand(uri: string, clients: SourceClients): Promise<{ uris: string[]; note?: string }> {
  const loc = parseStorageUri(uri);
  if (!loc || !/^(s3|gs):\/\//.test(uri)) return { uris: [uri] };
  const isPrefix = loc.prefix === '' || loc.prefix.endsWith('/') || !/\.[A-Za-z0-9]+$/.test(loc.prefix);
  if (!isPrefix) return { uris: [uri] };
  const prefix = loc.prefix === '' || loc.prefix.endsWith('/') ? loc.prefix : `${loc.prefix}/`;
  if (loc.provider === 'aws') {
    if (!clients.s3) return { uris: [], note: 'no S3 client' };
    const out = await clients.s3().send(new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: prefix, MaxKeys: 1000 }));
    const keys = (out.Contents ?? []).map((o) => o.Key ?? '').filter((k) => MODEL_OBJECT.test(k));
    return { uris: keys.slice(0, MAX_OBJECTS_PER_PREFIX).map((k) => `s3://${loc.bucket}/${k}`) };
  }
  if (!clients.gcs) return { uris: [], note: 'no Cloud Storage client' };
  const [files] = await clients.gcs().bucket(loc.bucket).getFiles({ prefix, maxResults: 1000, autoPaginate: false });
  const names = files.map((f) => f.name).filter((n) => MODEL_OBJECT.test(n));
  return { uris: names.slice(0, MAX_OBJECTS_PER_PREFIX).map((n) => `gs://${loc.bucket}/${n}`) };
}

function errorResult(uri: string, message: string): ArtifactScanResult {
  const issues = [{ kind: 'error' as const, member: '', message }];
  return { uri, format: 'unknown', verdict: verdictOf(issues), bytesFetched: 0, bytesScanned: 0, durationMs: 0, members: [], globals: [], issues };
}

/**
 * Scans every artifact the inventory's models reference, once per URI, and returns findings on the referencing
 * resources (message names the endpoints serving them), the raw results, and the inventory annotated with artifactScan.
 */
export async function scanModelArtifacts(inventory: Inventory, clients: SourceClients, limits: Partial<ArtifactLimits> = {}): Promise<ModelArtifactScan> {
  const resolved = { ...DEFAULT_LIMITS, ...limits };
  const total = new TotalBudget(resolved.maxTotalBytes);
  const byUri = new Map<string, ArtifactScanResult>();
  const perResource = new Map<string, string[]>();
  for (const r of inventory.resources) {
    for (const ref of referencedArtifacts(r)) {
      let uris: string[] = [ref];
      try {
        const expanded = await expand(ref, clients);
        if (expanded.note) byUri.set(ref, errorResult(ref, `cannot scan ${ref}: ${expanded.note}`));
        else if (expanded.uris.length === 0) byUri.set(ref, errorResult(ref, `no model files under ${ref}`));
        else uris = expanded.uris;
      } catch (e) {
        byUri.set(ref, errorResult(ref, `cannot list ${ref}: ${(e as Error).message}`));
      }
      perResource.set(r.id, [...(perResource.get(r.id) ?? []), ...uris]);
      for (const uri of uris) {
        if (byUri.has(uri)) continue;
        try {
          byUri.set(uri, await scanArtifact(openSource(uri, clients, '/'), { limits: resolved, total }));
        } catch (e) {
          byUri.set(uri, errorResult(uri, (e as Error).message));
        }
      }
    }
  }
  const endpoints = servingEndpoints(inventory);
  // an artifact's findings go on the models referencing it; on the training job that wrote it only when no model does
  const modelUris = new Set<string>();
  for (const r of inventory.resources) if (r.category === 'ml.model') for (const u of perResource.get(r.id) ?? []) modelUris.add(u);
  const findings: Finding[] = [];
  const resources = inventory.resources.map((r) => {
    const uris = [...new Set(perResource.get(r.id) ?? [])];
    if (uris.length === 0) return r;
    const results = uris.map((u) => byUri.get(u)).filter((x): x is ArtifactScanResult => x !== undefined);
    for (const res of results) {
      res.referencedBy = [...new Set([...(res.referencedBy ?? []), r.id])];
      if (r.category !== 'ml.model' && modelUris.has(res.uri)) continue;
      findings.push(...artifactFindings(res, { resource: refOf(r), servingEndpoints: endpoints.get(r.id) }));
    }
    const verdict: Verdict = verdictOf(results.flatMap((x) => x.issues));
    return { ...r, artifactScan: { verdict, artifacts: results.map((x) => ({ uri: x.uri, verdict: x.verdict, format: x.format })) } };
  });
  return { findings, artifacts: [...byUri.values()], inventory: { ...inventory, resources: resources as Resource[] } };
}
