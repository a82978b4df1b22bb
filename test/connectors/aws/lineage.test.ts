import { describe, expect, it } from 'vitest';
import { lineageEdges, modelPackageGroupArn } from '../../../src/connectors/aws/lineage.js';
import { mapEndpoint, mapEndpointConfig, mapModel, mapTrainingJob } from '../../../src/connectors/aws/sagemaker-mapping.js';
import { mapCustomizationJob, mapCustomModel, mapDataSource, mapKnowledgeBase } from '../../../src/connectors/aws/bedrock-mapping.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const sm = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:111122223333:${type}/${name}`;

describe('lineage edges', () => {
  const job = mapTrainingJob(scope, {
    TrainingJobName: 'churn-7',
    TrainingJobArn: sm('training-job', 'churn-7'),
    RoleArn: 'arn:aws:iam::111122223333:role/train',
    InputDataConfig: [
      { ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://raw-data/churn/train/', S3DataType: 'S3Prefix' } } },
      { ChannelName: 'test', DataSource: { S3DataSource: { S3Uri: 's3://raw-data', S3DataType: 'S3Prefix' } } },
    ],
    OutputDataConfig: { S3OutputPath: 's3://models/churn' },
  } as never);
  const model = mapModel(scope, { ModelName: 'Churn-Model', ModelArn: sm('model', 'churn-model'), ExecutionRoleArn: 'arn:aws:iam::111122223333:role/serve', PrimaryContainer: { ModelDataUrl: 's3://models/churn/churn-7/output/model.tar.gz' } } as never);
  const orphan = mapModel(scope, { ModelName: 'orphan', ModelArn: sm('model', 'orphan'), PrimaryContainer: { ModelDataUrl: 's3://models/churn/other-job/output/model.tar.gz' } } as never);
  const config = mapEndpointConfig(scope, { EndpointConfigName: 'churn-cfg', EndpointConfigArn: sm('endpoint-config', 'churn-cfg'), ProductionVariants: [{ VariantName: 'a', ModelName: 'Churn-Model' }] } as never);
  const endpoint = mapEndpoint(scope, { EndpointName: 'churn', EndpointArn: sm('endpoint', 'churn'), EndpointConfigName: 'churn-cfg', EndpointStatus: 'InService' } as never);
  const cjob = mapCustomizationJob(scope, {
    jobArn: 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/ft',
    jobName: 'ft',
    roleArn: 'arn:aws:iam::111122223333:role/br',
    outputModelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/cm',
    trainingDataConfig: { s3Uri: 's3://ft-data/train.jsonl' },
    validationDataConfig: { validators: [{ s3Uri: 's3://ft-data/val.jsonl' }] },
    outputDataConfig: { s3Uri: 's3://ft-out/' },
  } as never);
  const custom = mapCustomModel(scope, { modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/cm', modelName: 'cm' } as never);
  const kb = mapKnowledgeBase(scope, { knowledgeBaseArn: 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/kb', name: 'kb', roleArn: 'arn:aws:iam::111122223333:role/kb' } as never, [
    mapDataSource({ dataSourceId: 'a', name: 'a', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::kb-docs', inclusionPrefixes: ['faq/', 'policies/'] } } } as never),
    mapDataSource({ dataSourceId: 'b', name: 'b', dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::kb-all' } } } as never),
  ]);
  const edges = lineageEdges([job, model, orphan, config, endpoint, cjob, custom, kb]);
  const has = (from: string, type: string, to: string, extra: object = {}) => expect(edges).toContainEqual(expect.objectContaining({ from, type, to, ...extra }));

  it('links a training job to its inputs (prefix kept), output and role', () => {
    has(job.id, 'reads-from', 'arn:aws:s3:::raw-data', { prefix: 'churn/train/', uri: 's3://raw-data/churn/train/' });
    expect(edges.filter((e) => e.from === job.id && e.type === 'reads-from' && e.to === 'arn:aws:s3:::raw-data' && e.prefix === undefined)).toHaveLength(1);
    has(job.id, 'writes-to', 'arn:aws:s3:::models', { prefix: 'churn' });
    has(job.id, 'uses-role', 'arn:aws:iam::111122223333:role/train');
  });

  it('matches the produced model by artifact location and names the job on the model', () => {
    has(job.id, 'produces', model.id);
    expect(model.trainingJobName).toBe('churn-7');
    expect(edges.some((e) => e.type === 'produces' && e.to === orphan.id)).toBe(false);
    has(model.id, 'stored-in', 'arn:aws:s3:::models', { prefix: 'churn/churn-7/output/model.tar.gz' });
    has(model.id, 'uses-role', 'arn:aws:iam::111122223333:role/serve');
  });

  it('chains endpoint -> config -> model by name, case-insensitively', () => {
    has(config.id, 'uses', model.id);
    has(endpoint.id, 'uses', config.id);
  });

  it('links Bedrock customization and knowledge bases', () => {
    has(cjob.id, 'reads-from', 'arn:aws:s3:::ft-data', { prefix: 'train.jsonl' });
    has(cjob.id, 'reads-from', 'arn:aws:s3:::ft-data', { prefix: 'val.jsonl' });
    has(cjob.id, 'writes-to', 'arn:aws:s3:::ft-out');
    has(cjob.id, 'produces', custom.id);
    has(kb.id, 'sources-data-from', 'arn:aws:s3:::kb-docs', { prefix: 'faq/' });
    has(kb.id, 'sources-data-from', 'arn:aws:s3:::kb-docs', { prefix: 'policies/' });
    has(kb.id, 'sources-data-from', 'arn:aws:s3:::kb-all', { uri: 's3://kb-all/' });
  });

  it('derives a model package group from a package ARN', () => {
    expect(modelPackageGroupArn('arn:aws:sagemaker:us-east-1:1:model-package/churn/3')).toBe('arn:aws:sagemaker:us-east-1:1:model-package-group/churn');
    expect(modelPackageGroupArn('arn:aws:sagemaker:us-east-1:1:model-package/standalone')).toBeUndefined();
  });
});
