// Generates AWS ML accounts of any size with realistic proportions, deterministic per seed: team buckets for training
// data, model artifacts, features and logs (objects under dataset prefixes); processing jobs that prepare datasets;
// training jobs reading bucket prefixes and writing model artifacts; models from completed jobs, endpoint configs and
// endpoints for a fraction of them; notebooks, Studio domains and model package groups; one execution role per team
// with inline and managed policies; Bedrock customization jobs, custom models, guardrails and knowledge bases; and a
// few public, world-writable and cross-account-writable buckets.
import type { AwsScenarioInput } from '../aws/scenario.js';
import { SeededRandom } from './random.js';

export interface AwsGeneratorOptions {
  accountId?: string;
  /** buckets in total (default 50) */
  buckets?: number;
  /** SageMaker training jobs in total (default 20) */
  trainingJobs?: number;
  /** processing jobs (default trainingJobs / 2) */
  processingJobs?: number;
  /** regions, or how many of the default list to use (default 1: us-east-1); buckets and jobs favour the first */
  regions?: string[] | number;
  /** teams, each with its buckets and roles (default: one per 25 buckets, at least 2) */
  teams?: number;
  /** dataset prefixes per training-data bucket (default 2) and objects per prefix (default 3) */
  prefixesPerBucket?: number;
  objectsPerPrefix?: number;
  /** fraction of models served by an endpoint (default 0.3) */
  endpointFraction?: number;
  /** size of each generated PyTorch model artifact (default 64 KiB) */
  modelArtifactBytes?: number;
  seed?: number;
  /** add realisticQuotas (latency and per-service rate limits); default false */
  quotas?: boolean;
}

export const DEFAULT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-2'];

/**
 * Latency and per-service request-rate limits (requests per second) modelled on AWS's published defaults where AWS
 * publishes one; see mocks/scenarios/README.md ("Realistic quotas") for the sources and the assumed values.
 */
export const realisticQuotas = {
  latencyMs: { default: 20 },
  rateLimits: {
    s3: 5500,
    's3-control': 10,
    sagemaker: 10,
    iam: 20,
    sts: 600,
    ec2: 20,
    bedrock: 10,
    'bedrock-agent': 10,
  },
} as const;

type Json = Record<string, any>;
const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const EXTERNAL_ACCOUNT = '444455556666';
const XGB_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const PYTORCH_IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311';
const TEAM_NAMES = ['fraud', 'search', 'recsys', 'vision', 'nlp', 'ads', 'risk', 'forecast', 'support', 'growth'];
type Purpose = 'training-data' | 'model-artifacts' | 'features' | 'logs';
/** share of buckets per purpose: training data 40%, model artifacts 25%, features 20%, logs 15% */
const PURPOSE_WEIGHTS: [Purpose, number][] = [['training-data', 0.4], ['model-artifacts', 0.25], ['features', 0.2], ['logs', 0.15]];

interface BucketPlan {
  name: string;
  team: string;
  purpose: Purpose;
  region: string;
  datasets: string[];
}

const stmt = (o: Json) => ({ Version: '2012-10-17', Statement: [o] });

export function generateAwsScenario(options: AwsGeneratorOptions = {}): AwsScenarioInput {
  const seed = options.seed ?? 1;
  const rnd = new SeededRandom(seed);
  const account = options.accountId ?? '111122223333';
  const regions = Array.isArray(options.regions) ? options.regions : DEFAULT_REGIONS.slice(0, Math.max(1, options.regions ?? 1));
  const bucketCount = options.buckets ?? 50;
  const jobCount = options.trainingJobs ?? 20;
  const processingCount = options.processingJobs ?? Math.floor(jobCount / 2);
  const teamCount = options.teams ?? Math.max(2, Math.ceil(bucketCount / 25));
  const prefixesPerBucket = options.prefixesPerBucket ?? 2;
  const objectsPerPrefix = options.objectsPerPrefix ?? 3;
  const endpointFraction = options.endpointFraction ?? 0.3;
  const artifactBytes = options.modelArtifactBytes ?? 64 * 1024;
  const teams = Array.from({ length: teamCount }, (_, i) => (i < TEAM_NAMES.length ? TEAM_NAMES[i] : `team${i}`));
  const roleArn = (team: string) => `arn:aws:iam::${account}:role/service-role/${team}-sagemaker-execution`;
  const regionFor = (r: SeededRandom) => (regions.length === 1 || r.chance(0.7) ? regions[0] : r.pick(regions.slice(1)));

  // ---- buckets: purpose by weight, team round-robin, names unique by index
  const plans: BucketPlan[] = [];
  for (let i = 0; i < bucketCount; i++) {
    const r = rnd.fork(`bucket${i}`);
    let x = r.next();
    const purpose = PURPOSE_WEIGHTS.find(([, w]) => (x -= w) < 0)?.[0] ?? 'logs';
    const team = teams[i % teamCount];
    plans.push({
      name: `${team}-${purpose}-${String(i).padStart(5, '0')}-${r.token(4)}`,
      team,
      purpose,
      region: regionFor(r),
      datasets: purpose === 'training-data' || purpose === 'features' ? Array.from({ length: prefixesPerBucket }, (_, d) => `${r.pick(['clicks', 'transactions', 'images', 'tickets', 'sessions', 'labels'])}-v${d + 1}`) : [],
    });
  }
  const byPurpose = (p: Purpose) => plans.filter((b) => b.purpose === p);
  const dataBuckets = byPurpose('training-data');
  const artifactBuckets = byPurpose('model-artifacts');
  const logBuckets = byPurpose('logs');
  // a few exposed buckets: ~1% public-read, ~1% cross-account writable, one world-writable in larger estates
  const publicRead = new Set(rnd.fork('public').sample(plans.filter((b) => b.purpose !== 'logs'), Math.max(1, Math.round(bucketCount * 0.01))).map((b) => b.name));
  const crossAccount = new Set(rnd.fork('cross').sample(dataBuckets, Math.max(dataBuckets.length ? 1 : 0, Math.round(bucketCount * 0.01))).map((b) => b.name));
  const worldWritable = new Set(bucketCount >= 20 ? rnd.fork('world').sample(dataBuckets.filter((b) => !crossAccount.has(b.name)), 1).map((b) => b.name) : []);

  const objectsByBucket = new Map<string, Json[]>();
  const buckets = plans.map((b, i) => {
    const r = rnd.fork(`config${i}`);
    const created = EPOCH + r.int(0, 300) * DAY;
    const exposed = publicRead.has(b.name) || worldWritable.has(b.name);
    const statements: Json[] = [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${b.name}`, `arn:aws:s3:::${b.name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }];
    if (crossAccount.has(b.name)) statements.push({ Sid: 'PartnerUpload', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` }, Action: ['s3:PutObject', 's3:GetObject'], Resource: `arn:aws:s3:::${b.name}/*` });
    if (publicRead.has(b.name)) statements.push({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${b.name}/*` });
    const objects: Json[] = [];
    for (const ds of b.datasets) {
      for (let o = 0; o < objectsPerPrefix; o++) objects.push({ Key: `datasets/${ds}/part-${String(o).padStart(5, '0')}.parquet`, Size: r.int(1, 512) * 1024 * 1024, Generator: 'zeros' });
    }
    if (b.purpose === 'training-data') objects.push({ Key: 'raw/export.csv', Size: r.int(1, 64) * 1024 * 1024, Generator: 'zeros' });
    objectsByBucket.set(b.name, objects);
    const bucket: Json = {
      Name: b.name,
      Region: b.region,
      CreationDate: iso(created),
      ServerSideEncryptionConfiguration: r.chance(0.4) ? { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:${b.region}:${account}:key/${r.token(8)}-${r.token(4)}-${r.token(4)}-${r.token(4)}-${r.token(12)}` }, BucketKeyEnabled: true }] } : { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: exposed ? 'ObjectWriter' : r.chance(0.85) ? 'BucketOwnerEnforced' : 'BucketOwnerPreferred' }] },
      Policy: { Version: '2012-10-17', Statement: statements },
      Tagging: r.chance(0.7) ? { TagSet: [{ Key: 'team', Value: b.team }, { Key: 'purpose', Value: b.purpose }] } : undefined,
      Objects: objects,
    };
    if (!exposed && r.chance(0.85)) bucket.PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    if (b.purpose !== 'logs') bucket.Versioning = r.chance(b.purpose === 'model-artifacts' ? 0.7 : 0.5) ? { Status: 'Enabled', MFADelete: r.chance(0.05) ? 'Enabled' : 'Disabled' } : r.chance(0.3) ? { Status: 'Suspended', MFADelete: 'Disabled' } : undefined;
    if (b.purpose === 'model-artifacts' && r.chance(0.1)) bucket.ObjectLockConfiguration = { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } };
    if (b.purpose !== 'logs' && logBuckets.length && r.chance(0.5)) bucket.Logging = { LoggingEnabled: { TargetBucket: r.pick(logBuckets).name, TargetPrefix: `${b.name}/` } };
    if (worldWritable.has(b.name)) bucket.Acl = { Owner: { ID: 'c'.repeat(64) }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'c'.repeat(64) }, Permission: 'FULL_CONTROL' }, { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'WRITE' }] };
    else if (publicRead.has(b.name) && r.chance(0.5)) bucket.Acl = { Owner: { ID: 'c'.repeat(64) }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'c'.repeat(64) }, Permission: 'FULL_CONTROL' }, { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] };
    return bucket;
  });

  // ---- SageMaker, per region
  const regionState = new Map<string, { sagemaker: Json; bedrock: Json; bedrockAgent: Json }>();
  const stateOf = (region: string) => {
    let s = regionState.get(region);
    if (!s) {
      s = {
        sagemaker: { TrainingJobs: [], ProcessingJobs: [], Models: [], EndpointConfigs: [], Endpoints: [], NotebookInstances: [], Domains: [], ModelPackageGroups: [] },
        bedrock: { CustomModels: [], ModelCustomizationJobs: [], Guardrails: [] },
        bedrockAgent: { KnowledgeBases: [] },
      };
      regionState.set(region, s);
    }
    return s;
  };
  const teamBuckets = (list: BucketPlan[], team: string, region: string) => list.filter((b) => b.team === team && b.region === region);
  const artifactBucketFor = (team: string, region: string, r: SeededRandom) => {
    const own = teamBuckets(artifactBuckets, team, region);
    return own.length ? r.pick(own) : artifactBuckets.length ? r.pick(artifactBuckets) : undefined;
  };

  for (let i = 0; i < processingCount && dataBuckets.length; i++) {
    const r = rnd.fork(`processing${i}`);
    const src = r.pick(dataBuckets);
    const name = `${src.team}-prep-${String(i).padStart(5, '0')}`;
    const created = EPOCH + r.int(30, 330) * DAY;
    stateOf(src.region).sagemaker.ProcessingJobs.push({
      ProcessingJobName: name,
      ProcessingJobStatus: r.chance(0.9) ? 'Completed' : 'Failed',
      CreationTime: iso(created),
      ProcessingEndTime: iso(created + r.int(5, 120) * 60_000),
      RoleArn: roleArn(src.team),
      AppSpecification: { ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3' },
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
      ProcessingInputs: [{ InputName: 'raw', S3Input: { S3Uri: `s3://${src.name}/raw/`, LocalPath: '/opt/ml/processing/input', S3DataType: 'S3Prefix', S3InputMode: 'File' } }],
      ProcessingOutputConfig: { Outputs: [{ OutputName: 'train', S3Output: { S3Uri: `s3://${src.name}/datasets/${src.datasets[0] ?? 'prepared'}/`, LocalPath: '/opt/ml/processing/train', S3UploadMode: 'EndOfJob' } }] },
      NetworkConfig: { EnableNetworkIsolation: r.chance(0.3), EnableInterContainerTrafficEncryption: r.chance(0.2) },
    });
  }

  const completedModels: { name: string; region: string; team: string; artifact: string }[] = [];
  for (let i = 0; i < jobCount && dataBuckets.length; i++) {
    const r = rnd.fork(`training${i}`);
    const src = r.pick(dataBuckets);
    const region = src.region;
    const out = artifactBucketFor(src.team, region, r);
    const name = `${src.team}-train-${String(i).padStart(5, '0')}`;
    const created = EPOCH + r.int(31, 360) * DAY;
    const x = r.next();
    const status = x < 0.85 ? 'Completed' : x < 0.95 ? 'Failed' : 'InProgress';
    const outputPath = out ? `s3://${out.name}/${name}/output` : `s3://${src.name}/output`;
    const artifact = `${outputPath}/${name}/output/model.tar.gz`;
    const dataset = src.datasets.length ? r.pick(src.datasets) : 'prepared';
    const channels: Json[] = [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${src.name}/datasets/${dataset}/`, S3DataDistributionType: 'FullyReplicated' } }, ContentType: 'application/x-parquet' }];
    if (r.chance(0.5)) channels.push({ ChannelName: 'validation', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${src.name}/datasets/${src.datasets[src.datasets.length - 1] ?? dataset}/`, S3DataDistributionType: 'FullyReplicated' } } });
    const kms = r.chance(0.5) ? `arn:aws:kms:${region}:${account}:key/${r.token(8)}` : undefined;
    const job: Json = {
      TrainingJobName: name,
      TrainingJobStatus: status,
      SecondaryStatus: status === 'InProgress' ? 'Training' : status,
      CreationTime: iso(created),
      TrainingStartTime: iso(created + 120_000),
      LastModifiedTime: iso(created + 3_600_000),
      RoleArn: roleArn(src.team),
      AlgorithmSpecification: { TrainingImage: r.chance(0.6) ? XGB_IMAGE : PYTORCH_IMAGE, TrainingInputMode: 'File' },
      InputDataConfig: channels,
      OutputDataConfig: { S3OutputPath: outputPath, ...(kms ? { KmsKeyId: kms } : {}) },
      ResourceConfig: { InstanceType: r.pick(['ml.m5.xlarge', 'ml.g5.2xlarge', 'ml.p4d.24xlarge']), InstanceCount: 1, VolumeSizeInGB: 50, ...(kms ? { VolumeKmsKeyId: kms } : {}) },
      StoppingCondition: { MaxRuntimeInSeconds: 86_400 },
      EnableNetworkIsolation: r.chance(0.3),
      EnableInterContainerTrafficEncryption: r.chance(0.2),
      ...(r.chance(0.4) ? { VpcConfig: { SecurityGroupIds: [`sg-${r.token(8)}`], Subnets: [`subnet-${r.token(8)}`] } } : {}),
    };
    if (status !== 'InProgress') job.TrainingEndTime = iso(created + 3_500_000);
    if (status === 'Completed') {
      job.ModelArtifacts = { S3ModelArtifacts: artifact };
      completedModels.push({ name, region, team: src.team, artifact });
      if (out) {
        const key = artifact.slice(`s3://${out.name}/`.length);
        objectsByBucket.get(out.name)?.push({ Key: key, Size: r.int(4, 64) * 1024, Generator: 'random' }, { Key: key.replace(/model\.tar\.gz$/, 'model.pt'), Size: artifactBytes, Generator: 'pytorch-zip' });
      }
    }
    stateOf(region).sagemaker.TrainingJobs.push(job);
  }

  // models from ~80% of completed jobs; endpoint configs + endpoints for a fraction of models
  completedModels.forEach((m, i) => {
    const r = rnd.fork(`model${i}`);
    if (!r.chance(0.8)) return;
    const sm = stateOf(m.region).sagemaker;
    const modelName = `${m.name}-model`;
    sm.Models.push({ ModelName: modelName, CreationTime: iso(EPOCH + 365 * DAY), ExecutionRoleArn: roleArn(m.team), PrimaryContainer: { Image: XGB_IMAGE, ModelDataUrl: m.artifact, Mode: 'SingleModel' }, EnableNetworkIsolation: r.chance(0.3) });
    if (!r.chance(endpointFraction)) return;
    const cfg = `${modelName}-config`;
    sm.EndpointConfigs.push({
      EndpointConfigName: cfg,
      CreationTime: iso(EPOCH + 366 * DAY),
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: modelName, InitialInstanceCount: 1, InstanceType: 'ml.m5.large', InitialVariantWeight: 1 }],
      ...(r.chance(0.5) ? { KmsKeyId: `arn:aws:kms:${m.region}:${account}:key/${r.token(8)}` } : {}),
      ...(r.chance(0.3) ? { DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 10, DestinationS3Uri: `s3://${m.artifact.split('/')[2]}/capture/`, CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }] } } : {}),
    });
    sm.Endpoints.push({ EndpointName: `${m.name}-endpoint`, EndpointConfigName: cfg, EndpointStatus: 'InService', CreationTime: iso(EPOCH + 366 * DAY), LastModifiedTime: iso(EPOCH + 367 * DAY) });
  });

  // notebooks (one per ~10 training jobs, at least one per team), domains, model package groups: in the first region
  const home = stateOf(regions[0]).sagemaker;
  const notebookCount = Math.max(teamCount, Math.ceil(jobCount / 10));
  for (let i = 0; i < notebookCount; i++) {
    const r = rnd.fork(`notebook${i}`);
    const team = teams[i % teamCount];
    home.NotebookInstances.push({
      NotebookInstanceName: `${team}-notebook-${i}`,
      NotebookInstanceStatus: r.chance(0.7) ? 'InService' : 'Stopped',
      InstanceType: 'ml.t3.medium',
      RoleArn: roleArn(team),
      DirectInternetAccess: r.chance(0.5) ? 'Enabled' : 'Disabled',
      RootAccess: r.chance(0.6) ? 'Enabled' : 'Disabled',
      CreationTime: iso(EPOCH + r.int(0, 300) * DAY),
      LastModifiedTime: iso(EPOCH + 330 * DAY),
      InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: r.chance(0.5) ? '2' : '1' },
      ...(r.chance(0.5) ? { KmsKeyId: `arn:aws:kms:${regions[0]}:${account}:key/${r.token(8)}`, SubnetId: `subnet-${r.token(8)}`, SecurityGroups: [`sg-${r.token(8)}`] } : {}),
    });
  }
  home.Domains.push({
    DomainId: `d-${rnd.fork('domain').token(12)}`,
    DomainName: 'ml-studio',
    Status: 'InService',
    AuthMode: 'IAM',
    AppNetworkAccessType: rnd.fork('domain-net').chance(0.5) ? 'PublicInternetOnly' : 'VpcOnly',
    CreationTime: iso(EPOCH),
    DefaultUserSettings: { ExecutionRole: roleArn(teams[0]) },
  });
  for (const [t, team] of teams.entries()) {
    const r = rnd.fork(`packages${t}`);
    const models = completedModels.filter((m) => m.team === team && m.region === regions[0]).slice(0, 5);
    home.ModelPackageGroups.push({
      ModelPackageGroupName: `${team}-models`,
      CreationTime: iso(EPOCH + 200 * DAY),
      ...(r.chance(0.3) ? { Policy: stmt({ Sid: 'ShareWithProd', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` }, Action: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'], Resource: '*' }) } : {}),
      ModelPackages: models.map((m) => ({
        ModelApprovalStatus: r.pick(['Approved', 'PendingManualApproval', 'Rejected']),
        CreationTime: iso(EPOCH + 370 * DAY),
        InferenceSpecification: { Containers: [{ Image: XGB_IMAGE, ModelDataUrl: m.artifact }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] },
      })),
    });
  }

  // ---- Bedrock (first region): customization jobs -> custom models, guardrails, knowledge bases, invocation logging
  const br = stateOf(regions[0]);
  const baseModel = `arn:aws:bedrock:${regions[0]}::foundation-model/amazon.titan-text-express-v1:0:8k`;
  const customizations = Math.max(1, Math.floor(jobCount / 20));
  for (let i = 0; i < customizations && dataBuckets.length; i++) {
    const r = rnd.fork(`bedrock${i}`);
    const src = r.pick(dataBuckets);
    const out = artifactBucketFor(src.team, src.region, r) ?? src;
    const jobName = `${src.team}-ft-${i}`;
    const modelName = `${src.team}-custom-${i}`;
    const modelArn = `arn:aws:bedrock:${regions[0]}:${account}:custom-model/amazon.titan-text-express-v1:0:8k/${r.token(12)}`;
    const jobArn = `arn:aws:bedrock:${regions[0]}:${account}:model-customization-job/amazon.titan-text-express-v1:0:8k/${r.token(12)}`;
    const training = { s3Uri: `s3://${src.name}/bedrock/${jobName}/train.jsonl` };
    const completed = r.chance(0.8);
    br.bedrock.ModelCustomizationJobs.push({
      jobArn, jobName, baseModelArn: baseModel, customizationType: 'FINE_TUNING', status: completed ? 'Completed' : 'Failed',
      roleArn: `arn:aws:iam::${account}:role/${src.team}-bedrock-customization`, creationTime: iso(EPOCH + 200 * DAY), endTime: iso(EPOCH + 201 * DAY),
      hyperParameters: { epochCount: '2' }, trainingDataConfig: training, validationDataConfig: { validators: [{ s3Uri: `s3://${src.name}/bedrock/${jobName}/validation.jsonl` }] },
      outputDataConfig: { s3Uri: `s3://${out.name}/bedrock/${jobName}/` }, ...(completed ? { outputModelName: modelName, outputModelArn: modelArn } : {}),
      ...(r.chance(0.5) ? { outputModelKmsKeyArn: `arn:aws:kms:${regions[0]}:${account}:key/${r.token(8)}` } : {}),
    });
    if (completed) br.bedrock.CustomModels.push({ modelArn, modelName, jobArn, jobName, baseModelArn: baseModel, customizationType: 'FINE_TUNING', creationTime: iso(EPOCH + 201 * DAY), trainingDataConfig: training, outputDataConfig: { s3Uri: `s3://${out.name}/bedrock/${jobName}/` } });
  }
  teams.forEach((team, i) => {
    const r = rnd.fork(`guardrail${i}`);
    const id = r.token(12);
    br.bedrock.Guardrails.push({ guardrailId: id, guardrailArn: `arn:aws:bedrock:${regions[0]}:${account}:guardrail/${id}`, name: `${team}-guardrail`, version: 'DRAFT', status: 'READY', createdAt: iso(EPOCH + 210 * DAY), updatedAt: iso(EPOCH + 210 * DAY), blockedInputMessaging: 'Sorry, I cannot help with that.', blockedOutputsMessaging: 'Sorry, I cannot help with that.', contentPolicy: { filters: [{ type: 'PROMPT_ATTACK', inputStrength: r.pick(['LOW', 'HIGH']), outputStrength: 'NONE' }] } });
  });
  if (rnd.fork('logging').chance(0.5)) br.bedrock.LoggingConfig = { s3Config: { bucketName: logBuckets[0]?.name ?? plans[0]?.name ?? 'logs', keyPrefix: 'bedrock/' }, textDataDeliveryEnabled: true, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false };
  const kbCount = Math.max(1, Math.ceil(teamCount / 2));
  for (let i = 0; i < kbCount && plans.length; i++) {
    const r = rnd.fork(`kb${i}`);
    const src = r.pick(dataBuckets.length ? dataBuckets : plans);
    const id = r.token(10).toUpperCase();
    br.bedrockAgent.KnowledgeBases.push({
      knowledgeBaseId: id, name: `${src.team}-docs-${i}`, knowledgeBaseArn: `arn:aws:bedrock:${regions[0]}:${account}:knowledge-base/${id}`,
      roleArn: `arn:aws:iam::${account}:role/${src.team}-bedrock-kb`, status: 'ACTIVE', createdAt: iso(EPOCH + 220 * DAY), updatedAt: iso(EPOCH + 220 * DAY),
      knowledgeBaseConfiguration: { type: 'VECTOR', vectorKnowledgeBaseConfiguration: { embeddingModelArn: `arn:aws:bedrock:${regions[0]}::foundation-model/amazon.titan-embed-text-v2:0` } },
      storageConfiguration: { type: 'OPENSEARCH_SERVERLESS', opensearchServerlessConfiguration: { collectionArn: `arn:aws:aoss:${regions[0]}:${account}:collection/${r.token(10)}`, vectorIndexName: 'docs', fieldMapping: { vectorField: 'vector', textField: 'text', metadataField: 'metadata' } } },
      DataSources: [{ dataSourceId: r.token(10).toUpperCase(), name: `${src.name}-docs`, status: 'AVAILABLE', createdAt: iso(EPOCH + 220 * DAY), updatedAt: iso(EPOCH + 220 * DAY), dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: `arn:aws:s3:::${src.name}`, inclusionPrefixes: ['docs/'] } } }],
    });
  }

  // ---- IAM: per team an execution role (inline data access, some with s3:* or iam:PassRole), Bedrock roles
  const managed: Json[] = [
    { Arn: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', PolicyName: 'AmazonSageMakerFullAccess', DefaultVersionId: 'v1', Document: stmt({ Effect: 'Allow', Action: ['sagemaker:*', 's3:GetObject', 's3:PutObject', 's3:ListBucket', 'iam:PassRole'], Resource: '*' }) },
    { Arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', PolicyName: 'AmazonS3ReadOnlyAccess', DefaultVersionId: 'v3', Document: stmt({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }) },
  ];
  const roles: Json[] = [];
  const trust = (service: string) => stmt({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
  teams.forEach((team, t) => {
    const r = rnd.fork(`iam${t}`);
    const own = plans.filter((b) => b.team === team && b.purpose !== 'logs').map((b) => b.name);
    const resources = own.flatMap((n) => [`arn:aws:s3:::${n}`, `arn:aws:s3:::${n}/*`]);
    const broad = r.chance(0.3);
    const policyArn = `arn:aws:iam::${account}:policy/${team}-data-read`;
    managed.push({ Arn: policyArn, PolicyName: `${team}-data-read`, DefaultVersionId: 'v1', Document: stmt({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: resources.length ? resources : '*' }) });
    roles.push({
      RoleName: `${team}-sagemaker-execution`, Path: '/service-role/', CreateDate: iso(EPOCH), AssumeRolePolicyDocument: trust('sagemaker.amazonaws.com'),
      RolePolicies: [{ PolicyName: 'data-access', PolicyDocument: { Version: '2012-10-17', Statement: [broad ? { Effect: 'Allow', Action: 's3:*', Resource: '*' } : { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: resources.length ? resources : '*' }, ...(r.chance(0.4) ? [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] : [])] } }],
      AttachedPolicies: [r.chance(0.6) ? 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess' : policyArn],
      Tags: [{ Key: 'team', Value: team }],
    });
    roles.push({ RoleName: `${team}-bedrock-customization`, CreateDate: iso(EPOCH), AssumeRolePolicyDocument: trust('bedrock.amazonaws.com'), AttachedPolicies: [policyArn] });
    roles.push({ RoleName: `${team}-bedrock-kb`, CreateDate: iso(EPOCH), AssumeRolePolicyDocument: trust('bedrock.amazonaws.com'), AttachedPolicies: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] });
    roles.push({ RoleName: `${team}-data-engineer`, CreateDate: iso(EPOCH), AssumeRolePolicyDocument: stmt({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }), AttachedPolicies: [policyArn], RolePolicies: [{ PolicyName: 'write-training-data', PolicyDocument: stmt({ Effect: 'Allow', Action: 's3:PutObject', Resource: resources.filter((x) => x.endsWith('/*')) }) }] });
  });

  const scenario: AwsScenarioInput = {
    accountId: account,
    organizationId: 'o-generated01',
    enabledRegions: regions,
    publicAccessBlock: rnd.fork('account-pab').chance(0.5) ? { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } : undefined,
    s3: { buckets: buckets as any },
    regions: Object.fromEntries([...regionState].map(([region, s]) => [region, s])) as AwsScenarioInput['regions'],
    iam: { Roles: roles as any, Policies: managed as any },
  };
  if (options.quotas) {
    scenario.latencyMs = { ...realisticQuotas.latencyMs };
    scenario.rateLimits = { ...realisticQuotas.rateLimits };
  }
  return scenario;
}
