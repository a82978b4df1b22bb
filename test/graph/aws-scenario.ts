// An AWS estate with one real poisoning chain per path rule and the decoys that must not produce one.
import { ANY_AUTHENTICATED, INTERNET, awsAccountPrincipal, s3BucketArn } from '../../src/model/index.js';
import { aws, edge, evidence, inventory } from './builders.js';

export const EXTERNAL = awsAccountPrincipal('444455556666');
export const ROLE_ASSUMER = awsAccountPrincipal('777788889999');
export const PARTNER = awsAccountPrincipal('999988887777');

const job = aws.trainingJob('fraud-v3', ['s3://ml-data/train/']);
const model = aws.model('fraud-v3', { containers: [{ modelDataUrl: 's3://ml-artifacts/models/fraud-v3/model.tar.gz' }] });
const config = aws.endpointConfig('fraud-prod-config', 'fraud-v3');
const endpoint = aws.endpoint('fraud-prod', 'fraud-prod-config');
const expJob = aws.trainingJob('exp-1', ['s3://staging-data/']);
const expModel = aws.model('exp-1');
const logJob = aws.trainingJob('log-reader', ['s3://ml-logs/train/']);
const logModel = aws.model('log-reader');
const logConfig = aws.endpointConfig('log-config', 'log-reader');
const logEndpoint = aws.endpoint('log-endpoint', 'log-config');
const partnerJob = aws.trainingJob('partner-train', ['s3://partner-data/']);
const partnerModel = aws.model('partner-model');
const partnerConfig = aws.endpointConfig('partner-config', 'partner-model');
const partnerEndpoint = aws.endpoint('partner-endpoint', 'partner-config');
const role = aws.role('ext-etl');
const kb = aws.knowledgeBase('support-kb', 'kb-docs', ['docs/']);
const neutralized = aws.bucket('locked-data', {
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::locked-data/*' }] },
  accountPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
});
const lockedJob = aws.trainingJob('locked-train', ['s3://locked-data/']);

export const ids = {
  mlData: s3BucketArn('ml-data'),
  artifacts: s3BucketArn('ml-artifacts'),
  staging: s3BucketArn('staging-data'),
  logs: s3BucketArn('ml-logs'),
  publicAssets: s3BucketArn('public-assets'),
  partnerData: s3BucketArn('partner-data'),
  kbDocs: s3BucketArn('kb-docs'),
  locked: s3BucketArn('locked-data'),
  job: job.id,
  model: model.id,
  config: config.id,
  endpoint: endpoint.id,
  expJob: expJob.id,
  expModel: expModel.id,
  logJob: logJob.id,
  logEndpoint: logEndpoint.id,
  partnerEndpoint: partnerEndpoint.id,
  role: role.id,
  kb: kb.id,
  lockedJob: lockedJob.id,
};

export function awsScenario() {
  return inventory(
    [
      aws.bucket('ml-data'),
      aws.bucket('ml-artifacts'),
      aws.bucket('staging-data'),
      aws.bucket('ml-logs'),
      aws.bucket('public-assets'),
      aws.bucket('partner-data'),
      aws.bucket('kb-docs'),
      neutralized,
      job,
      model,
      config,
      endpoint,
      expJob,
      expModel,
      logJob,
      logModel,
      logConfig,
      logEndpoint,
      partnerJob,
      partnerModel,
      partnerConfig,
      partnerEndpoint,
      role,
      kb,
      lockedJob,
    ],
    [
      // the real chain: internet writes train/, the job reads train/, its model is served
      edge(INTERNET, 'can-write', ids.mlData, { prefix: 'train/', evidence: evidence('statement 0 allows s3:PutObject to "*" on ml-data/train/*') }),
      edge(job.id, 'reads-from', ids.mlData, { prefix: 'train/' }),
      edge(job.id, 'writes-to', ids.artifacts, { prefix: 'models/fraud-v3/' }),
      edge(job.id, 'produces', model.id),
      edge(model.id, 'stored-in', ids.artifacts, { prefix: 'models/fraud-v3/' }),
      edge(config.id, 'uses', model.id),
      edge(endpoint.id, 'uses', config.id),
      // artifact tampering: an external account writes models/
      edge(EXTERNAL, 'can-write', ids.artifacts, { prefix: 'models/', evidence: evidence('statement 1 allows s3:PutObject to 444455556666') }),
      // assumable role to data
      edge(ROLE_ASSUMER, 'can-assume', role.id, { evidence: evidence('trust policy allows 777788889999', 'trust-policy') }),
      edge(role.id, 'can-write', ids.mlData, { prefix: 'train/', evidence: evidence('inline policy allows s3:PutObject on ml-data/train/*', 'identity-policy') }),
      // knowledge base poisoning
      edge(ANY_AUTHENTICATED, 'can-write', ids.kbDocs, { evidence: evidence('ACL grants WRITE to AuthenticatedUsers', 'acl') }),
      edge(kb.id, 'sources-data-from', ids.kbDocs, { prefix: 'docs/' }),
      // decoy: a public bucket that feeds nothing
      edge(INTERNET, 'can-write', ids.publicAssets, { evidence: evidence('public write') }),
      edge(INTERNET, 'can-read', ids.publicAssets, { evidence: evidence('public read') }),
      // decoy: writable bucket whose job's model is not deployed (lower severity, not none)
      edge(EXTERNAL, 'can-write', ids.staging, { evidence: evidence('statement 2 allows s3:PutObject to 444455556666') }),
      edge(expJob.id, 'reads-from', ids.staging),
      edge(expJob.id, 'produces', expModel.id),
      // decoy: the outsider writes logs/, the deployed job reads train/
      edge(INTERNET, 'can-write', ids.logs, { prefix: 'logs/', evidence: evidence('public write on logs/*') }),
      edge(logJob.id, 'reads-from', ids.logs, { prefix: 'train/' }),
      edge(logJob.id, 'produces', logModel.id),
      edge(logConfig.id, 'uses', logModel.id),
      edge(logEndpoint.id, 'uses', logConfig.id),
      // decoy: a partner account writes the data of a deployed model; trusted by the trust settings in the test
      edge(PARTNER, 'can-write', ids.partnerData, { evidence: evidence('statement 0 allows s3:PutObject to 999988887777') }),
      edge(partnerJob.id, 'reads-from', ids.partnerData),
      edge(partnerJob.id, 'produces', partnerModel.id),
      edge(partnerConfig.id, 'uses', partnerModel.id),
      edge(partnerEndpoint.id, 'uses', partnerConfig.id),
      // decoy: public policy neutralized by account-level RestrictPublicBuckets: the access stage emits no can-write
      edge(lockedJob.id, 'reads-from', ids.locked),
    ],
  );
}
