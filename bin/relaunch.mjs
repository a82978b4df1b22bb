// Starting Node again with the V8 options the CLI runs with. Plain JavaScript, so that the first process loads no
// TypeScript loader before it starts the second (types: relaunch.d.mts).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Semi-spaces of 64 MiB instead of V8's 16 MiB: at 10^6 resources the evaluation allocates about 2.2 GB, most of it
 * short-lived. With 16 MiB it took about 150 scavenges and, in most runs, a full collection in the access stage as
 * well as the one in the graph stage; with 64 MiB, 40 scavenges and no full collection in the access stage (README,
 * Benchmarks; docs/benchmarks.md, "Session 10"), for about 100 MiB more peak RSS. V8 sizes its young generation once,
 * when the process starts (v8.setFlagsFromString later does not resize it, measured), hence the second process.
 */
export const CLI_V8_FLAGS = Object.freeze(['--max-semi-space-size=64']);

/** Set in the environment of the second process, so that it never starts a third. */
export const RELAUNCHED_ENV = 'AISPM_RELAUNCHED';

/** `--max_semi_space_size=8` -> `--max-semi-space-size` (V8 takes `_` and `-` alike) */
const optionName = (arg) => arg.split('=')[0].replace(/_/g, '-');

/**
 * The CLI_V8_FLAGS whose option is not given already, on Node's command line or in NODE_OPTIONS (where Node takes an
 * option in double quotes too): a user's value wins.
 */
export function missingV8Flags(execArgv, nodeOptions = '') {
  const options = nodeOptions.split(/\s+/).map((a) => a.replace(/"/g, ''));
  const given = new Set([...execArgv, ...options].filter((a) => a.startsWith('--')).map(optionName));
  return CLI_V8_FLAGS.filter((f) => !given.has(optionName(f)));
}

/** The flags to start Node again with; none in the second process, or when every flag is given already. */
export function relaunchFlags(env = process.env, execArgv = process.execArgv) {
  return env[RELAUNCHED_ENV] ? [] : missingV8Flags(execArgv, env.NODE_OPTIONS);
}

/**
 * Runs this command again in a new Node process, with `flags` before this process's own Node options and the same
 * standard streams, and resolves with its exit code. A signal that ends it ends this process the same way.
 *
 * SIGTERM and SIGHUP sent to this process are passed on. SIGINT is not: Ctrl-C in a terminal reaches the whole
 * process group, the new process included, and passing it on as well would deliver it twice (a command that stops
 * gracefully on the first SIGINT ends at once on a second one); this process waits for the other one instead.
 */
export function relaunch(flags, argv = process.argv, execArgv = process.execArgv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, ...execArgv, ...argv.slice(1)], { stdio: 'inherit', env: { ...process.env, [RELAUNCHED_ENV]: '1' } });
    const passOn = (signal) => () => child.kill(signal);
    const handlers = [
      ['SIGTERM', passOn('SIGTERM')],
      ['SIGHUP', passOn('SIGHUP')],
      ['SIGINT', () => {}],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('exit', (code, signal) => {
      done();
      if (signal) process.kill(process.pid, signal);
      // still here when Node ignores the signal (SIGPIPE): the shell's code for it
      resolve(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
    });
  });
}
