import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  pid: number;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs bin/aispm.js; `whenOut` is called with the child and its stdout so far on each chunk. */
function runBin(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  whenOut?: (child: ReturnType<typeof spawn>, out: string) => void,
  whenErr?: (child: ReturnType<typeof spawn>, err: string) => void,
): Promise<Run> {
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
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      err += s;
      whenErr?.(child, err);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err, pid: child.pid! }));
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
  const scan = ['node', 'aispm.js', 'scan', '--inventory', 'inv.json'];

  it('is empty in the relaunched process', () => {
    expect(relaunchFlags({ [RELAUNCHED_ENV]: '1' }, [], scan)).toEqual([]);
    expect(relaunchFlags({}, [], scan)).toEqual([...CLI_V8_FLAGS]);
    expect(relaunchFlags({ NODE_OPTIONS: '--max-semi-space-size=16' }, [], scan)).toEqual([]);
  });

  it('is empty for the commands that run until a signal, whatever their options', () => {
    expect(relaunchFlags({}, [], ['node', 'aispm.js', 'schedule', '--config', 'aispm.yaml'])).toEqual([]);
    expect(relaunchFlags({}, [], ['node', 'aispm.js', 'mock', 'serve', 'scenario.yaml'])).toEqual([]);
    expect(relaunchFlags({}, [], ['node', 'aispm.js', '--no-color', 'schedule'])).toEqual([]);
    expect(relaunchFlags({}, [], ['node', 'aispm.js', 'scan', 'gcp', '--project', 'schedule'])).toEqual([...CLI_V8_FLAGS]);
  });

  it('is empty under a debugger', () => {
    expect(relaunchFlags({}, ['--inspect-brk'], scan)).toEqual([]);
    expect(relaunchFlags({}, ['--inspect=9230'], scan)).toEqual([]);
    expect(relaunchFlags({ NODE_OPTIONS: '--enable-source-maps --inspect' }, [], scan)).toEqual([]);
    expect(relaunchFlags({ NODE_OPTIONS: '"--inspect"' }, [], scan)).toEqual([]);
    expect(relaunchFlags({ NODE_OPTIONS: '--enable-source-maps' }, ['--no-inspect-like-flag-here'], scan)).toEqual([...CLI_V8_FLAGS]);
  });
});

describe('bin/aispm.js starts Node again with the CLI flags', () => {
  it('runs the command once, in a second process that has the flags', async () => {
    const r = await runBin(['--version'], { NODE_OPTIONS: `--import=${PRINT_EXEC_ARGV}` });
    expect(r.code).toBe(0);
    expect(r.out).toBe('0.1.0\n');
    const lines = r.err.split('\n').filter((l) => l.startsWith('exec-argv '));
    expect(lines.map((l) => JSON.parse(l.replace(/^exec-argv \d+ /, '')))).toEqual([[], [...CLI_V8_FLAGS]]);
  }, 60_000);

  it('starts no second process when the option is given already', async () => {
    const r = await runBin(['--version'], { NODE_OPTIONS: `--import=${PRINT_EXEC_ARGV} --max-semi-space-size=16` });
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter((l) => l.startsWith('exec-argv '))).toEqual([`exec-argv ${r.pid} []`]);
  }, 60_000);

  it("keeps the command's exit code and prints its error once", async () => {
    const r = await runBin(['scan', '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.err.match(/unknown option '--no-such-option'/g)).toHaveLength(1);
  }, 60_000);

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`passes ${signal} sent to the first process on, and ends as the command did`, async () => {
      // the command waits on a named pipe nobody writes: only the signal ends it
      const dir = mkdtempSync(join(tmpdir(), 'aispm-relaunch-'));
      const fifo = join(dir, 'inventory.json');
      execFileSync('mkfifo', [fifo]);
      const pids: number[] = [];
      const r = await runBin(['scan', '--inventory', fifo], { NODE_OPTIONS: `--import=${PRINT_EXEC_ARGV}` }, undefined, (child, err) => {
        const started = [...err.matchAll(/^exec-argv (\d+) /gm)].map((m) => Number(m[1]));
        if (started.length === 2 && pids.length === 0) {
          pids.push(...started);
          child.kill(signal);
        }
      });
      rmSync(dir, { recursive: true, force: true });
      expect(pids).toHaveLength(2);
      expect(pids[0]).toBe(r.pid);
      expect(r.signal).toBe(signal);
      expect(isRunning(pids[1])).toBe(false);
    }, 60_000);
  }
});
