#!/usr/bin/env node
// Starts Node again with the CLI's V8 options when they are missing (relaunch.mjs), then runs the TypeScript CLI
// through tsx's loader, so no build step is needed after `npm ci`.
import { relaunch, relaunchFlags } from './relaunch.mjs';

const flags = relaunchFlags();
// a second process that could not be started (no memory, no process slots): the command runs here instead
const code = flags.length ? await relaunch(flags).catch(() => undefined) : undefined;
if (code !== undefined) {
  process.exitCode = code;
} else {
  // A reader that goes away (`aispm rules list | head`) is not an error: later writes are dropped silently, the
  // command finishes and its exit code stands. Any other stream error is still thrown.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err && (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED')) return;
      throw err;
    });
  }
  const { register } = await import('tsx/esm/api');
  register();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv);
}
