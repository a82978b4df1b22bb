import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_V8_FLAGS, RELAUNCHED_ENV, missingV8Flags, relaunchFlags } from '../../bin/relaunch.mjs';

const BIN = fileURLToPath(new URL('../../bin/aispm.js', import.meta.url));
const PRINT_EXEC_ARGV = pathToFileURL(fileURLToPath(new URL('./fixtures/print-exec-argv.mjs', import.meta.url))).href;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs bin/aispm.js; `whenOut` is called with the child and its stdout so far on each chunk. */
function runBin(args: string[], env: NodeJS.ProcessEnv = {}, whenOut?: (child: ReturnType<typeof spawn>, out: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    delete base[RELAUNCHED_ENV];
    delete base.NODE_OPTIONS;
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, NO_COLOR: '1', ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      whenOut?.(child, out);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

describe('missingV8Flags', () => {
  it('gives every CLI flag when none is given', () => {
    expect(CLI_V8_FLAGS).toEqual(['--max-semi-space-size=64']);
    expect(missingV8Flags([], '')).toEqual(['--max-semi-space-size=64']);
    expect(missingV8Flags(['--max-old-space-size=8000', '--import', 'tsx'], '--enable-source-maps')).toEqual(['--max-semi-space-size=64']);
  });

  it("leaves out a flag whose option the user gave, in any of V8's spellings", () => {
    expect(missingV8Flags(['--max-semi-space-size=16'])).toEqual([]);
    expect(missingV8Flags([], '--max_semi_space_size=8')).toEqual([]);
    expect(missingV8Flags([], '--enable-source-maps  --max-semi-space-size 32')).toEqual([]);
    expect(missingV8Flags([], '--enable-source-maps "--max-semi-space-size=16"')).toEqual([]);
    expect(missingV8Flags([], '"--max_semi_space_size" 8')).toEqual([]);
  });
});

describe('relaunchFlags', () => {
  it('is empty in the relaunched process', () => {
    expect(relaunchFlags({ [RELAUNCHED_ENV]: '1' }, [])).toEqual([]);
    expect(relaunchFlags({}, [])).toEqual([...CLI_V8_FLAGS]);
    expect(relaunchFlags({ NODE_OPTIONS: '--max-semi-space-size=16' }, [])).toEqual([]);
  });
});

describe('bin/aispm.js starts Node again with the CLI flags', () => {
  it('runs the command once, in a second process that has the flags', async () => {
    const r = await runBin(['--version'], { NODE_OPTIONS: `--import=${PRINT_EXEC_ARGV}` });
    expect(r.code).toBe(0);
    expect(r.out).toBe('0.1.0\n');
    const lines = r.err.split('\n').filter((l) => l.startsWith('exec-argv '));
    expect(lines.map((l) => JSON.parse(l.slice('exec-argv '.length)))).toEqual([[], [...CLI_V8_FLAGS]]);
  }, 60_000);

  it('starts no second process when the option is given already', async () => {
    const r = await runBin(['--version'], { NODE_OPTIONS: `--import=${PRINT_EXEC_ARGV} --max-semi-space-size=16` });
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter((l) => l.startsWith('exec-argv '))).toEqual(['exec-argv []']);
  }, 60_000);

  it("keeps the command's exit code and prints its error once", async () => {
    const r = await runBin(['scan', '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.err.match(/unknown option '--no-such-option'/g)).toHaveLength(1);
  }, 60_000);

  it('passes SIGTERM on: a command that stops on it stops cleanly', async () => {
    let sent = false;
    const r = await runBin(['mock', 'serve', 'mocks/scenarios/basic-aws.yaml'], {}, (child, out) => {
      if (!sent && out.includes('Press Ctrl-C to stop.')) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    expect(sent).toBe(true);
    expect(r.err).toContain('mock cloud stopped (SIGTERM)');
    expect(r.code).toBe(0);
  }, 60_000);
});
