import { describe, expect, it } from 'vitest';
import { AwsS3Bucket, Resource } from '../../../src/model/index.js';
import { bucketRegionOf, mapAcl, mapEncryption, mapObjectLock, mapPublicAccessBlock, mapVersioning, parsePolicyDocument } from '../../../src/connectors/aws/s3-mapping.js';
import { mapModel, mapNotebookInstance, mapTrainingJob } from '../../../src/connectors/aws/sagemaker-mapping.js';
import { mapCustomizationJob, mapDataSource, mapInvocationLogging, mapKnowledgeBase } from '../../../src/connectors/aws/bedrock-mapping.js';
import { trustNamesMlService } from '../../../src/connectors/aws/iam.js';

const scope = { account: '111122223333', region: 'us-east-1' };

describe('S3 mappings', () => {
  it('maps legacy and empty location constraints', () => {
    expect(bucketRegionOf(undefined)).toBe('us-east-1');
    expect(bucketRegionOf('')).toBe('us-east-1');
    expect(bucketRegionOf('EU')).toBe('eu-west-1');
    expect(bucketRegionOf('ap-south-1')).toBe('ap-south-1');
  });

  it('treats absent Block Public Access flags as false and a missing configuration as null', () => {
    expect(mapPublicAccessBlock({ BlockPublicAcls: true, RestrictPublicBuckets: true })).toEqual({ blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: true });
    expect(mapPublicAccessBlock(undefined)).toBeNull();
  });

  it('keeps ACL grantees with their type and drops malformed grants', () => {
    const acl = mapAcl({
      Owner: { ID: 'owner' },
      Grants: [
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'WRITE' },
        { Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' },
        { Permission: 'READ' },
      ],
    });
    expect(acl).toEqual({
      ownerId: 'owner',
      grants: [
        { grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'WRITE' },
        { grantee: { type: 'CanonicalUser', id: 'owner' }, permission: 'FULL_CONTROL' },
      ],
    });
  });

  it('maps versioning, MFA delete, object lock and encryption', () => {
    expect(mapVersioning({})).toEqual({ enabled: false, status: 'Disabled', mfaDelete: false });
    expect(mapVersioning({ Status: 'Enabled', MFADelete: 'Enabled' })).toEqual({ enabled: true, status: 'Enabled', mfaDelete: true });
    expect(mapObjectLock({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } } })).toEqual({ enabled: true, mode: 'COMPLIANCE', years: 1 });
    expect(mapEncryption({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } })).toEqual({ enabled: true, algorithm: 'AES256', customerManagedKey: false });
    expect(mapEncryption({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:1:key/k' }, BucketKeyEnabled: true }] } }).customerManagedKey).toBe(true);
    expect(mapEncryption({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' } }] } }).customerManagedKey).toBe(false);
  });

  it('decodes URL-encoded IAM documents and reports unparseable ones', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const parsed = parsePolicyDocument(encodeURIComponent(JSON.stringify(doc)), true);
    expect(parsed).toEqual({ ok: true, value: doc });
    expect(parsed.ok && trustNamesMlService(parsed.value)).toBe(true);
    expect(parsePolicyDocument('{not json').ok).toBe(false);
    expect(parsePolicyDocument('{"Statement":[{"Effect":"Maybe"}]}').ok).toBe(false);
  });

  it('produces a bucket the model accepts', () => {
    const bucket = {
      id: 'arn:aws:s3:::b',
      kind: 'aws.s3.bucket',
      category: 'storage.bucket',
      provider: 'aws',
      account: scope.account,
      region: 'us-east-1',
      name: 'b',
      tags: {},
      gaps: [],
      arn: 'arn:aws:s3:::b',
      policy: null,
      acl: mapAcl({ Grants: [] }),
      publicAccessBlock: null,
      accountPublicAccessBlock: null,
      ownershipControls: null,
      versioning: mapVersioning({}),
      objectLock: mapObjectLock(undefined),
      encryption: mapEncryption(undefined),
      logging: { enabled: false },
    };
    expect(AwsS3Bucket.safeParse(bucket).success).toBe(true);
  });
});

describe('SageMaker and Bedrock mappings', () => {
  it('maps a training job with its S3 channels, output, artifact and settings', () => {
    const job = mapTrainingJob(scope, {
      TrainingJobName: 'churn-1',
      TrainingJobArn: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/churn-1',
      TrainingJobStatus: 'Completed',
      RoleArn: 'arn:aws:iam::111122223333:role/train',
      AlgorithmSpecification: { TrainingImage: 'img', TrainingInputMode: 'File' },
      InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://data/train/', S3DataType: 'S3Prefix' } } }],
      OutputDataConfig: { S3OutputPath: 's3://models/out', KmsKeyId: 'k' },
      ModelArtifacts: { S3ModelArtifacts: 's3://models/out/churn-1/output/model.tar.gz' },
      EnableNetworkIsolation: true,
      CreationTime: new Date('2025-01-01T00:00:00Z'),
    } as never);
    expect(Resource.parse(job)).toMatchObject({
      inputs: [{ channelName: 'train', s3Uri: 's3://data/train/', s3DataType: 'S3Prefix' }],
      outputPath: 's3://models/out',
      outputKmsKeyId: 'k',
      modelArtifacts: 's3://models/out/churn-1/output/model.tar.gz',
      enableNetworkIsolation: true,
      enableInterContainerTrafficEncryption: false,
      vpcConfig: null,
      creationTime: '2025-01-01T00:00:00.000Z',
    });
  });

  it('defaults notebook internet and root access to enabled when the API leaves them out', () => {
    const nb = mapNotebookInstance(scope, { NotebookInstanceArn: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb', NotebookInstanceName: 'nb', RoleArn: 'r' });
    expect(nb).toMatchObject({ directInternetAccess: true, rootAccess: true });
    expect(Resource.safeParse(nb).success).toBe(true);
  });

  it('reads model data from ModelDataUrl or an uncompressed ModelDataSource', () => {
    const model = mapModel(scope, {
      ModelArn: 'arn:aws:sagemaker:us-east-1:111122223333:model/m',
      ModelName: 'm',
      PrimaryContainer: { Image: 'i', ModelDataSource: { S3DataSource: { S3Uri: 's3://models/m/', S3DataType: 'S3Prefix', CompressionType: 'None' } } },
      Containers: [{ ModelDataUrl: 's3://models/other/model.tar.gz' }],
    } as never);
    expect(model.containers.map((c) => c.modelDataUrl)).toEqual(['s3://models/m/', 's3://models/other/model.tar.gz']);
  });

  it('maps Bedrock customization jobs, knowledge bases and logging', () => {
    const job = mapCustomizationJob(scope, {
      jobArn: 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/x',
      jobName: 'x',
      outputModelName: 'm',
      roleArn: 'r',
      baseModelArn: 'b',
      creationTime: new Date(),
      trainingDataConfig: { s3Uri: 's3://d/train.jsonl' },
      validationDataConfig: { validators: [{ s3Uri: 's3://d/val.jsonl' }] },
      outputDataConfig: { s3Uri: 's3://o/' },
      vpcConfig: { subnetIds: ['s'], securityGroupIds: ['g'] },
    });
    expect(job).toMatchObject({ validationDataS3Uris: ['s3://d/val.jsonl'], vpcConfig: { subnets: ['s'], securityGroupIds: ['g'] } });
    const kb = mapKnowledgeBase(
      scope,
      { knowledgeBaseId: 'kb1', knowledgeBaseArn: 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/kb1', name: 'docs', roleArn: 'r', status: 'ACTIVE' } as never,
      [mapDataSource({ dataSourceId: 'ds', name: 'n', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::docs', inclusionPrefixes: ['public/'] } } } as never)],
    );
    expect(Resource.safeParse(kb).success).toBe(true);
    expect(kb.dataSources[0]).toEqual({ id: 'ds', name: 'n', type: 'S3', bucketArn: 'arn:aws:s3:::docs', inclusionPrefixes: ['public/'] });
    expect(mapInvocationLogging(scope, undefined, 0)).toMatchObject({ enabled: false, textDataDelivery: false });
    expect(mapInvocationLogging(scope, { s3Config: { bucketName: 'logs', keyPrefix: 'br/' }, textDataDeliveryEnabled: true }, 1)).toMatchObject({ enabled: true, s3Destination: 's3://logs/br/' });
  });
});
