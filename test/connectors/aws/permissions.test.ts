import { describe, expect, it } from 'vitest';
import { PutBucketPolicyCommand, S3Client, GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { AWS_API_CALLS, AWS_COLLECTORS, awsLeastPrivilegePolicy } from '../../../src/connectors/aws/index.js';
import { allowlistOf } from '../../../src/connectors/aws/api-calls.js';
import { readOnlyGuard, ReadOnlyViolationError } from '../../../src/connectors/aws/read-only.js';
import { main } from '../../../src/cli/main.js';
import { captureIO } from '../../cli/helpers-io.js';

describe('read-only guarantee', () => {
  it('declares only read operations (Get, List, Describe)', () => {
    for (const c of AWS_API_CALLS) expect(c.operation).toMatch(/^(Get|List|Describe)/);
    for (const c of AWS_API_CALLS) expect(c.iamAction).toMatch(/^[a-z0-9-]+:(Get|List|Describe)\w+$/);
  });

  it('every collector declares at least one call and a known service', () => {
    for (const c of AWS_COLLECTORS) expect(c.calls.length).toBeGreaterThan(0);
  });

  it('the least-privilege policy holds exactly the declared IAM actions, sorted', () => {
    const policy = awsLeastPrivilegePolicy();
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(new Set(actions)).toEqual(new Set(AWS_API_CALLS.map((c) => c.iamAction)));
    for (const s of policy.Statement) expect(s.Action).toEqual([...s.Action].sort());
    expect(actions).toContain('s3:GetBucketPolicy');
    expect(actions).toContain('sagemaker:DescribeTrainingJob');
    expect(actions).not.toContain('s3:PutBucketPolicy');
  });

  it('refuses a mutating command before anything is sent', async () => {
    // port 9 (discard) on loopback: if the guard failed, the request would be attempted and fail differently
    const client = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    client.middlewareStack.use(readOnlyGuard('s3', allowlistOf(AWS_API_CALLS).get('s3')!));
    let sent = false;
    client.middlewareStack.add((next) => async (args) => ((sent = true), next(args)), { step: 'finalizeRequest', name: 'spy' });
    await expect(client.send(new PutBucketPolicyCommand({ Bucket: 'b', Policy: '{}' }))).rejects.toBeInstanceOf(ReadOnlyViolationError);
    expect(sent).toBe(false);
    // an allowed command does get past the guard (and then fails to connect)
    await expect(client.send(new GetBucketPolicyCommand({ Bucket: 'b' }))).rejects.not.toBeInstanceOf(ReadOnlyViolationError);
    expect(sent).toBe(true);
    client.destroy();
  });

  it('`aispm permissions aws` prints the policy as JSON', async () => {
    const io = captureIO(process.cwd());
    expect(await main(['node', 'aispm', 'permissions', 'aws'], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual(awsLeastPrivilegePolicy());
    const bad = captureIO(process.cwd());
    expect(await main(['node', 'aispm', 'permissions', 'azure'], bad)).toBe(2);
    expect(bad.err()).toContain('unknown provider "azure"');
  });
});
