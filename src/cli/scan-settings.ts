import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../model/errors.js';
import { SEVERITIES, type Severity } from '../model/severity.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { AispmConfig, type SuppressionEntry } from '../config/schema.js';
import type { ScanFlags } from './scan-output.js';
import type { CliIO } from './io.js';
import { isReporterName, type ReporterName } from '../reporters/index.js';

/** Where scan history lives unless the config, --history or AISPM_HISTORY say otherwise. */
export function defaultHistoryPath(io: CliIO): string {
  return join(io.env.HOME || homedir(), '.aispm', 'history.db');
}

/** Where the history lives, first match wins: --history FILE, the config's history.path, $AISPM_HISTORY, ~/.aispm/history.db. */
export function historyFile(flag: string | undefined, config: LoadedConfig, io: CliIO): string {
  if (flag) return resolve(io.cwd, flag);
  const configured = config.config.history.path;
  if (configured) return isAbsolute(configured) ? configured : resolve(config.baseDir, configured);
  const env = io.env.AISPM_HISTORY;
  if (env && env !== 'off') return resolve(io.cwd, env);
  return defaultHistoryPath(io);
}

export interface HistorySettings {
  /** SQLite file, or undefined when history is off for this run */
  path: string | undefined;
}

export interface NotifySettings {
  webhook?: string;
  minSeverity: Severity;
  retries: number;
  timeoutSeconds: number;
}

/** Everything a scan needs beyond the shared output flags, resolved from the config file with flags taking precedence. */
export interface ScanSettings {
  flags: ScanFlags;
  suppressions: SuppressionEntry[];
  failOnNew?: Severity;
  history: HistorySettings;
  notify: NotifySettings;
  scanModels: boolean;
  config: LoadedConfig;
}

function severityFlag(name: string, value: unknown): Severity | undefined {
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(String(value))) throw new InputError(`${name}: unknown severity "${String(value)}"; expected one of: ${SEVERITIES.join(', ')}`);
  return value as Severity;
}

const fromCli = (command: Command, name: string) => {
  const source = command.getOptionValueSourceWithGlobals?.(name) ?? command.getOptionValueSource(name);
  return source === 'cli' || source === 'env';
};

/**
 * Merges the config file (aispm.config.yaml in the working directory, or --config FILE) under the flags.
 * `recordByDefault` is true for live cloud scans and schedules, false for offline inventory scans and the demo.
 */
export async function resolveScanSettings(command: Command, flags: ScanFlags, io: CliIO, recordByDefault: boolean): Promise<ScanSettings> {
  const opts = command.optsWithGlobals() as Record<string, unknown>;
  const config = await loadConfig(opts.config as string | undefined, io.cwd);
  const c = config.config;
  const rel = (p: string) => (isAbsolute(p) ? p : resolve(config.baseDir, p));

  const merged: ScanFlags = { ...flags, trust: { ...flags.trust } };
  if (!fromCli(command, 'format') && c.output.formats.length) {
    const formats = c.output.formats.filter((f): f is ReporterName => isReporterName(f));
    merged.formats = formats;
  }
  if (merged.outputDir === undefined && c.output.dir) merged.outputDir = rel(c.output.dir);
  if (merged.failOn === undefined) merged.failOn = c.failOn;
  if (!merged.rules.length && !merged.onlyRules.length && c.rules.dirs.length) {
    if (c.rules.only) merged.onlyRules = c.rules.dirs.map(rel);
    else merged.rules = c.rules.dirs.map(rel);
  }
  merged.trust = {
    trustedAccounts: [...new Set([...merged.trust.trustedAccounts, ...c.trust.accounts])],
    trustedOrganizations: [...new Set([...merged.trust.trustedOrganizations, ...c.trust.organizations])],
    trustedProjects: [...new Set([...merged.trust.trustedProjects, ...c.trust.projects])],
    trustedDomains: [...new Set([...merged.trust.trustedDomains, ...c.trust.domains])],
  };

  const flag = typeof opts.history === 'string' ? opts.history : undefined;
  const off = opts.history === false || io.env.AISPM_HISTORY === 'off' || c.history.enabled === false;
  // recorded when asked for (a file named anywhere), for live scans, and whenever a config file is in use
  const asked = flag !== undefined || c.history.path !== undefined || Boolean(io.env.AISPM_HISTORY);
  const historyPath = off || !(asked || recordByDefault || config.file) ? undefined : historyFile(flag, config, io);

  const webhook = (opts.notifyWebhook as string | undefined) ?? c.notify.webhook;
  if (webhook !== undefined && !/^https?:\/\/[^\s]+$/.test(webhook)) throw new InputError(`--notify-webhook: "${webhook}" is not an http(s) URL`);

  return {
    flags: merged,
    suppressions: c.suppressions,
    failOnNew: severityFlag('--fail-on-new', opts.failOnNew) ?? c.failOnNew,
    history: { path: historyPath },
    notify: { webhook, minSeverity: c.notify.minSeverity, retries: c.notify.retries, timeoutSeconds: c.notify.timeoutSeconds },
    scanModels: Boolean(opts.scanModels) || c.scanModels,
    config,
  };
}

/** Settings for a run that takes no config file and records no history (the demo). */
export function plainScanSettings(flags: ScanFlags, cwd: string): ScanSettings {
  return {
    flags,
    suppressions: [],
    history: { path: undefined },
    notify: { minSeverity: 'high', retries: 0, timeoutSeconds: 10 },
    scanModels: false,
    config: { config: AispmConfig.parse({}), file: undefined, baseDir: cwd },
  };
}
