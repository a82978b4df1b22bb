import { Writable } from 'node:stream';
import type { CliIO } from '../../src/cli/io.js';

/** In-memory streams for running `main(argv, io)` in-process. */
export function captureIO(cwd: string, env: NodeJS.ProcessEnv = {}): CliIO & { out(): string; err(): string } {
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        cb();
      },
    });
    return { stream, text: () => chunks.join('') };
  };
  const stdout = sink();
  const stderr = sink();
  return { stdout: stdout.stream, stderr: stderr.stream, env, cwd, out: stdout.text, err: stderr.text };
}
