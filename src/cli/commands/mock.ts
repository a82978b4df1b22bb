import path from 'node:path';
import { InputError } from '../../model/errors.js';
import { loadScenario, startMockCloud } from '../../../mocks/cloud.js';
import type { CliCommand, CommandContext } from './types.js';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_520) throw new InputError(`--port-base: expected a port number between 1 and 65520, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * `signalled` resolves on SIGINT/SIGTERM (commands never exit the process themselves); listening starts at once, so a
 * signal sent as soon as the first lines are printed is not lost. `stop()` stops listening.
 */
function listenForStop(): { signalled: Promise<string>; stop: () => void } {
  let stop = () => {};
  const signalled = new Promise<string>((resolve) => {
    const onSignal = (signal: string) => {
      stop();
      resolve(signal);
    };
    stop = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { signalled, stop };
}

export async function serveMockScenario(ctx: CommandContext, file: string, opts: { portBase?: number; host: string }, stop: () => Promise<string>): Promise<void> {
  const scenario = await loadScenario(path.resolve(ctx.io.cwd, file));
  if (!scenario.aws && !scenario.gcp) throw new InputError(`${file}: the scenario has neither an aws nor a gcp section`);
  let cloud;
  try {
    cloud = await startMockCloud(scenario, { portBase: opts.portBase, host: opts.host });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES') throw new InputError(`cannot listen: ${e.message} (choose another --port-base)`);
    throw err;
  }
  const out = ctx.io.stdout;
  out.write(`# aispm mock cloud serving ${file}\n`);
  if (cloud.aws) {
    const s = cloud.aws.scenario;
    const regions = Object.values(s.regions);
    const jobs = regions.reduce((n, r) => n + (r.sagemaker?.TrainingJobs.length ?? 0), 0);
    out.write(`#   AWS account ${s.accountId}: ${s.s3.buckets.length} buckets, ${jobs} training jobs, ${s.iam.Roles.length} roles in ${Object.keys(s.regions).length || 0} region(s)\n`);
    out.write('#   S3 Control: SDKs put the account id in front of the endpoint host; a client must use AWS_ENDPOINT_URL_S3_CONTROL as is\n');
  }
  if (cloud.gcp) {
    const projects = cloud.gcp.scenario.gcp.projects;
    const buckets = projects.reduce((n, p) => n + (p.storage?.buckets.length ?? 0), 0);
    const vertex = projects.reduce((n, p) => n + Object.values(p.vertex?.locations ?? {}).reduce((m, l) => m + Object.values(l).reduce((k, list) => k + (list?.length ?? 0), 0), 0), 0);
    const notebooks = projects.reduce((n, p) => n + Object.values(p.notebooks?.locations ?? {}).reduce((m, z) => m + z.instances.length, 0), 0);
    out.write(`#   Google Cloud: ${projects.length} project(s): ${buckets} buckets, ${vertex} Vertex AI resources, ${notebooks} Workbench instances\n`);
  }
  out.write('# Paste these lines into another shell, then run e.g. `aispm scan aws`:\n');
  for (const [k, v] of Object.entries(cloud.env)) out.write(`export ${k}=${v}\n`);
  out.write('# Press Ctrl-C to stop.\n');
  const signal = await stop();
  await cloud.close();
  ctx.io.stderr.write(`aispm: mock cloud stopped (${signal})\n`);
}

/** `aispm mock serve SCENARIO`: runs the wire-level fakes of the mock cloud for manual use. */
export const mockCommand: CliCommand = {
  register(program, ctx) {
    const mock = program.command('mock').description('the mock cloud: local fakes of the AWS and Google Cloud APIs, for trying aispm without a cloud account');
    mock
      .command('serve')
      .description('serve a scenario file (mocks/scenarios/*.yaml) until Ctrl-C and print the environment variables that point aispm (or the aws CLI) at it')
      .argument('<scenario>', 'scenario file (YAML or JSON), e.g. mocks/scenarios/basic-aws.yaml')
      .option('--port-base <n>', 'listen on consecutive ports from N (AWS: 8 services, then Google: 4); default: any free ports', parsePort)
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .action(async (file: string, opts: { portBase?: number; host: string }) => {
        const listening = listenForStop();
        try {
          await serveMockScenario(ctx, file, opts, () => listening.signalled);
        } finally {
          listening.stop();
        }
      });
  },
};
