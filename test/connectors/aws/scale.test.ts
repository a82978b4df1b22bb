import { describe, expect, it } from 'vitest';
import { startAwsMock } from '../../../mocks/aws/start.js';
import { collectAws } from '../../../src/connectors/aws/index.js';
import { generateMlAccount } from './generated-account.js';

// The full size (1,000 buckets, 200 training jobs, 50 S3 requests/s) takes minutes by construction (about 9,000 S3
// calls at 50/s): it is measured by bench/aws-scan-scale.ts. This test runs the same shape at a size that takes
// seconds. It uses the connector's default (adaptive) retry mode on purpose: its client-side rate limiter is what
// keeps a rate-limited scan complete, and zero-delay retries would only hammer the token bucket.
describe('a generated, rate-limited account', () => {
  it('is collected completely, with the throttling visible in coverage', async () => {
    const size = { buckets: 40, trainingJobs: 10, s3RatePerSecond: 40 };
    const mock = await startAwsMock(generateMlAccount(size));
    try {
      const inventory = await collectAws({ env: mock.env, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' }, regions: ['us-east-1'] });
      expect(inventory.resources.filter((r) => r.kind === 'aws.s3.bucket')).toHaveLength(size.buckets);
      expect(inventory.resources.filter((r) => r.kind === 'aws.sagemaker.training-job')).toHaveLength(size.trainingJobs);
      expect(inventory.coverage.failures).toEqual([]);
      expect(inventory.resources.every((r) => r.gaps.length === 0)).toBe(true);
      const s3 = inventory.coverage.services.find((s) => s.service === 's3')!;
      expect(mock.stats.throttleCount('s3')).toBeGreaterThan(0);
      expect(s3.throttles).toBe(mock.stats.throttleCount('s3'));
      expect(s3.retries).toBeGreaterThanOrEqual(s3.throttles);
      expect(s3.status).toBe('ok');
    } finally {
      await mock.close();
    }
  });
});
