import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from './helpers-io.js';
import { DEMO_INVENTORY_PATH } from '../helpers/scan-fixture.js';
import { validateSarif } from '../helpers/sarif-validate.js';
import { fileURLToPath } from 'node:url';

const INVENTORY = fileURLToPath(DEMO_INVENTORY_PATH);
const run = async (args: string[], cwd = mkdtempSync(join(tmpdir(), 'aispm-cli-'))) => {
  const io = captureIO(cwd);
  const code = await main(['node', 'aispm', ...args], io);
  return { code, out: io.out(), err: io.err(), cwd };
};

const NO_STACK = /\n\s+at .+:\d+:\d+/;

describe('aispm scan --inventory', () => {
  it('prints the table and a summary line, exit 0 without --fail-on', async () => {
    const r = await run(['scan', '--inventory', INVENTORY]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HIGH \(\d+ failed, \d+ unknown\)/m);
    expect(r.out).toMatch(/UNKNOWN AWS-S3-001/);
    expect(r.err).toMatch(/^aispm: 18 resources, \d+ rules: \d+ failed \(.*\), \d+ unknown$/m);
  });

  it('--fail-on: exit 1 when a failed finding is at or above the threshold, 0 when none is', async () => {
    expect((await run(['scan', '--inventory', INVENTORY, '--fail-on', 'medium'])).code).toBe(1);
    const onlyLow = mkdtempSync(join(tmpdir(), 'aispm-rules-'));
    writeFileSync(join(onlyLow, 'AWS-S3-002-x.yaml'), readFileSync(new URL('../../rules/aws/s3/AWS-S3-002-default-encryption-not-kms.yaml', import.meta.url)));
    expect((await run(['scan', '--inventory', INVENTORY, '--only-rules', onlyLow, '--fail-on', 'low'])).code).toBe(1);
    expect((await run(['scan', '--inventory', INVENTORY, '--only-rules', onlyLow, '--fail-on', 'medium'])).code).toBe(0);
  });

  it('--output DIR writes each format to a file and still prints the table; the SARIF validates', async () => {
    const r = await run(['scan', '--inventory', INVENTORY, '--format', 'table,json,sarif', '--output', 'out']);
    expect(r.code).toBe(0);
    expect(existsSync(join(r.cwd, 'out', 'aispm.json'))).toBe(true);
    expect(r.out).toMatch(/^MEDIUM/m);
    expect(r.err).toMatch(/wrote out\/aispm.txt, out\/aispm.json, out\/aispm.sarif/);
    const sarif = readFileSync(join(r.cwd, 'out', 'aispm.sarif'), 'utf8');
    expect(await validateSarif(sarif)).toEqual({ schema: [], multitool: [] });
    expect(JSON.parse(readFileSync(join(r.cwd, 'out', 'aispm.json'), 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('--format json to stdout', async () => {
    const r = await run(['scan', '--inventory', INVENTORY, '--format', 'json']);
    expect(JSON.parse(r.out).tool.name).toBe('aispm');
  });

  it.each([
    [['scan', '--inventory', 'missing.json'], /^aispm: cannot read inventory missing\.json: ENOENT\n$/],
    [['scan', '--inventory', INVENTORY, '--format', 'xml'], /unknown format "xml"; expected a comma-separated list of: table, json, sarif/],
    [['scan', '--inventory', INVENTORY, '--fail-on', 'severe'], /--fail-on: unknown severity "severe"; expected one of: critical, high, medium, low, info/],
    [['scan', '--inventory', INVENTORY, '--trust-account', '12345'], /--trust-account: .*12-digit AWS account id/],
    [['scan'], /nothing to scan: pass --inventory FILE/],
    [['rules', 'show', 'AWS-S3-01'], /no rule with id "AWS-S3-01" \(did you mean "AWS-S3-001"\?\)/],
  ])('a user mistake %j exits 2 with one clear message and no stack trace', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(NO_STACK);
  });

  it('a malformed inventory lists JSON paths and expectations, exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'aispm-cli-'));
    const inv = JSON.parse(readFileSync(INVENTORY, 'utf8'));
    inv.resources[0].versioning.enabled = 'yes';
    delete inv.resources[3].roleArn;
    writeFileSync(join(cwd, 'bad.json'), JSON.stringify(inv));
    const r = await run(['scan', '--inventory', 'bad.json'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json: not a valid aispm inventory/);
    expect(r.err).toMatch(/at \$\.resources\[0\]\.versioning\.enabled: .*found "yes"/);
    expect(r.err).not.toMatch(NO_STACK);
  });

  it('a broken rule directory fails with exit 2 listing every error with file:line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'aispm-cli-'));
    mkdirSync(join(cwd, 'my-rules'));
    writeFileSync(join(cwd, 'my-rules', 'AWS-S3-901-a.yaml'), 'id: AWS-S3-901\ntitle: t\nseverity: severe\nresource: aws.s3.bucket\ncondition: "resource.versioning.enabled &&"\nmessage: m\ndescription: d\nremediation: r\n');
    writeFileSync(join(cwd, 'my-rules', 'AWS-S3-902-b.yaml'), 'id: AWS-S3-902\ntitle: t\nseverity: low\nresource: aws.s3.bucket\ncondition: "resource.versioning.enabld"\nmessage: m\ndescription: d\nremediaton: r\n');
    const r = await run(['scan', '--inventory', INVENTORY, '--rules', 'my-rules'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rule errors?:/);
    expect(r.err).toMatch(/my-rules\/AWS-S3-901-a\.yaml:3: severity:/);
    expect(r.err).toMatch(/my-rules\/AWS-S3-902-b\.yaml:8:1: unknown field "remediaton"/);
    expect(r.err).not.toMatch(NO_STACK);
  });
});

describe('aispm rules', () => {
  it('list prints every rule; json is machine-readable', async () => {
    const table = await run(['rules', 'list']);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^AWS-S3-001 +medium +aws\.s3\.bucket +S3 bucket versioning is not enabled$/m);
    const json = JSON.parse((await run(['rules', 'list', '--format', 'json'])).out);
    expect(json.find((r: { id: string }) => r.id === 'GCP-VTX-001').severity).toBe('medium');
  });

  it('show prints the rule', async () => {
    const r = await run(['rules', 'show', 'GCP-GCS-002']);
    expect(r.out).toMatch(/^condition: +resource.publicAccessPrevention != 'enforced'/m);
    expect(r.out).toMatch(/^remediation: +`gcloud storage buckets update/m);
  });

  it('lint passes on the built-in rules and fails (exit 2) on a rule whose example disagrees', async () => {
    expect((await run(['rules', 'lint'])).code).toBe(0);
    const cwd = mkdtempSync(join(tmpdir(), 'aispm-lint-'));
    writeFileSync(
      join(cwd, 'AWS-S3-903-x.yaml'),
      'id: AWS-S3-903\ntitle: t\nseverity: low\nresource: aws.s3.bucket\ncondition: "!resource.versioning.enabled"\nmessage: m\ndescription: d\nremediation: r\nexamples:\n  fail:\n    - versioning: { enabled: true, status: Enabled, mfaDelete: false }\n  pass:\n    - {}\n',
    );
    const r = await run(['rules', 'lint', '.'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/AWS-S3-903: fail example #1 is pass/);
    expect(r.err).toMatch(/AWS-S3-903: pass example #1 is fail/);
  });
});
