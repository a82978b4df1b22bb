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

/**
 * Commands that run until a signal and stop gracefully on it (`schedule`, `mock serve`) run in the first process: a
 * signal sent to the process group or to every process of a service (systemd's default) would reach both processes,
 * and the second copy would cut the graceful stop short. The others keep Node's default action, where a second copy
 * changes nothing.
 */
const RUN_UNTIL_SIGNAL = new Set(['schedule', 'mock']);

/** the command: the first argument after the script that is not an option (the CLI has no global option with a value) */
const commandOf = (argv) => argv.slice(2).find((a) => !a.startsWith('-'));

/**
 * The flags to start Node again with; none in the second process, for a command that runs until a signal, under a
 * debugger (the second process could not open the inspector's port), or when every flag is given already.
 */
export function relaunchFlags(env = process.env, execArgv = process.execArgv, argv = process.argv) {
  if (env[RELAUNCHED_ENV] || RUN_UNTIL_SIGNAL.has(commandOf(argv))) return [];
  const nodeOptions = env.NODE_OPTIONS ?? '';
  if ([...execArgv, nodeOptions].some((a) => /(^|\s|")--inspect/.test(a))) return [];
  return missingV8Flags(execArgv, nodeOptions);
}

/**
 * Runs this command again in a new Node process, with `flags` before this process's own Node options and the same
 * standard streams, and resolves with its exit code; rejects only when that process could not be started (nothing
 * ran). A signal that ends it ends this process the same way. SIGINT, SIGTERM and SIGHUP sent to this process are
 * passed on (Ctrl-C in a terminal reaches both: the command keeps Node's default action, so the second copy is moot).
 */
export function relaunch(flags, argv = process.argv, execArgv = process.execArgv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, ...execArgv, ...argv.slice(1)], { stdio: 'inherit', env: { ...process.env, [RELAUNCHED_ENV]: '1' } });
    let started = false;
    const passOn = (signal) => () => child.kill(signal);
    const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => [signal, passOn(signal)]);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.on('spawn', () => (started = true));
    child.on('error', (e) => {
      // after the start (a signal that could not be sent), 'exit' still comes
      if (started) return;
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
