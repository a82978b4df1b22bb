import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';
import { loadScenario } from '../../../mocks/cloud.js';
import { main } from '../../../src/cli/main.js';
import { parseInventory } from '../../../src/model/index.js';
import { captureIO } from '../../cli/helpers-io.js';

describe('aispm scan aws (in-process, against the mock demo account)', () => {
  let mock: AwsMock;
  let dir: string;
  beforeAll(async () => {
    const scenario = await loadScenario(new URL('../../../mocks/scenarios/demo-aws.yaml', import.meta.url).pathname);
    mock = await startAwsMock(scenario.aws!);
    dir = await mkdtemp(join(tmpdir(), 'aispm-scan-aws-'));
  });
  afterAll(async () => {
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('collects through the endpoint variables, saves the inventory and reports findings', async () => {
    const io = captureIO(dir, mock.env);
    const code = await main(['node', 'aispm', 'scan', 'aws', '--regions', 'us-east-1,eu-west-1', '--format', 'json', '--output', 'out', '--inventory-out', 'inv.json', '--fail-on', 'high'], io);
    expect(io.err()).toContain('AWS account 123456789012 (us-east-1, eu-west-1): 39 resources');
    expect(code).toBe(1);
    const inventory = parseInventory(await readFile(join(dir, 'inv.json'), 'utf8'));
    expect(inventory.resources).toHaveLength(39);
    const result = JSON.parse(await readFile(join(dir, 'out', 'aispm.json'), 'utf8'));
    expect(result.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(expect.arrayContaining(['AWS-IAM-020', 'AWS-SM-027', 'AWS-BR-020']));
  });

  it.each([
    [['--regions', 'us-east-1,Moon'], '--regions: "Moon" is not a region name'],
    [['--role-arn', 'arn:aws:s3:::bucket'], '--role-arn: "arn:aws:s3:::bucket" is not an IAM role ARN'],
    [['--external-id', 'x'], '--external-id needs --role-arn'],
  ])('rejects %j with a clear message and exit 2', async (args, message) => {
    const io = captureIO(dir, mock.env);
    expect(await main(['node', 'aispm', 'scan', 'aws', ...args], io)).toBe(2);
    expect(io.err()).toContain(message);
  });
});
