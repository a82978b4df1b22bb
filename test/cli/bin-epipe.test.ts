import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_INVENTORY_PATH } from '../helpers/scan-fixture.js';

const BIN = fileURLToPath(new URL('../../bin/aispm.js', import.meta.url));

/** Runs bin/aispm.js and closes its stdout after the first chunk, as `aispm ... | head -1` does. */
function runClosingStdout(args: string[]): Promise<{ code: number | null; err: string; firstChunk: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    let firstChunk = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString('utf8');
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, err, firstChunk }));
  });
}

describe('bin/aispm.js with a reader that goes away (aispm ... | head)', () => {
  it('prints no EPIPE stack trace and keeps the command exit code', async () => {
    // the JSON result is far larger than a pipe buffer, so later writes hit the closed pipe
    const r = await runClosingStdout(['scan', '--inventory', fileURLToPath(DEMO_INVENTORY_PATH), '--format', 'json', '--fail-on', 'high']);
    expect(r.firstChunk).toMatch(/^\{/);
    expect(r.err).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r.err).toMatch(/^aispm: 18 resources/m);
    expect(r.code).toBe(1);
  }, 60_000);
});
