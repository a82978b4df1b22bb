import { describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { loadScenario, parseScenario, startMockCloud } from '../../../mocks/cloud.js';
import { InputError } from '../../../src/model/errors.js';
import { clients } from './helpers.js';

describe('loadScenario', () => {
  it('loads the bundled basic scenario with its top-level fault', async () => {
    const s = await loadScenario('mocks/scenarios/basic-aws.yaml');
    expect(s.aws?.accountId).toBe('111122223333');
    expect(s.aws?.s3.buckets.map((b) => b.Name)).toContain('ml-training-data');
    expect(s.aws?.faults).toEqual([{ service: 's3', operation: 'GetBucketPolicy', resource: 'public-demo-assets', error: 'AccessDenied' }]);
    expect(s.gcp).toBeUndefined();
  });

  it('reads JSON, splits top-level faults and limits by service, and resolves BodyFile against the file', async () => {
    const s = await loadScenario('test/mocks/aws/fixtures/body-file.json');
    expect(s.aws?.rateLimits).toEqual({ default: 100, s3: 7 });
    expect(s.aws?.faults.map((f) => f.operation)).toEqual(['ListBuckets']);
    const cloud = await startMockCloud(s);
    try {
      const got = await clients(cloud.aws!).s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'greeting.txt' }));
      expect(await got.Body?.transformToString()).toBe('hello from a file');
      expect(cloud.env.AWS_ENDPOINT_URL_S3).toBe(cloud.aws!.endpoints.s3);
    } finally {
      await cloud.close();
    }
  });

  it('names the file, the JSON path, what was expected and what was found', async () => {
    await expect(loadScenario('test/mocks/aws/fixtures/bad-scenario.yaml')).rejects.toThrow(/bad-scenario\.yaml: invalid AWS scenario\n {2}at \$\.aws\.s3\.buckets\[0\]\.Name: S3 bucket names .*found "Not_A_Valid_Bucket"/);
    const bad = (doc: unknown) => {
      try {
        parseScenario(doc, 'x.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(bad({ aws: { accountId: '123' } })).toContain('at $.aws.accountId: a 12-digit AWS account id, found "123"');
    expect(bad({ aws: { accountId: '111122223333', s3: { buckets: [{ Name: 'ok-name', Objects: [{ Key: 'k', Generator: 'pytorch-zip' }] }] } } })).toContain('$.aws.s3.buckets[0].Objects[0]: Generator needs Size');
    expect(bad({ aws: { accountId: '111122223333', regions: { 'us-east-1': { sagemaker: { TrainingJobs: [{ RoleArn: 'r' }] } } } } })).toContain('$.aws.regions["us-east-1"].sagemaker.TrainingJobs[0].TrainingJobName');
    expect(bad({ aws: { accountId: '111122223333' }, faults: [{ service: 'storage', operation: 'x', error: 'y' }] })).toContain('$.faults[0].service');
    expect(bad({ aws: { accountId: '111122223333', faults: [{ service: 's3', operation: 'GetBucketPolicy', error: 'AccessDenied', times: 0 }] } })).toContain('$.aws.faults[0].times');
    expect(bad({ aws: { accountId: '111122223333' }, extra: 1 })).toContain('extra');
    await expect(loadScenario('test/mocks/aws/fixtures/missing.yaml')).rejects.toThrow(/cannot read scenario .*missing\.yaml/);
  });
});
