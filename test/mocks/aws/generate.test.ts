import { describe, expect, it } from 'vitest';
import { paginateListBuckets } from '@aws-sdk/client-s3';
import { paginateListTrainingJobs } from '@aws-sdk/client-sagemaker';
import { generateAwsScenario, realisticQuotas } from '../../../mocks/generate/aws.js';
import { AwsEstate } from '../../../mocks/aws/scenario.js';
import { startAwsMock } from '../../../mocks/aws/start.js';
import { clients } from './helpers.js';

describe('generateAwsScenario', () => {
  it('gives the same estate for the same seed and a different one for another seed', () => {
    const a = generateAwsScenario({ buckets: 60, trainingJobs: 30, seed: 42, regions: 2 });
    const b = generateAwsScenario({ buckets: 60, trainingJobs: 30, seed: 42, regions: 2 });
    const c = generateAwsScenario({ buckets: 60, trainingJobs: 30, seed: 43, regions: 2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('has the requested sizes, realistic proportions and a few exposed buckets, and validates', () => {
    const s = AwsEstate.parse(generateAwsScenario({ buckets: 200, trainingJobs: 100, seed: 3, regions: 3 }));
    expect(s.s3.buckets).toHaveLength(200);
    expect(new Set(s.s3.buckets.map((b) => b.Name)).size).toBe(200);
    const regions = Object.values(s.regions);
    const jobs = regions.flatMap((r) => r.sagemaker?.TrainingJobs ?? []);
    expect(jobs).toHaveLength(100);
    const models = regions.flatMap((r) => r.sagemaker?.Models ?? []);
    const endpoints = regions.flatMap((r) => r.sagemaker?.Endpoints ?? []);
    expect(models.length).toBeGreaterThan(50);
    expect(models.length).toBeLessThan(100);
    expect(endpoints.length).toBeGreaterThan(5);
    expect(endpoints.length).toBeLessThan(models.length);
    expect(regions.flatMap((r) => r.sagemaker?.ProcessingJobs ?? [])).toHaveLength(50);
    // every job reads a prefix of a generated bucket and runs as its team's role
    const names = new Set(s.s3.buckets.map((b) => b.Name));
    for (const j of jobs) {
      const uri = (j as any).InputDataConfig[0].DataSource.S3DataSource.S3Uri as string;
      expect(names.has(uri.split('/')[2])).toBe(true);
      expect(s.iam.Roles.some((r) => (j as any).RoleArn.endsWith(`/${r.RoleName}`))).toBe(true);
    }
    const exposed = s.s3.buckets.filter((b) => JSON.stringify(b.Policy).includes('444455556666') || b.Acl?.Grants.some((g) => g.Grantee.URI?.endsWith('/AllUsers')) || JSON.stringify(b.Policy).includes('"PublicRead"'));
    expect(exposed.length).toBeGreaterThanOrEqual(3);
    expect(exposed.length).toBeLessThan(20);
    const objects = s.s3.buckets.flatMap((b) => b.Objects);
    expect(objects.some((o) => o.Generator === 'pytorch-zip')).toBe(true);
    const home = s.regions['us-east-1'];
    expect(home.bedrock?.ModelCustomizationJobs.length).toBeGreaterThan(0);
    expect(home.bedrockAgent?.KnowledgeBases.length).toBeGreaterThan(0);
    expect(s.rateLimits).toBeUndefined();
  });

  it('adds the realistic quota preset on request', () => {
    const s = AwsEstate.parse(generateAwsScenario({ buckets: 5, trainingJobs: 2, quotas: true }));
    expect(s.rateLimits).toEqual(realisticQuotas.rateLimits);
    expect(s.latencyMs).toEqual(realisticQuotas.latencyMs);
  });

  it('is served by the mock: every generated bucket and training job lists through the SDK', async () => {
    const mock = await startAwsMock(generateAwsScenario({ buckets: 30, trainingJobs: 25, seed: 9 }));
    try {
      const c = clients(mock);
      let buckets = 0;
      for await (const p of paginateListBuckets({ client: c.s3, pageSize: 10 }, {})) buckets += p.Buckets?.length ?? 0;
      expect(buckets).toBe(30);
      let jobs = 0;
      for await (const p of paginateListTrainingJobs({ client: c.sagemaker }, {})) jobs += p.TrainingJobSummaries?.length ?? 0;
      expect(jobs).toBe(25);
    } finally {
      await mock.close();
    }
  });
});
