import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, main } from '../../src/cli/main.js';
import { captureIO } from './helpers-io.js';

const help = async (args: string[]) => {
  const io = captureIO(process.cwd());
  const code = await main(['node', 'aispm', ...args, '--help'], io);
  return { code, out: io.out(), err: io.err() };
};

/** Every command path, e.g. ["scan"], ["scan", "aws"], ["rules", "list"]. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

describe('help', () => {
  it('aispm --help lists the commands, examples and exit codes', async () => {
    const r = await help([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: aispm \[options\] \[command\]/);
    for (const name of ['scan', 'rules', 'demo']) expect(r.out).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(r.out).toMatch(/^Examples:\n {2}aispm demo/m);
    expect(r.out).toMatch(/Exit codes: 0 ok, 1 a failed finding at or above --fail-on, 2 usage or input error,\s+3 internal error/);
  });

  it('every command has a description and help without raw defaults such as "(default: [])"', async () => {
    const paths = commandPaths(buildProgram({ io: captureIO(process.cwd()), exitCode: 0 }));
    expect(paths).toContainEqual(['rules', 'list']);
    expect(paths).toContainEqual(['scan', 'aws']);
    for (const path of paths) {
      const r = await help(path);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.out, path.join(' ')).toMatch(new RegExp(`^Usage: aispm ${path.join(' ')}( |$)`, 'm'));
      expect(r.out.split('\n')[2], `${path.join(' ')} description`).toMatch(/\w/);
      expect(r.out, path.join(' ')).not.toMatch(/\(default: \[\]\)|undefined/);
    }
  });

  it('scan --help shows examples; repeated --only-rules still collect', async () => {
    expect((await help(['scan'])).out).toMatch(/^Examples:\n {2}aispm scan aws/m);
    const io = captureIO(process.cwd());
    await main(['node', 'aispm', 'rules', 'list', '--format', 'json', '--only-rules', 'rules/aws/s3', '--only-rules', 'rules/gcp/storage'], io);
    const ids = (JSON.parse(io.out()) as { id: string }[]).map((r) => r.id);
    expect(ids.some((id) => id.startsWith('AWS-S3-'))).toBe(true);
    expect(ids.some((id) => id.startsWith('GCP-GCS-'))).toBe(true);
    expect(ids.some((id) => id.startsWith('AWS-SM-'))).toBe(false);
  });
});
