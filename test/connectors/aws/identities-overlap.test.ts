import { describe, expect, it } from 'vitest';
import { startAwsMock } from '../../../mocks/aws/start.js';
import { generateAwsScenario } from '../../../mocks/generate/aws.js';
import { collectAws } from '../../../src/connectors/aws/index.js';
import type { Progress } from '../../../src/connectors/progress.js';

// IAM has its own rate limit, so roles an ML service can assume are read while SageMaker is still being listed;
// the roles only the resources name are read once the resources are known. Slow SageMaker replies make the order
// observable without timing assertions.
describe('identities are collected alongside the resources', () => {
  it('reads ML roles before SageMaker finishes, and still every referenced role', async () => {
    const scenario = generateAwsScenario({ buckets: 6, trainingJobs: 3, seed: 2 });
    scenario.latencyMs = { sagemaker: 400 };
    const mock = await startAwsMock(scenario);
    const events: string[] = [];
    const progress: Progress = { start: () => {}, advance: (task) => events.push(`advance ${task}`), finish: (task) => events.push(`finish ${task}`), note: () => {} };
    try {
      const inventory = await collectAws({ env: mock.env, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' }, regions: ['us-east-1'], progress });
      const firstRole = events.indexOf('advance iam global');
      expect(firstRole).toBeGreaterThanOrEqual(0);
      expect(firstRole).toBeLessThan(events.indexOf('finish sagemaker us-east-1'));
      const roles = new Set(inventory.resources.filter((r) => r.kind === 'aws.iam.role').map((r) => r.id));
      const referenced = inventory.resources.flatMap((r) => ('roleArn' in r && r.roleArn ? [r.roleArn] : 'executionRoleArn' in r && r.executionRoleArn ? [r.executionRoleArn] : []));
      expect(referenced.length).toBeGreaterThan(0);
      for (const arn of referenced) expect(roles).toContain(arn);
      expect(inventory.coverage.failures).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
