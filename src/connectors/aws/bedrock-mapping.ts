import type { GetCustomModelResponse, GetModelCustomizationJobResponse, LoggingConfig } from '@aws-sdk/client-bedrock';
import type { DataSource, KnowledgeBase } from '@aws-sdk/client-bedrock-agent';
import type { AwsBedrockCustomModel, AwsBedrockCustomizationJob, AwsBedrockInvocationLogging, AwsBedrockKnowledgeBase, Gap } from '../../model/index.js';
import { mapVpc, type Scope } from './sagemaker-mapping.js';

/** Pure mappings from Bedrock and Bedrock Agent responses to the model. */

const envelope = (scope: Scope, id: string, name: string, gaps: Gap[] = []) => ({ id, provider: 'aws' as const, account: scope.account, region: scope.region, name, tags: {}, gaps });

export function mapCustomModel(scope: Scope, d: GetCustomModelResponse): AwsBedrockCustomModel {
  return {
    ...envelope(scope, d.modelArn!, d.modelName ?? ''),
    kind: 'aws.bedrock.custom-model',
    category: 'ml.model',
    ...(d.baseModelArn ? { baseModelArn: d.baseModelArn } : {}),
    ...(d.jobArn ? { jobArn: d.jobArn } : {}),
    ...(d.customizationType ? { customizationType: d.customizationType } : {}),
    ...(d.modelKmsKeyArn ? { modelKmsKeyArn: d.modelKmsKeyArn } : {}),
    ...(d.trainingDataConfig?.s3Uri ? { trainingDataS3Uri: d.trainingDataConfig.s3Uri } : {}),
    ...(d.outputDataConfig?.s3Uri ? { outputDataS3Uri: d.outputDataConfig.s3Uri } : {}),
  };
}

export function mapCustomizationJob(scope: Scope, d: GetModelCustomizationJobResponse): AwsBedrockCustomizationJob {
  return {
    ...envelope(scope, d.jobArn!, d.jobName ?? ''),
    kind: 'aws.bedrock.customization-job',
    category: 'ml.training',
    status: d.status ?? 'Unknown',
    roleArn: d.roleArn ?? '',
    ...(d.baseModelArn ? { baseModelArn: d.baseModelArn } : {}),
    ...(d.trainingDataConfig?.s3Uri ? { trainingDataS3Uri: d.trainingDataConfig.s3Uri } : {}),
    ...(d.trainingDataConfig?.invocationLogsConfig?.invocationLogSource?.s3Uri ? { invocationLogsS3Uri: d.trainingDataConfig.invocationLogsConfig.invocationLogSource.s3Uri } : {}),
    validationDataS3Uris: (d.validationDataConfig?.validators ?? []).map((v) => v.s3Uri).filter((u): u is string => !!u),
    ...(d.outputDataConfig?.s3Uri ? { outputDataS3Uri: d.outputDataConfig.s3Uri } : {}),
    ...(d.outputModelArn ? { outputModelArn: d.outputModelArn } : {}),
    ...(d.outputModelName ? { outputModelName: d.outputModelName } : {}),
    ...(d.outputModelKmsKeyArn ? { outputModelKmsKeyArn: d.outputModelKmsKeyArn } : {}),
    vpcConfig: d.vpcConfig ? mapVpc({ Subnets: d.vpcConfig.subnetIds, SecurityGroupIds: d.vpcConfig.securityGroupIds }) : null,
  };
}

export function invocationLoggingId(scope: Scope): string {
  return `arn:aws:bedrock:${scope.region}:${scope.account}:model-invocation-logging`;
}

export function mapInvocationLogging(scope: Scope, cfg: LoggingConfig | undefined, guardrailCount: number, gaps: Gap[] = []): AwsBedrockInvocationLogging {
  const s3 = cfg?.s3Config?.bucketName ? `s3://${cfg.s3Config.bucketName}/${cfg.s3Config.keyPrefix ?? ''}` : undefined;
  const cw = cfg?.cloudWatchConfig?.logGroupName;
  return {
    ...envelope(scope, invocationLoggingId(scope), `bedrock-invocation-logging-${scope.region}`, gaps),
    kind: 'aws.bedrock.invocation-logging',
    category: 'ml.service-config',
    enabled: !!(s3 || cw),
    ...(s3 ? { s3Destination: s3 } : {}),
    ...(cw ? { cloudWatchLogGroup: cw } : {}),
    textDataDelivery: cfg?.textDataDeliveryEnabled === true,
    guardrailCount,
  };
}

export function mapDataSource(d: DataSource): AwsBedrockKnowledgeBase['dataSources'][number] {
  const s3 = d.dataSourceConfiguration?.s3Configuration;
  return {
    id: d.dataSourceId ?? '',
    name: d.name ?? '',
    type: d.dataSourceConfiguration?.type ?? 'UNKNOWN',
    ...(s3?.bucketArn ? { bucketArn: s3.bucketArn } : {}),
    ...(s3?.bucketOwnerAccountId ? { bucketOwnerAccountId: s3.bucketOwnerAccountId } : {}),
    inclusionPrefixes: s3?.inclusionPrefixes ?? [],
    ...(d.serverSideEncryptionConfiguration?.kmsKeyArn ? { kmsKeyArn: d.serverSideEncryptionConfiguration.kmsKeyArn } : {}),
    ...(d.dataDeletionPolicy ? { dataDeletionPolicy: d.dataDeletionPolicy } : {}),
  };
}

export function mapKnowledgeBase(scope: Scope, kb: KnowledgeBase, dataSources: AwsBedrockKnowledgeBase['dataSources'], gaps: Gap[] = []): AwsBedrockKnowledgeBase {
  return {
    ...envelope(scope, kb.knowledgeBaseArn!, kb.name ?? kb.knowledgeBaseId ?? '', gaps),
    kind: 'aws.bedrock.knowledge-base',
    category: 'ml.knowledge-base',
    status: kb.status ?? 'Unknown',
    roleArn: kb.roleArn ?? '',
    ...(kb.storageConfiguration?.type ? { storageType: kb.storageConfiguration.type } : {}),
    dataSources,
  };
}
