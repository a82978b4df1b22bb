// Scans a generated AWS account through the mock with an S3 request-rate limit and reports time, calls and throttling.
// Usage: npx tsx bench/aws-scan-scale.ts [buckets=1000] [trainingJobs=200] [s3RatePerSecond=50]
import { startAwsMock } from '../mocks/aws/start.js';
import { collectAws } from '../src/connectors/aws/index.js';
import { generateMlAccount } from '../test/connectors/aws/generated-account.js';

const [buckets = 1000, trainingJobs = 200, s3Rate = 50] = process.argv.slice(2).map(Number);
const mock = await startAwsMock(generateMlAccount({ buckets, trainingJobs, s3RatePerSecond: s3Rate }));
const started = performance.now();
try {
  const inventory = await collectAws({ env: mock.env, credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' }, regions: ['us-east-1'] });
  const seconds = (performance.now() - started) / 1000;
  const count = (kind: string) => inventory.resources.filter((r) => r.kind === kind).length;
  const s3 = inventory.coverage.services.find((s) => s.service === 's3')!;
  console.log(
    JSON.stringify(
      {
        buckets: { expected: buckets, collected: count('aws.s3.bucket') },
        trainingJobs: { expected: trainingJobs, collected: count('aws.sagemaker.training-job') },
        s3RatePerSecond: s3Rate,
        seconds: Number(seconds.toFixed(1)),
        s3Coverage: s3,
        mockThrottled: mock.stats.throttleCount('s3'),
        mockRequests: mock.stats.total(),
        failures: inventory.coverage.failures.length,
        gaps: inventory.resources.reduce((n, r) => n + r.gaps.length, 0),
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      },
      null,
      2,
    ),
  );
} finally {
  await mock.close();
}
