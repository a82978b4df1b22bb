import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { InputError } from '../../src/model/errors.js';

const valid = `
targets:
  aws:
    - profile: prod
      regions: [us-east-1]
  gcp:
    - projects: [ml-prod]
trust:
  accounts: ["222233334444"]
suppressions:
  - rule: AWS-S3-001
    resource: "arn:aws:s3:::legacy-*"
    reason: accepted risk, bucket is being retired
    expires: 2027-01-31
schedule:
  cron: "0 3 * * *"
  jitterSeconds: 60
notify:
  webhook: https://hooks.example.com/aispm
`;

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('config file', () => {
  it('parses a full config with defaults filled', () => {
    const c = parseConfig(valid, 'aispm.config.yaml');
    expect(c.targets.aws[0]).toEqual({ profile: 'prod', regions: ['us-east-1'] });
    expect(c.trust.accounts).toEqual(['222233334444']);
    expect(c.suppressions[0].expires).toBe('2027-01-31');
    expect(c.notify.retries).toBe(5);
    expect(c.output.formats).toEqual(['table']);
  });

  it('names file, line, JSON path and expectation for a misspelled field', () => {
    const msg = errorOf(() => parseConfig(valid.replace('jitterSeconds', 'jiterSeconds'), 'cfg.yaml'));
    expect(msg).toContain('cfg.yaml:17: $.schedule.jiterSeconds: unknown field "jiterSeconds"');
  });

  it('reports a bad account id and a suppression without reason on their lines', () => {
    const text = valid.replace('"222233334444"', '"2222"').replace('    reason: accepted risk, bucket is being retired\n', '');
    const msg = errorOf(() => parseConfig(text, 'cfg.yaml'));
    expect(msg).toMatch(/cfg\.yaml:9: \$\.trust\.accounts\[0\]: a 12-digit AWS account id/);
    expect(msg).toMatch(/cfg\.yaml:11: \$\.suppressions\[0\]\.reason: missing required field \(expected string\)/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const msg = errorOf(() => parseConfig('targets:\n  aws: [\n', 'bad.yaml'));
    expect(msg).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML/);
  });

  it('uses defaults when no config file exists, but fails for an explicit missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-cfg-'));
    expect((await loadConfig(undefined, dir)).file).toBeUndefined();
    await expect(loadConfig('nope.yaml', dir)).rejects.toThrow(/cannot read config .*nope\.yaml: ENOENT/);
    writeFileSync(join(dir, 'aispm.config.yaml'), valid);
    expect((await loadConfig(undefined, dir)).config.targets.gcp[0].projects).toEqual(['ml-prod']);
  });
});

describe('shipped examples', () => {
  it('examples/aispm.config.yaml is a valid config', async () => {
    const { readFileSync } = await import('node:fs');
    const file = new URL('../../examples/aispm.config.yaml', import.meta.url);
    const c = parseConfig(readFileSync(file, 'utf8'), 'examples/aispm.config.yaml');
    expect(c.targets.aws).toHaveLength(2);
    expect(c.schedule?.cron).toBe('0 3 * * *');
  });

  it('the Kubernetes and GitHub Actions examples are valid YAML running aispm', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const cron = parse(readFileSync(new URL('../../examples/kubernetes/cronjob.yaml', import.meta.url), 'utf8'));
    expect(cron.kind).toBe('CronJob');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const wf = parse(readFileSync(new URL('../../examples/github-actions/aispm-scheduled.yml', import.meta.url), 'utf8'));
    expect(wf.permissions['security-events']).toBe('write');
    expect(JSON.stringify(wf.jobs.scan.steps)).toContain('upload-sarif');
  });
});
