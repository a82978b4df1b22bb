import { PassThrough } from 'node:stream';
import type { CliIO } from '../../../src/cli/io.js';

/** An in-memory CliIO: what a command wrote, and an env that is never process.env. */
export function captureIO(env: Record<string, string> = {}, cwd = process.cwd()): CliIO & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { stdout, stderr, env, cwd, out: () => out, err: () => err };
}
