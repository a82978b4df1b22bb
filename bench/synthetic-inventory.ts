// A seeded synthetic inventory of any size for bench:eval, produced lazily (generators) so a million resources can be
// streamed to a file without ever being in memory together. The mix follows the scenario generators' proportions
// (mocks/generate/aws.ts, mocks/generate/gcp.ts): per AWS team unit four buckets (training data, features, model
// artifacts, logs) with bucket policies, Block Public Access, ACLs and a few public, world-writable and cross-account
// buckets; processing and training jobs reading bucket prefixes and writing artifacts; models, endpoint configs and
// endpoints for a fraction; notebooks; an execution role per team with inline and attached policies (some s3:* or
// iam:PassRole on *). Per GCP unit: data, model and log buckets with IAM bindings (some allUsers, allAuthenticatedUsers
// or another project), a dataset importing from a prefix, a training pipeline and a custom job, a model, an endpoint
// for a fraction, Workbench instances and service accounts. Edges are the lineage edges the connectors emit.
import { INVENTORY_SCHEMA_VERSION, gcsBucketId, s3BucketArn, type Edge, type InventoryInput } from '../src/model/index.js';
import type { InventoryParts } from '../src/model/stream/write-inventory.js';
import { SeededRandom } from '../mocks/generate/random.js';

type Json = Record<string, any>;
type Item = { resource: Json } | { edge: Edge };

const REGION = 'us-east-1';
const LOCATION = 'us-central1';
const EXTERNAL_ACCOUNT = '444455556666';
const PAB = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const OWNER = 'c'.repeat(64);
const XGB = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';

/**
 * Teams (of six units, about 24 AWS buckets) per AWS account or GCP project. An estate of a million resources spans
 * hundreds of accounts and projects; within one, the proportions are those of the generators.
 */
const TEAMS_PER_ACCOUNT = 10;

const envelope = (id: string, kind: string, category: string, provider: 'aws' | 'gcp', account: string, region: string, name: string, tags: Json = {}) => ({ id, kind, category, provider, account, region, name, tags, gaps: [] as Json[] });

function* awsUnit(u: number, r: SeededRandom): Generator<Item> {
  const t = Math.floor(u / 6);
  const account = String(111100000000 + Math.floor(t / TEAMS_PER_ACCOUNT));
  const team = `team${t}`;
  const roleArn = `arn:aws:iam::${account}:role/service-role/${team}-sagemaker-execution`;
  const names = ['data', 'features', 'artifacts', 'logs'].map((p) => `${team}-${p}-${u}`);
  const [dataB, featB, artB, logB] = names;
  for (const [i, name] of names.entries()) {
    const arn = s3BucketArn(name);
    const statements: Json[] = [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }];
    const x = r.next();
    const publicRead = x < 0.01;
    const crossAccount = i === 0 && x >= 0.01 && x < 0.03;
    const worldWritable = i === 0 && x >= 0.03 && x < 0.035;
    if (publicRead) statements.push({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*` });
    if (crossAccount) statements.push({ Sid: 'PartnerUpload', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` }, Action: ['s3:PutObject', 's3:GetObject'], Resource: `${arn}/*` });
    const exposed = publicRead || worldWritable;
    const kms = r.chance(0.4);
    const versioned = i !== 3 && r.chance(0.55);
    yield {
      resource: {
        ...envelope(arn, 'aws.s3.bucket', 'storage.bucket', 'aws', account, REGION, name, r.chance(0.7) ? { team, purpose: ['training-data', 'features', 'model-artifacts', 'logs'][i] } : {}),
        arn,
        creationDate: '2024-03-01T00:00:00.000Z',
        policy: { Version: '2012-10-17', Statement: statements },
        acl: { ownerId: OWNER, grants: [{ grantee: { type: 'CanonicalUser', id: OWNER }, permission: 'FULL_CONTROL' }, ...(worldWritable ? [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'WRITE' }] : [])] },
        publicAccessBlock: !exposed && r.chance(0.85) ? PAB : null,
        accountPublicAccessBlock: u % 2 ? PAB : null,
        ownershipControls: exposed ? 'ObjectWriter' : r.chance(0.85) ? 'BucketOwnerEnforced' : 'BucketOwnerPreferred',
        versioning: versioned ? { enabled: true, status: 'Enabled', mfaDelete: r.chance(0.05) } : { enabled: false, status: 'Disabled', mfaDelete: false },
        objectLock: i === 2 && r.chance(0.1) ? { enabled: true, mode: 'GOVERNANCE', days: 30 } : { enabled: false },
        encryption: kms ? { enabled: true, algorithm: 'aws:kms', kmsKeyId: `arn:aws:kms:${REGION}:${account}:key/${u}-${i}`, bucketKeyEnabled: true, customerManagedKey: true } : { enabled: true, algorithm: 'AES256', customerManagedKey: false },
        logging: i !== 3 && r.chance(0.5) ? { enabled: true, targetBucket: logB, targetPrefix: `${name}/` } : { enabled: false },
      },
    };
  }
  const sm = (type: string, name: string) => `arn:aws:sagemaker:${REGION}:${account}:${type}/${name}`;
  const network = () => ({ enableNetworkIsolation: r.chance(0.3), enableInterContainerTrafficEncryption: r.chance(0.2), vpcConfig: r.chance(0.4) ? { subnets: [`subnet-${u}`], securityGroupIds: [`sg-${u}`] } : null });
  const prep = sm('processing-job', `${team}-prep-${u}`);
  yield { resource: { ...envelope(prep, 'aws.sagemaker.processing-job', 'ml.training', 'aws', account, REGION, `${team}-prep-${u}`), status: 'Completed', roleArn, inputs: [{ inputName: 'raw', s3Uri: `s3://${dataB}/raw/` }], outputs: [{ outputName: 'train', s3Uri: `s3://${dataB}/datasets/clicks-v1/` }], ...network() } };
  yield { edge: { from: prep, to: s3BucketArn(dataB), type: 'reads-from', prefix: 'raw/', uri: `s3://${dataB}/raw/` } };
  yield { edge: { from: prep, to: s3BucketArn(dataB), type: 'writes-to', prefix: 'datasets/clicks-v1/', uri: `s3://${dataB}/datasets/clicks-v1/` } };
  yield { edge: { from: prep, to: roleArn, type: 'uses-role' } };
  for (let j = 0; j < 2; j++) {
    const name = `${team}-train-${u}-${j}`;
    const job = sm('training-job', name);
    const completed = r.chance(0.85);
    const source = j === 0 ? dataB : featB;
    const artifact = `s3://${artB}/${name}/output/model.tar.gz`;
    const kms = r.chance(0.5) ? `arn:aws:kms:${REGION}:${account}:key/${name}` : undefined;
    yield {
      resource: {
        ...envelope(job, 'aws.sagemaker.training-job', 'ml.training', 'aws', account, REGION, name),
        status: completed ? 'Completed' : 'Failed',
        roleArn,
        trainingImage: XGB,
        inputs: [{ channelName: 'train', s3Uri: `s3://${source}/datasets/clicks-v1/`, s3DataType: 'S3Prefix' }],
        outputPath: `s3://${artB}/${name}/output`,
        ...(kms ? { outputKmsKeyId: kms, volumeKmsKeyId: kms } : {}),
        ...(completed ? { modelArtifacts: artifact } : {}),
        ...network(),
        creationTime: '2024-06-01T00:00:00.000Z',
      },
    };
    yield { edge: { from: job, to: s3BucketArn(source), type: 'reads-from', prefix: 'datasets/clicks-v1/', uri: `s3://${source}/datasets/clicks-v1/` } };
    yield { edge: { from: job, to: s3BucketArn(artB), type: 'writes-to', prefix: `${name}/output`, uri: `s3://${artB}/${name}/output` } };
    yield { edge: { from: job, to: roleArn, type: 'uses-role' } };
    if (!completed || !r.chance(0.8)) continue;
    const model = sm('model', `${name}-model`);
    yield { resource: { ...envelope(model, 'aws.sagemaker.model', 'ml.model', 'aws', account, REGION, `${name}-model`), executionRoleArn: roleArn, containers: [{ image: XGB, modelDataUrl: artifact }], enableNetworkIsolation: r.chance(0.3), vpcConfig: null, trainingJobName: name } };
    yield { edge: { from: job, to: model, type: 'produces' } };
    yield { edge: { from: model, to: s3BucketArn(artB), type: 'stored-in', prefix: `${name}/output/model.tar.gz`, uri: artifact } };
    yield { edge: { from: model, to: roleArn, type: 'uses-role' } };
    if (!r.chance(0.3)) continue;
    const config = sm('endpoint-config', `${name}-config`);
    const endpoint = sm('endpoint', `${name}-endpoint`);
    yield { resource: { ...envelope(config, 'aws.sagemaker.endpoint-config', 'ml.endpoint', 'aws', account, REGION, `${name}-config`), ...(r.chance(0.5) ? { kmsKeyId: `arn:aws:kms:${REGION}:${account}:key/ep` } : {}), productionVariants: [{ variantName: 'AllTraffic', modelName: `${name}-model`, instanceType: 'ml.m5.large' }], dataCaptureEnabled: r.chance(0.3) } };
    yield { resource: { ...envelope(endpoint, 'aws.sagemaker.endpoint', 'ml.endpoint', 'aws', account, REGION, `${name}-endpoint`), status: 'InService', endpointConfigName: `${name}-config`, dataCaptureEnabled: false } };
    yield { edge: { from: config, to: model, type: 'uses' } };
    yield { edge: { from: endpoint, to: config, type: 'uses' } };
  }
  if (r.chance(0.2)) {
    const nb = sm('notebook-instance', `${team}-notebook-${u}`);
    yield { resource: { ...envelope(nb, 'aws.sagemaker.notebook-instance', 'ml.notebook', 'aws', account, REGION, `${team}-notebook-${u}`), status: 'InService', roleArn, directInternetAccess: r.chance(0.5), rootAccess: r.chance(0.6), instanceMetadataServiceMinimumVersion: r.chance(0.5) ? '2' : '1' } };
    yield { edge: { from: nb, to: roleArn, type: 'uses-role' } };
  }
  if (u % 6 === 0) {
    const own = names.flatMap((n) => [s3BucketArn(n), `${s3BucketArn(n)}/*`]);
    yield {
      resource: {
        ...envelope(roleArn, 'aws.iam.role', 'identity.role', 'aws', account, 'global', `${team}-sagemaker-execution`),
        arn: roleArn,
        path: '/service-role/',
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        inlinePolicies: [
          { name: 'data-access', document: { Version: '2012-10-17', Statement: [r.chance(0.3) ? { Effect: 'Allow', Action: 's3:*', Resource: '*' } : { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: own }, ...(r.chance(0.4) ? [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] : [])] } },
        ],
        attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', name: 'AmazonS3ReadOnlyAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }] } }],
      },
    };
  }
}

function* gcpUnit(u: number, r: SeededRandom): Generator<Item> {
  const t = Math.floor(u / 6);
  const p = Math.floor(t / TEAMS_PER_ACCOUNT);
  const project = `ml-${String(p).padStart(5, '0')}`;
  const projectNumber = String(100000000000 + p);
  const trainerSa = `trainer@${project}.iam.gserviceaccount.com`;
  const computeSa = `${projectNumber}-compute@developer.gserviceaccount.com`;
  const names = ['data', 'models', 'logs'].map((p) => `${project}-${p}-${u}`);
  const [dataB, modelB] = names;
  for (const [i, name] of names.entries()) {
    const id = gcsBucketId(name);
    const ubla = r.chance(0.8);
    const bindings: Json[] = [
      { role: 'roles/storage.legacyBucketOwner', members: [`projectEditor:${project}`, `projectOwner:${project}`] },
      { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${project}`] },
      { role: 'roles/storage.objectAdmin', members: [`serviceAccount:${trainerSa}`] },
    ];
    const x = r.next();
    if (x < 0.03) bindings.push({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
    else if (x < 0.05) bindings.push({ role: 'roles/storage.objectCreator', members: ['allAuthenticatedUsers'] });
    else if (x < 0.08) bindings.push({ role: 'roles/storage.objectAdmin', members: [`serviceAccount:etl@partner-${u % 7}.iam.gserviceaccount.com`] });
    if (r.chance(0.05)) bindings.push({ role: 'roles/storage.objectViewer', members: ['group:analysts@example.com'], condition: { title: 'exports-only', expression: `resource.name.startsWith("projects/_/buckets/${name}/objects/exports/")` } });
    yield {
      resource: {
        ...envelope(id, 'gcp.storage.bucket', 'storage.bucket', 'gcp', project, 'us-central1', name, { purpose: ['training-data', 'models', 'logs'][i] }),
        projectNumber,
        location: 'US-CENTRAL1',
        storageClass: i === 2 ? 'NEARLINE' : 'STANDARD',
        iamPolicy: { version: 3, bindings },
        uniformBucketLevelAccess: ubla,
        publicAccessPrevention: r.chance(0.4) ? 'enforced' : 'inherited',
        versioning: r.chance(i === 1 ? 0.7 : 0.4),
        retentionPolicy: r.chance(0.15) ? { retentionPeriodSeconds: 2592000, isLocked: r.chance(0.3) } : null,
        softDeleteRetentionSeconds: r.chance(0.1) ? 0 : 604800,
        defaultKmsKeyName: r.chance(0.3) ? `projects/${project}/locations/us/keyRings/ml/cryptoKeys/k${i}` : null,
        logging: r.chance(0.4) ? { logBucket: names[2], logObjectPrefix: name } : null,
        acl: ubla ? null : [{ entity: `project-owners-${projectNumber}`, role: 'OWNER' }, ...(r.chance(0.15) ? [{ entity: 'allUsers', role: 'READER' }] : [])],
        defaultObjectAcl: ubla ? null : [{ entity: `project-owners-${projectNumber}`, role: 'OWNER' }],
      },
    };
  }
  const base = `projects/${projectNumber}/locations/${LOCATION}`;
  const cmek = () => (r.chance(0.3) ? `projects/${project}/locations/${LOCATION}/keyRings/ml/cryptoKeys/vertex` : null);
  const dataset = `${base}/datasets/1${String(u).padStart(9, '0')}`;
  const pipeline = `${base}/trainingPipelines/2${String(u).padStart(9, '0')}`;
  const job = `${base}/customJobs/3${String(u).padStart(9, '0')}`;
  const model = `${base}/models/4${String(u).padStart(9, '0')}`;
  const sa = r.chance(0.4) ? computeSa : trainerSa;
  const saId = (email: string) => `projects/${project}/serviceAccounts/${email}`;
  yield { resource: { ...envelope(dataset, 'gcp.vertexai.dataset', 'ml.dataset', 'gcp', project, LOCATION, `dataset-${u}`), metadataSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml', gcsSources: [`gs://${dataB}/datasets/import.jsonl`], kmsKeyName: cmek() } };
  yield { edge: { from: dataset, to: gcsBucketId(dataB), type: 'imports-from', prefix: 'datasets/import.jsonl', uri: `gs://${dataB}/datasets/import.jsonl` } };
  yield { resource: { ...envelope(pipeline, 'gcp.vertexai.training-pipeline', 'ml.training', 'gcp', project, LOCATION, `train-${u}`), state: 'PIPELINE_STATE_SUCCEEDED', trainingTaskDefinition: 'gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml', datasetId: dataset, inputUris: [], baseOutputDirectory: `gs://${modelB}/pipelines/${u}/`, modelId: model, serviceAccount: sa, ...(r.chance(0.6) ? { network: `projects/${projectNumber}/global/networks/ml-vpc` } : {}), kmsKeyName: cmek() } };
  yield { edge: { from: pipeline, to: dataset, type: 'reads-from' } };
  yield { edge: { from: pipeline, to: gcsBucketId(modelB), type: 'writes-to', prefix: `pipelines/${u}/`, uri: `gs://${modelB}/pipelines/${u}/` } };
  yield { edge: { from: pipeline, to: model, type: 'produces' } };
  yield { edge: { from: pipeline, to: saId(sa), type: 'uses-role' } };
  const jobSa = r.chance(0.4) ? undefined : trainerSa;
  yield { resource: { ...envelope(job, 'gcp.vertexai.custom-job', 'ml.training', 'gcp', project, LOCATION, `job-${u}`), state: 'JOB_STATE_SUCCEEDED', inputUris: [`gs://${dataB}/datasets/images/`], baseOutputDirectory: `gs://${modelB}/jobs/${u}/`, ...(jobSa ? { serviceAccount: jobSa } : {}), usesDefaultServiceAccount: !jobSa, ...(r.chance(0.6) ? { network: `projects/${projectNumber}/global/networks/ml-vpc` } : {}), enableWebAccess: r.chance(0.2), images: ['us-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-1:latest'], kmsKeyName: cmek() } };
  yield { edge: { from: job, to: gcsBucketId(dataB), type: 'reads-from', prefix: 'datasets/images/', uri: `gs://${dataB}/datasets/images/` } };
  yield { edge: { from: job, to: gcsBucketId(modelB), type: 'writes-to', prefix: `jobs/${u}/`, uri: `gs://${modelB}/jobs/${u}/` } };
  const endpoint = r.chance(0.3) ? `${base}/endpoints/5${String(u).padStart(9, '0')}` : undefined;
  yield { resource: { ...envelope(model, 'gcp.vertexai.model', 'ml.model', 'gcp', project, LOCATION, `model-${u}`), artifactUri: `gs://${modelB}/models/`, containerImageUri: 'us-docker.pkg.dev/vertex-ai/prediction/pytorch-cpu.2-1:latest', trainingPipeline: pipeline, deployedEndpoints: endpoint ? [endpoint] : [], kmsKeyName: cmek() } };
  yield { edge: { from: model, to: gcsBucketId(modelB), type: 'stored-in', prefix: 'models/', uri: `gs://${modelB}/models/` } };
  if (endpoint) {
    const isPrivate = r.chance(0.4);
    yield { resource: { ...envelope(endpoint, 'gcp.vertexai.endpoint', 'ml.endpoint', 'gcp', project, LOCATION, `endpoint-${u}`), deployedModels: [{ id: `6${u}`, model }], ...(isPrivate ? { network: `projects/${projectNumber}/global/networks/ml-vpc` } : {}), privateServiceConnect: false, dedicatedEndpointEnabled: false, publicEndpoint: !isPrivate, kmsKeyName: cmek() } };
    yield { edge: { from: endpoint, to: model, type: 'serves' } };
  }
  if (r.chance(0.2)) {
    const nb = `projects/${project}/locations/${LOCATION}-a/instances/wb-${u}`;
    const nbSa = r.chance(0.5) ? computeSa : trainerSa;
    yield { resource: { ...envelope(nb, 'gcp.notebooks.instance', 'ml.notebook', 'gcp', project, `${LOCATION}-a`, `wb-${u}`), state: 'ACTIVE', publicIp: r.chance(0.5), rootAccess: r.chance(0.4), serviceAccount: nbSa, usesDefaultServiceAccount: nbSa === computeSa, network: `projects/${project}/global/networks/ml-vpc`, kmsKeyName: null } };
    yield { edge: { from: nb, to: saId(nbSa), type: 'uses-role' } };
  }
  if (u % (6 * TEAMS_PER_ACCOUNT) === 1) {
    // in the project's first unit: its default compute account and its trainer account (as in mocks/generate/gcp.ts)
    for (const email of [trainerSa, computeSa]) {
      yield { resource: { ...envelope(saId(email), 'gcp.iam.service-account', 'identity.role', 'gcp', project, 'global', email), email, isDefaultCompute: email === computeSa, projectRoles: email === computeSa ? ['roles/editor'] : ['roles/aiplatform.user', 'roles/storage.objectAdmin'] } };
    }
  }
}

/** Resources then edges, lazily, for about `resources` resources (the count is exact: generation stops there). */
export function syntheticInventoryParts(resources: number, seed = 1): InventoryParts & { expected: () => number } {
  // Two passes of the same seeded sequence: one yields the resources, the other the edges of the same units, so
  // neither list has to be kept. An edge whose resource was cut off at the size limit is dropped with it.
  let emittedResources = 0;
  let lastUnit = -1;
  function* units(): Generator<[number, Item]> {
    for (let u = 0; ; u++) {
      const r = new SeededRandom(seed).fork(`unit${u}`);
      for (const item of u % 2 === 0 ? awsUnit(u, r) : gcpUnit(u, r)) yield [u, item];
    }
  }
  function* resourceList(): Generator<Json> {
    emittedResources = 0;
    for (const [u, item] of units()) {
      if (!('resource' in item)) continue;
      if (emittedResources >= resources) {
        lastUnit = u;
        return;
      }
      emittedResources++;
      yield item.resource;
    }
  }
  function* edgeList(): Generator<Edge> {
    for (const [u, item] of units()) {
      if (u >= lastUnit) return;
      if ('edge' in item) yield item.edge;
    }
  }
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: '2026-01-01T00:00:00.000Z',
    targets: [],
    resources: resourceList() as Iterable<InventoryInput['resources'][number]>,
    edges: edgeList(),
    coverage: { services: [], failures: [] },
    expected: () => emittedResources,
  };
}
