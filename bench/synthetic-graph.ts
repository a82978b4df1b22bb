// A seeded synthetic AI estate for path-search benchmarks and scale tests: AWS and GCP training pipelines with
// buckets, jobs, models, endpoints and roles, a few outside writers, and decoys. Same size + seed = same estate.
import { SeededRandom } from '../mocks/generate/random.js';
import {
  INTERNET,
  INVENTORY_SCHEMA_VERSION,
  awsAccountPrincipal,
  domainPrincipal,
  gcsBucketId,
  s3BucketArn,
  type AccessEvidence,
  type Edge,
  type Inventory,
  type Resource,
} from '../src/model/index.js';

export interface SyntheticEstate {
  inventory: Inventory;
  /** routes (node ids, source first) that PATH-001 must report */
  plantedPoisoning: string[][];
  /** buckets an outsider can write that feed nothing, or only under a prefix no job reads */
  decoyBuckets: string[];
}

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const PROJECTS = ['ml-a', 'ml-b', 'ml-c'];
const REGION = 'us-east-1';
const LOCATION = 'us-central1';
const ev = (detail: string): AccessEvidence[] => [{ source: 'bucket-policy', detail }];
const envelope = (id: string, kind: string, category: string, provider: 'aws' | 'gcp', account: string, region: string, name: string) =>
  ({ id, kind, category, provider, account, region, name, tags: {}, gaps: [] }) as const;

const readShapes = new Map<string, (r: Record<string, unknown>) => Record<string, unknown>>();

/**
 * The resource as the streaming reader gives it (src/model/stream): every field held in the object itself, one shape
 * per key list, like an object literal. An object spread from the envelope plus more keys keeps most fields in a
 * separate property array, a layout large inventories (which are read from a file) do not have.
 */
function asRead(r: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(r);
  const shape = keys.join(',');
  let make = readShapes.get(shape);
  if (!make) {
    make = new Function('r', `return { ${keys.map((k) => `${JSON.stringify(k)}: r[${JSON.stringify(k)}]`).join(', ')} };`) as (r: Record<string, unknown>) => Record<string, unknown>;
    readShapes.set(shape, make);
  }
  return make(r);
}

/** About 5.25 nodes per pipeline unit; `nodes` is the approximate total. */
export function syntheticEstate(nodes: number, seed = 1): SyntheticEstate {
  const random = new SeededRandom(seed);
  const rand = () => random.next();
  const resources: Resource[] = [];
  const edges: Edge[] = [];
  const plantedPoisoning: string[][] = [];
  const decoyBuckets: string[] = [];
  const add = (r: Record<string, unknown>) => resources.push(asRead(r) as unknown as Resource);
  const units = Math.max(1, Math.floor(nodes / 5.25));
  const outsiders = Array.from({ length: 200 }, (_, k) => awsAccountPrincipal(String(900000000000 + k)));

  for (let u = 0; u < units; u++) {
    const deployed = rand() < 0.5;
    const poisoned = rand() < 0.01;
    const decoy = !poisoned && rand() < 0.01;
    const crossAccount = !poisoned && rand() < 0.02;
    if (u % 2 === 0) {
      const account = ACCOUNTS[u % ACCOUNTS.length];
      const arn = (type: string) => `arn:aws:sagemaker:${REGION}:${account}:${type}/u${u}`;
      const data = s3BucketArn(`data-${u}`);
      const artifacts = s3BucketArn(`artifacts-${u}`);
      for (const [id, name] of [
        [data, `data-${u}`],
        [artifacts, `artifacts-${u}`],
      ]) {
        add({
          ...envelope(id, 'aws.s3.bucket', 'storage.bucket', 'aws', account, REGION, name),
          arn: id,
          policy: null,
          acl: null,
          publicAccessBlock: null,
          accountPublicAccessBlock: null,
          ownershipControls: 'BucketOwnerEnforced',
          versioning: { enabled: false, status: 'Disabled', mfaDelete: false },
          objectLock: { enabled: false },
          encryption: { enabled: true, customerManagedKey: false },
          logging: { enabled: false },
        });
      }
      const role = `arn:aws:iam::${account}:role/exec-u${u}`;
      add({ ...envelope(role, 'aws.iam.role', 'identity.role', 'aws', account, 'global', `exec-u${u}`), arn: role, trustPolicy: { Statement: [] }, inlinePolicies: [], attachedPolicies: [] });
      const job = arn('training-job');
      add({
        ...envelope(job, 'aws.sagemaker.training-job', 'ml.training', 'aws', account, REGION, `u${u}`),
        status: 'Completed',
        roleArn: role,
        inputs: [{ channelName: 'train', s3Uri: `s3://data-${u}/train/` }],
        enableNetworkIsolation: false,
        enableInterContainerTrafficEncryption: false,
        vpcConfig: null,
      });
      const model = arn('model');
      add({ ...envelope(model, 'aws.sagemaker.model', 'ml.model', 'aws', account, REGION, `u${u}`), containers: [], enableNetworkIsolation: rand() < 0.5, vpcConfig: null });
      edges.push(
        { from: job, to: data, type: 'reads-from', prefix: 'train/' },
        { from: job, to: artifacts, type: 'writes-to', prefix: `out/` },
        { from: job, to: model, type: 'produces' },
        { from: model, to: artifacts, type: 'stored-in', prefix: 'out/' },
        { from: job, to: role, type: 'uses-role' },
        { from: role, to: data, type: 'can-write', evidence: [{ source: 'identity-policy', detail: 'exec role writes its data' }] },
      );
      let route = [data, job, model];
      if (deployed) {
        const config = arn('endpoint-config');
        const endpoint = arn('endpoint');
        add({ ...envelope(config, 'aws.sagemaker.endpoint-config', 'ml.endpoint', 'aws', account, REGION, `u${u}`), productionVariants: [{ variantName: 'v', modelName: `u${u}` }], dataCaptureEnabled: false });
        add({ ...envelope(endpoint, 'aws.sagemaker.endpoint', 'ml.endpoint', 'aws', account, REGION, `u${u}`), status: 'InService', endpointConfigName: `u${u}`, dataCaptureEnabled: false });
        edges.push({ from: config, to: model, type: 'uses' }, { from: endpoint, to: config, type: 'uses' });
        route = [...route, config, endpoint];
      }
      if (poisoned) {
        edges.push({ from: INTERNET, to: data, type: 'can-write', prefix: 'train/', evidence: ev('public write on train/') });
        plantedPoisoning.push([INTERNET, ...route]);
      }
      if (decoy) {
        edges.push({ from: INTERNET, to: data, type: 'can-write', prefix: 'logs/', evidence: ev('public write on logs/') });
        decoyBuckets.push(data);
      }
      if (crossAccount) edges.push({ from: outsiders[Math.floor(rand() * outsiders.length)], to: artifacts, type: 'can-write', evidence: ev('cross-account write') });
      if (rand() < 0.005) {
        edges.push({ from: outsiders[Math.floor(rand() * outsiders.length)], to: role, type: 'can-assume', evidence: [{ source: 'trust-policy', detail: 'outside account may assume' }] });
      }
      if (!decoy && rand() < 0.01) {
        const kb = `arn:aws:bedrock:${REGION}:${account}:knowledge-base/KB${u}`;
        add({
          ...envelope(kb, 'aws.bedrock.knowledge-base', 'ml.knowledge-base', 'aws', account, REGION, `kb-${u}`),
          status: 'ACTIVE',
          roleArn: role,
          dataSources: [{ id: 'ds', name: 'docs', type: 'S3', bucketArn: data, inclusionPrefixes: ['kb/'] }],
        });
        edges.push({ from: kb, to: data, type: 'sources-data-from', prefix: 'kb/' });
        if (rand() < 0.3) edges.push({ from: INTERNET, to: data, type: 'can-write', prefix: 'kb/', evidence: ev('public write on kb/') });
      }
    } else {
      const project = PROJECTS[u % PROJECTS.length];
      const name = (type: string) => `projects/${project}/locations/${LOCATION}/${type}/u${u}`;
      const bucket = gcsBucketId(`vx-${u}`);
      const bucketResource = {
        ...envelope(bucket, 'gcp.storage.bucket', 'storage.bucket', 'gcp', project, LOCATION, `vx-${u}`),
        location: LOCATION,
        iamPolicy: { version: 1, bindings: [] },
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'inherited',
        versioning: false,
        retentionPolicy: null,
        softDeleteRetentionSeconds: 0,
        defaultKmsKeyName: null,
        logging: null,
        acl: null,
        defaultObjectAcl: null,
      };
      add(bucketResource);
      const dataset = name('datasets');
      const pipeline = name('trainingPipelines');
      const model = name('models');
      add({ ...envelope(dataset, 'gcp.vertexai.dataset', 'ml.dataset', 'gcp', project, LOCATION, `u${u}`), gcsSources: [`gs://vx-${u}/data/`], kmsKeyName: null });
      add({ ...envelope(pipeline, 'gcp.vertexai.training-pipeline', 'ml.training', 'gcp', project, LOCATION, `u${u}`), state: 'PIPELINE_STATE_SUCCEEDED', inputUris: [], kmsKeyName: null });
      add({ ...envelope(model, 'gcp.vertexai.model', 'ml.model', 'gcp', project, LOCATION, `u${u}`), deployedEndpoints: [], kmsKeyName: null });
      edges.push(
        { from: dataset, to: bucket, type: 'imports-from', prefix: 'data/' },
        { from: pipeline, to: dataset, type: 'reads-from' },
        { from: pipeline, to: model, type: 'produces' },
        { from: model, to: bucket, type: 'stored-in', prefix: 'model/' },
      );
      let route = [bucket, dataset, pipeline, model];
      if (deployed) {
        const endpoint = name('endpoints');
        add({
          ...envelope(endpoint, 'gcp.vertexai.endpoint', 'ml.endpoint', 'gcp', project, LOCATION, `u${u}`),
          deployedModels: [{ id: '1', model }],
          privateServiceConnect: false,
          dedicatedEndpointEnabled: false,
          publicEndpoint: rand() < 0.5,
          kmsKeyName: null,
        });
        edges.push({ from: endpoint, to: model, type: 'serves' });
        route = [...route, endpoint];
      }
      if (poisoned) {
        edges.push({ from: INTERNET, to: bucket, type: 'can-write', evidence: ev('allUsers objectCreator') });
        plantedPoisoning.push([INTERNET, ...route]);
      }
      if (decoy) {
        // a public bucket that feeds nothing
        const lonely = gcsBucketId(`public-${u}`);
        add({ ...bucketResource, id: lonely, name: `public-${u}` });
        edges.push({ from: INTERNET, to: lonely, type: 'can-write', evidence: ev('allUsers objectCreator') });
        decoyBuckets.push(lonely);
      }
      if (crossAccount) edges.push({ from: domainPrincipal(`partner${u % 50}.example`), to: bucket, type: 'can-write', prefix: 'data/', evidence: ev('domain objectCreator') });
    }
  }
  const inventory: Inventory = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: '2025-01-01T00:00:00.000Z',
    targets: [],
    resources,
    edges,
    coverage: { services: [], failures: [] },
  };
  return { inventory, plantedPoisoning, decoyBuckets };
}
