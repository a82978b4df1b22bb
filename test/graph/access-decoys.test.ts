// Decoys that depend on effective access: the inventory goes through the access analysis first, as in a scan.
import { describe, expect, it } from 'vitest';
import { INTERNET, awsAccountPrincipal, noTrust, s3BucketArn, type Finding, type TrustSettings } from '../../src/model/index.js';
import { analyzeAccess } from '../../src/access/index.js';
import { builtinPathRules, evaluatePathRules, graphStage } from '../../src/graph/index.js';
import { aws, edge, inventory } from './builders.js';

const PARTNER = '999988887777';
const block = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: true };
const putObject = (principal: unknown, bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Upload', Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

function estate(bucketExtra: Record<string, unknown>) {
  const job = aws.trainingJob('train', ['s3://data/']);
  const model = aws.model('m');
  const config = aws.endpointConfig('c', 'm');
  const endpoint = aws.endpoint('e', 'c');
  return {
    endpoint: endpoint.id,
    inventory: inventory(
      [aws.bucket('data', bucketExtra), job, model, config, endpoint],
      [edge(job.id, 'reads-from', s3BucketArn('data')), edge(job.id, 'produces', model.id), edge(config.id, 'uses', model.id), edge(endpoint.id, 'uses', config.id)],
    ),
  };
}

function paths(bucketExtra: Record<string, unknown>, trust: TrustSettings = noTrust()): Finding[] {
  const { inventory: inv } = estate(bucketExtra);
  return evaluatePathRules(graphStage(analyzeAccess(inv, trust), trust), builtinPathRules()).filter((f) => f.ruleId === 'PATH-001');
}
const sources = (findings: Finding[]) => findings.map((f) => f.source);

describe('access-dependent decoys', () => {
  it('a public write policy makes a path from the internet', () => {
    expect(sources(paths({ policy: putObject('*', 'data') }))).toEqual([INTERNET]);
  });

  it('the same policy neutralized by account-level RestrictPublicBuckets makes none', () => {
    expect(paths({ policy: putObject('*', 'data'), accountPublicAccessBlock: block })).toEqual([]);
  });

  it('a partner account writing the data is a path until the trust settings declare it', () => {
    const policy = putObject({ AWS: `arn:aws:iam::${PARTNER}:root` }, 'data');
    expect(sources(paths({ policy }))).toEqual([awsAccountPrincipal(PARTNER)]);
    expect(paths({ policy }, { ...noTrust(), trustedAccounts: [PARTNER] })).toEqual([]);
  });
});
