import { describe, expect, it } from 'vitest';
import { GcpStorageBucket, GcpVertexaiCustomJob, GcpVertexaiDataset, GcpVertexaiEndpoint, GcpVertexaiModel, GcpVertexaiTrainingPipeline, GcpNotebooksInstance, GcpIamServiceAccount } from '../../../src/model/index.js';
import { mapBucket } from '../../../src/connectors/gcp/map/bucket.js';
import { mapCustomJob, mapDataset, mapEndpoint, mapModel, mapTrainingPipeline } from '../../../src/connectors/gcp/map/vertex.js';
import { mapNotebookInstance } from '../../../src/connectors/gcp/map/notebook.js';
import { mapServiceAccount, serviceAccountId } from '../../../src/connectors/gcp/map/service-account.js';
import { gcsUrisIn, plainValue } from '../../../src/connectors/gcp/map/proto-value.js';
import { known, unknownBecause } from '../../../src/connectors/gcp/map/read.js';
import { booleanConstraintEnforced } from '../../../src/connectors/gcp/orgpolicy.js';

const scope = { projectId: 'ml-prod', projectNumber: '100000000001', location: 'us-central1' };
const base = 'projects/100000000001/locations/us-central1';

describe('mapBucket', () => {
  const metadata = {
    name: 'train-data',
    location: 'US-CENTRAL1',
    storageClass: 'STANDARD',
    projectNumber: '100000000001',
    labels: { team: 'ml' },
    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
    versioning: { enabled: true },
    retentionPolicy: { retentionPeriod: '2592000', isLocked: true },
    softDeletePolicy: { retentionDurationSeconds: '604800' },
    encryption: { defaultKmsKeyName: 'projects/p/locations/us/keyRings/r/cryptoKeys/k' },
    logging: { logBucket: 'logs', logObjectPrefix: 'train' },
  };

  it('maps every setting of a uniform-access bucket and leaves ACLs null', () => {
    const b = GcpStorageBucket.parse(
      mapBucket({ project: 'ml-prod', metadata, iamPolicy: known({ version: 3, bindings: [{ role: 'roles/storage.objectAdmin', members: ['allUsers'], condition: { title: 't', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } }] }) }),
    );
    expect(b).toMatchObject({
      id: '//storage.googleapis.com/projects/_/buckets/train-data',
      account: 'ml-prod',
      region: 'us-central1',
      tags: { team: 'ml' },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: true,
      retentionPolicy: { retentionPeriodSeconds: 2592000, isLocked: true },
      softDeleteRetentionSeconds: 604800,
      defaultKmsKeyName: 'projects/p/locations/us/keyRings/r/cryptoKeys/k',
      logging: { logBucket: 'logs', logObjectPrefix: 'train' },
      acl: null,
      defaultObjectAcl: null,
      gaps: [],
    });
    expect(b.iamPolicy.bindings[0].condition?.title).toBe('t');
  });

  it('reads legacy ACLs when uniform access is off, and turns failed reads into gaps', () => {
    const b = mapBucket({
      project: 'ml-prod',
      metadata: { name: 'legacy', iamConfiguration: { uniformBucketLevelAccess: { enabled: false } } },
      iamPolicy: unknownBecause('permission denied: buckets.getIamPolicy'),
      acl: known([{ entity: 'allUsers', role: 'WRITER', etag: 'x' }]),
      defaultObjectAcl: unknownBecause('permission denied: defaultObjectAccessControls.list'),
    });
    expect(b.acl).toEqual([{ entity: 'allUsers', role: 'WRITER' }]);
    expect(b.gaps).toEqual([
      { path: 'iamPolicy', reason: 'permission denied: buckets.getIamPolicy' },
      { path: 'defaultObjectAcl', reason: 'permission denied: defaultObjectAccessControls.list' },
    ]);
    expect(b.versioning).toBe(false);
    expect(b.softDeleteRetentionSeconds).toBe(0);
    expect(b.publicAccessPrevention).toBe('inherited');
    expect(GcpStorageBucket.safeParse(b).success).toBe(true);
  });
});

describe('Vertex AI mappings', () => {
  it('dataset: gcsSource URIs (string or list) and the data bucket become imports-from edges with prefixes', () => {
    const m = mapDataset(
      { name: `${base}/datasets/1`, displayName: 'ds', metadata: { structValue: { fields: { inputConfig: { structValue: { fields: { gcsSource: { structValue: { fields: { uri: { listValue: { values: [{ stringValue: 'gs://a/x/train.csv' }] } } } } } } } }, gcsBucket: { stringValue: 'b' } } } }, encryptionSpec: { kmsKeyName: 'k' } },
      scope,
    );
    expect(GcpVertexaiDataset.parse(m.resource)).toMatchObject({ gcsSources: ['gs://a/x/train.csv', 'gs://b/'], kmsKeyName: 'k', account: 'ml-prod', region: 'us-central1', name: 'ds' });
    expect(m.edges).toEqual([
      { from: `${base}/datasets/1`, to: '//storage.googleapis.com/projects/_/buckets/a', type: 'imports-from', prefix: 'x/train.csv', uri: 'gs://a/x/train.csv' },
      { from: `${base}/datasets/1`, to: '//storage.googleapis.com/projects/_/buckets/b', type: 'imports-from', uri: 'gs://b/' },
    ]);
  });

  it('training pipeline: dataset id, inputs, output, model, service account and network from the custom task inputs', () => {
    const m = mapTrainingPipeline(
      {
        name: `${base}/trainingPipelines/4`,
        state: 'PIPELINE_STATE_SUCCEEDED',
        inputDataConfig: { datasetId: '1', gcsDestination: { outputUriPrefix: 'gs://out/export/' } },
        trainingTaskInputs: { workerPoolSpecs: [{ containerSpec: { imageUri: 'img', args: ['--extra=gs://extra/more/'] } }], baseOutputDirectory: { outputUriPrefix: 'gs://out/run/' }, serviceAccount: 'trainer@ml-prod.iam.gserviceaccount.com', network: 'projects/1/global/networks/vpc' },
        modelId: '5',
      },
      scope,
    );
    const r = GcpVertexaiTrainingPipeline.parse(m.resource);
    expect(r).toMatchObject({ datasetId: `${base}/datasets/1`, modelId: `${base}/models/5`, inputUris: ['gs://extra/more/'], baseOutputDirectory: 'gs://out/run/', serviceAccount: 'trainer@ml-prod.iam.gserviceaccount.com', network: 'projects/1/global/networks/vpc', kmsKeyName: null });
    expect(m.edges.map((e) => `${e.type} ${e.to} ${e.prefix ?? ''}`)).toEqual([
      `reads-from ${base}/datasets/1 `,
      'reads-from //storage.googleapis.com/projects/_/buckets/extra more/',
      'reads-from //storage.googleapis.com/projects/_/buckets/out export/',
      'writes-to //storage.googleapis.com/projects/_/buckets/out run/',
      'writes-to //storage.googleapis.com/projects/_/buckets/out export/',
      `produces ${base}/models/5 `,
      'uses-role projects/ml-prod/serviceAccounts/trainer@ml-prod.iam.gserviceaccount.com ',
    ]);
  });

  it('custom job: gs:// and /gcs/ inputs, default compute account, images, web access', () => {
    const m = mapCustomJob(
      {
        name: `${base}/customJobs/6`,
        state: 'JOB_STATE_RUNNING',
        jobSpec: {
          workerPoolSpecs: [
            { containerSpec: { imageUri: 'us-docker.pkg.dev/x/train:1', args: ['--data=/gcs/raw/images/', '--labels', 'gs://raw/labels.csv'], env: [{ name: 'OUT', value: 'gs://ignored-not/' }] } },
            { pythonPackageSpec: { executorImageUri: 'us-docker.pkg.dev/x/py:1', packageUris: ['gs://code/trainer.tar.gz'] } },
          ],
          baseOutputDirectory: { outputUriPrefix: 'gs://models/job6/' },
          serviceAccount: '100000000001-compute@developer.gserviceaccount.com',
          enableWebAccess: true,
        },
      },
      scope,
    );
    const r = GcpVertexaiCustomJob.parse(m.resource);
    expect(r.inputUris).toEqual(['gs://code/trainer.tar.gz', 'gs://ignored-not/', 'gs://raw/images/', 'gs://raw/labels.csv']);
    expect(r).toMatchObject({ usesDefaultServiceAccount: true, enableWebAccess: true, images: ['us-docker.pkg.dev/x/py:1', 'us-docker.pkg.dev/x/train:1'], baseOutputDirectory: 'gs://models/job6/' });
    expect(r.network).toBeUndefined();
    expect(m.edges.filter((e) => e.type === 'uses-role')).toEqual([{ from: r.id, to: 'projects/ml-prod/serviceAccounts/100000000001-compute@developer.gserviceaccount.com', type: 'uses-role' }]);
    expect(mapCustomJob({ name: `${base}/customJobs/7`, jobSpec: {} }, scope).resource.usesDefaultServiceAccount).toBe(true);
  });

  it('model: stored-in its artifact bucket, produced by its pipeline, deployed endpoints listed', () => {
    const m = mapModel({ name: `${base}/models/5`, artifactUri: 'gs://models/m5/', trainingPipeline: `${base}/trainingPipelines/4`, deployedModels: [{ endpoint: `${base}/endpoints/7`, deployedModelId: '8' }], encryptionSpec: { kmsKeyName: 'k' } }, scope);
    expect(GcpVertexaiModel.parse(m.resource)).toMatchObject({ deployedEndpoints: [`${base}/endpoints/7`], kmsKeyName: 'k' });
    expect(m.edges).toEqual([
      { from: `${base}/models/5`, to: '//storage.googleapis.com/projects/_/buckets/models', type: 'stored-in', prefix: 'm5/', uri: 'gs://models/m5/' },
      { from: `${base}/trainingPipelines/4`, to: `${base}/models/5`, type: 'produces' },
    ]);
  });

  it('endpoint: public unless on a VPC network or Private Service Connect; serves its deployed models', () => {
    const pub = mapEndpoint({ name: `${base}/endpoints/7`, deployedModels: [{ id: '8', model: `${base}/models/5`, serviceAccount: 'serve@ml-prod.iam.gserviceaccount.com' }], dedicatedEndpointEnabled: true }, scope);
    expect(GcpVertexaiEndpoint.parse(pub.resource)).toMatchObject({ publicEndpoint: true, dedicatedEndpointEnabled: true, privateServiceConnect: false });
    expect(pub.edges.map((e) => e.type)).toEqual(['serves', 'uses-role']);
    expect(mapEndpoint({ name: `${base}/endpoints/8`, network: 'projects/1/global/networks/vpc' }, scope).resource.publicEndpoint).toBe(false);
    expect(mapEndpoint({ name: `${base}/endpoints/10`, deployedModels: [{ id: '2', model: `${base}/models/5@3` }] }, scope).edges).toEqual([{ from: `${base}/endpoints/10`, to: `${base}/models/5`, type: 'serves' }]);
    expect(mapEndpoint({ name: `${base}/endpoints/9`, privateServiceConnectConfig: { enablePrivateServiceConnect: true } }, scope).resource.publicEndpoint).toBe(false);
  });
});

describe('Workbench and service accounts', () => {
  it('notebook instance: public IP, root access from notebook-disable-root, service account, CMEK boot disk', () => {
    const open = mapNotebookInstance({ name: 'projects/100000000001/locations/us-central1-a/instances/nb', state: 'ACTIVE', gceSetup: { serviceAccounts: [{ email: '100000000001-compute@developer.gserviceaccount.com' }], networkInterfaces: [{ network: 'projects/p/global/networks/default' }] } }, { ...scope, zone: 'us-central1-a' });
    expect(GcpNotebooksInstance.parse(open.resource)).toMatchObject({ name: 'nb', region: 'us-central1-a', publicIp: true, rootAccess: true, usesDefaultServiceAccount: true, network: 'projects/p/global/networks/default', kmsKeyName: null });
    const locked = mapNotebookInstance({ name: 'projects/1/locations/us-central1-a/instances/nb2', gceSetup: { disablePublicIp: true, metadata: { 'notebook-disable-root': 'TRUE' }, serviceAccounts: [{ email: 'nb@ml-prod.iam.gserviceaccount.com' }], bootDisk: { diskEncryption: 'CMEK', kmsKey: 'k' } } }, { ...scope, zone: 'us-central1-a' });
    expect(locked.resource).toMatchObject({ publicIp: false, rootAccess: false, usesDefaultServiceAccount: false, kmsKeyName: 'k' });
  });

  it('service account: owning project from the email, default compute detection, roles from the project policy or a gap', () => {
    const bindings = [
      { role: 'roles/storage.admin', members: ['serviceAccount:trainer@ml-prod.iam.gserviceaccount.com'] },
      { role: 'roles/viewer', members: ['serviceAccount:trainer@ml-prod.iam.gserviceaccount.com', 'user:a@example.com'] },
    ];
    const sa = GcpIamServiceAccount.parse(mapServiceAccount('trainer@ml-prod.iam.gserviceaccount.com', scope, known(bindings)));
    expect(sa).toMatchObject({ id: 'projects/ml-prod/serviceAccounts/trainer@ml-prod.iam.gserviceaccount.com', isDefaultCompute: false, projectRoles: ['roles/storage.admin', 'roles/viewer'], gaps: [] });
    const compute = mapServiceAccount('100000000001-compute@developer.gserviceaccount.com', scope, unknownBecause('permission denied: projects.getIamPolicy'));
    expect(compute).toMatchObject({ isDefaultCompute: true, account: 'ml-prod', projectRoles: [], gaps: [{ path: 'projectRoles', reason: 'permission denied: projects.getIamPolicy' }] });
    expect(serviceAccountId('x@other-proj.iam.gserviceaccount.com', scope)).toBe('projects/other-proj/serviceAccounts/x@other-proj.iam.gserviceaccount.com');
    expect(serviceAccountId('999-compute@developer.gserviceaccount.com', scope)).toBe('projects/999/serviceAccounts/999-compute@developer.gserviceaccount.com');
  });
});

describe('organization policy', () => {
  it('a boolean constraint is enforced when a rule enforces it; conditional rules are unknown', () => {
    expect(booleanConstraintEnforced([])).toEqual({ value: false });
    expect(booleanConstraintEnforced([{ enforce: true }])).toEqual({ value: true });
    expect(booleanConstraintEnforced([{ enforce: false }])).toEqual({ value: false });
    expect(booleanConstraintEnforced([{ enforce: true, condition: { expression: "resource.matchTag('123/env', 'prod')" } }, { enforce: false }])).toHaveProperty('gap');
  });

  it('maps the organization policy onto buckets that inherit it, or a gap', () => {
    const metadata = { name: 'inherit', iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' } };
    expect(mapBucket({ project: 'p', metadata, iamPolicy: known({ bindings: [] }), orgPolicy: known(true) }).orgEnforcesPublicAccessPrevention).toBe(true);
    const unknown = mapBucket({ project: 'p', metadata, iamPolicy: known({ bindings: [] }), orgPolicy: unknownBecause('permission denied: GetEffectivePolicy') });
    expect(unknown.orgEnforcesPublicAccessPrevention).toBeUndefined();
    expect(unknown.gaps).toEqual([{ path: 'orgEnforcesPublicAccessPrevention', reason: 'permission denied: GetEffectivePolicy' }]);
  });
});

describe('helpers', () => {
  it('plainValue unwraps protobuf Value/Struct and leaves plain JSON alone', () => {
    expect(plainValue({ kind: 'structValue', structValue: { fields: { a: { kind: 'numberValue', numberValue: 1 }, b: { nullValue: 'NULL_VALUE' } } } })).toEqual({ a: 1, b: null });
    expect(plainValue({ a: [1, 'x'], b: { c: true } })).toEqual({ a: [1, 'x'], b: { c: true } });
  });

  it('gcsUrisIn finds gs:// URIs and Cloud Storage FUSE paths', () => {
    expect(gcsUrisIn(['--a=gs://bk1/p/q', 'x /gcs/bk2/data', 'gs://bk1/p/q', 42])).toEqual(['gs://bk1/p/q', 'gs://bk2/data']);
  });
});
