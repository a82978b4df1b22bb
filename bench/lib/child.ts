// Runs a bench script in a fresh Node process (through tsx) so its peak RSS is its own, and reads the one JSON
// line it prints last on stdout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildRun<T> {
  result: T;
  stderr: string;
}

export function runTsChild<T>(script: string | URL, args: string[], options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<ChildRun<T>> {
  const file = script instanceof URL ? fileURLToPath(script) : script;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${file} ${args.join(' ')} exited with ${code ?? signal}:\n${stderr.slice(-4000)}`));
      try {
        resolve({ result: JSON.parse(last) as T, stderr });
      } catch {
        reject(new Error(`${file} ${args.join(' ')} printed no JSON result:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}

/** Peak resident set size of this process so far, in MiB. */
export const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
