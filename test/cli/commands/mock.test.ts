import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { serveMockScenario } from '../../../src/cli/commands/mock.js';
import { main } from '../../../src/cli/main.js';
import { captureIO } from '../helpers-io.js';

describe('aispm mock serve', () => {
  it('prints export lines that reach the running fakes, and stops on the signal', async () => {
    const cli = captureIO(process.cwd());
    const ctx = { io: cli, exitCode: 0 };
    await serveMockScenario(ctx, 'mocks/scenarios/basic-aws.yaml', { host: '127.0.0.1' }, async () => {
      const env = Object.fromEntries(
        cli
          .out()
          .split('\n')
          .filter((l) => l.startsWith('export '))
          .map((l) => l.slice('export '.length).split(/=(.*)/s).slice(0, 2)),
      );
      const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
      const sts = new STSClient({ endpoint: env.AWS_ENDPOINT_URL_STS, region: env.AWS_REGION, credentials, maxAttempts: 1 });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
      const s3 = new S3Client({ endpoint: env.AWS_ENDPOINT_URL_S3, region: env.AWS_REGION, credentials, forcePathStyle: true, maxAttempts: 1 });
      expect((await s3.send(new ListBucketsCommand({}))).Buckets).toHaveLength(4);
      return 'SIGTERM';
    });
    expect(cli.out()).toContain('# aispm mock cloud serving mocks/scenarios/basic-aws.yaml');
    expect(cli.out()).toContain('AWS account 111122223333: 4 buckets, 1 training jobs, 3 roles');
    expect(cli.err()).toContain('mock cloud stopped (SIGTERM)');
  });

  it('stops on a SIGTERM sent as soon as it says how to stop it (it listens before it prints)', async () => {
    const bin = fileURLToPath(new URL('../../../bin/aispm.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'mock', 'serve', 'mocks/scenarios/basic-aws.yaml'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (out.includes('Press Ctrl-C to stop.')) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(err).toContain('mock cloud stopped (SIGTERM)');
    expect(code).toBe(0);
  }, 60_000);

  it('reports a bad scenario file with its path and the JSON path, exit code 2', async () => {
    const cli = captureIO(process.cwd());
    const code = await main(['node', 'aispm', 'mock', 'serve', 'test/mocks/aws/fixtures/bad-scenario.yaml'], cli);
    expect(code).toBe(2);
    expect(cli.err()).toContain('test/mocks/aws/fixtures/bad-scenario.yaml');
    expect(cli.err()).toContain('$.aws.s3.buckets[0].Name');
    expect(cli.err()).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('rejects a bad --port-base', async () => {
    const cli = captureIO(process.cwd());
    expect(await main(['node', 'aispm', 'mock', 'serve', 'mocks/scenarios/basic-aws.yaml', '--port-base', 'abc'], cli)).toBe(2);
    expect(cli.err()).toContain('--port-base');
  });
});
