import type { Command } from 'commander';
import { Writable } from 'node:stream';
import { InputError } from '../../model/errors.js';
import { startScheduler, validateCron, type LogLine } from '../../schedule/scheduler.js';
import { collectConfiguredTargets } from '../configured-targets.js';
import { analyzeRecordAndReport } from '../recorded-scan.js';
import { loadRulesForFlags, parseScanFlags } from '../scan-output.js';
import { resolveScanSettings } from '../scan-settings.js';
import { modelArtifactStage } from '../model-artifact-step.js';
import type { CliCommand, CommandContext } from './types.js';

/** A stream that turns each line written to it into a structured log line. */
function lineLogger(log: (l: LogLine) => void, event: string): Writable {
  let buf = '';
  return new Writable({
    write(chunk, _enc, done) {
      buf += chunk.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, i).replace(/^aispm: /, '');
        buf = buf.slice(i + 1);
        if (text.trim()) log({ event, message: text });
      }
      done();
    },
  });
}

const discard = () => new Writable({ write: (_c, _e, done) => done() });

export const scheduleCommand: CliCommand = {
  register(program: Command, ctx: CommandContext) {
    program
      .command('schedule')
      .description('run the configured scans on the config\'s cron schedule, recording history and sending webhook notices (JSON log lines on stdout)')
      .option('--config <file>', 'config file (default: aispm.config.yaml)')
      .option('--history <file>', 'history database (default: config history.path, $AISPM_HISTORY, or ~/.aispm/history.db)')
      .option('--notify-webhook <url>', 'POST a JSON summary of new findings and attack paths after each scan')
      .option('--cron <expression>', 'override the config\'s schedule.cron')
      .option('--runs <n>', 'stop after this many runs (default: run until SIGTERM or SIGINT)')
      .option('--run-now', 'run one scan immediately, then follow the schedule')
      .action(async (opts: { cron?: string; runs?: string; runNow?: boolean }, command: Command) => {
        const io = ctx.io;
        const log = (line: LogLine) => io.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...line }) + '\n');
        const flags = parseScanFlags({ format: 'json', ...command.optsWithGlobals() });
        const settings = await resolveScanSettings(command, flags, io, true);
        const schedule = settings.config.config.schedule;
        const cron = opts.cron ?? schedule?.cron;
        if (!cron) throw new InputError(`no schedule: set schedule.cron in ${settings.config.file ?? 'aispm.config.yaml'} or pass --cron`);
        validateCron(cron, schedule?.timezone);
        const maxRuns = opts.runs === undefined ? undefined : Number(opts.runs);
        if (maxRuns !== undefined && (!Number.isInteger(maxRuns) || maxRuns < 1)) throw new InputError(`--runs: "${opts.runs}" is not a positive integer`);
        const rules = loadRulesForFlags(settings.flags, io);
        if (!settings.flags.outputDir) settings.flags.formats = [];

        const runScan = async (run: number) => {
          const scanCtx: CommandContext = { io: { ...io, stdout: discard(), stderr: lineLogger(log, 'scan.message') }, exitCode: 0 };
          const startedAt = new Date().toISOString();
          const inventory = await collectConfiguredTargets(settings.config.config, scanCtx.io);
          const models = await modelArtifactStage(scanCtx.io, inventory, settings.scanModels ? {} : undefined);
          const result = await analyzeRecordAndReport(scanCtx, models.inventory, settings, rules, { startedAt, enrich: models.enrich });
          const counts = { findings: result.findings.length, new: result.findings.filter((f) => f.baselineState === 'new').length, fixed: result.fixed.length, paths: result.findings.filter((f) => f.type === 'path').length };
          log({ event: 'scan.recorded', run, scanId: result.scanId ?? null, previousScanId: result.previousScanId ?? null, ...counts, gaps: result.inventory.coverage.failures.length });
        };

        if (opts.runNow) {
          await runScan(0).catch((e: Error) => log({ event: 'run.end', run: 0, status: 'error', error: e.message }));
        }
        const scheduler = startScheduler({ cron, timezone: schedule?.timezone, jitterSeconds: schedule?.jitterSeconds ?? 0, maxRuns, log, run: runScan });
        const onSignal = (signal: NodeJS.Signals) => scheduler.stop(signal);
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
        try {
          await scheduler.done;
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
      });
  },
};
