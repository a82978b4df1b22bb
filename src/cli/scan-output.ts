import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../model/errors.js';
import type { Inventory } from '../model/inventory.js';
import { readInventory } from '../model/inventory-file.js';
import type { ScanResult } from '../model/scan-result.js';
import { atLeast, SEVERITIES, type Severity } from '../model/severity.js';
import { TrustSettings } from '../model/trust.js';
import { formatIssues } from '../model/errors.js';
import { REPORTERS, REPORTER_NAMES, isReporterName, reportChunks, type ReporterName } from '../reporters/index.js';
import { STREAM_CLOSED, writeChunks, writeFileChunks, type TextChunks } from '../model/stream/write-chunks.js';
import { summaryLine } from '../reporters/table.js';
import { sarifOmissionWarning } from '../reporters/sarif-limits.js';
import { formatRuleIssue, loadRuleSet, type LoadedRule } from '../rules/load.js';
import { EXIT, type CliIO } from './io.js';
import type { CommandContext } from './commands/types.js';

/**
 * Flags shared by `aispm scan` and its provider subcommands (`aispm scan aws`, `aispm scan gcp`), parsed once:
 * output formats and directory, rule directories, --fail-on, trusted accounts.
 */
export interface ScanFlags {
  formats: ReporterName[];
  outputDir?: string;
  rules: string[];
  onlyRules: string[];
  failOn?: Severity;
  trust: TrustSettings;
}

/** Adds the shared flags to a command. Provider subcommands inherit them: read them with `command.optsWithGlobals()`. */
export function addScanOptions(command: Command): Command {
  return command
    .option('--format <formats>', `comma-separated output formats: ${REPORTER_NAMES.join(', ')}`, 'table')
    .option('--output <dir>', 'write each format to a file in this directory (aispm.sarif, aispm.json, ...); the table is also printed')
    .option('--rules <dir>', 'add the rules in this directory to the built-in rules (repeatable)', collect)
    .option('--only-rules <dir>', 'use only the rules in this directory, not the built-in ones (repeatable)', collect)
    .option('--fail-on <severity>', `exit 1 when a failed finding is at or above this severity (${SEVERITIES.join(', ')}); without it the exit code ignores findings`)
    .option('--trust-account <id...>', 'AWS account ids whose access is expected (reported, not counted as external)')
    .option('--config <file>', 'config file with targets, trust, rules, suppressions, history, notifications (default: ./aispm.config.yaml if present)')
    .option('--history <file>', 'record the scan in this SQLite history and compare with the previous scan of the same targets')
    .option('--no-history', 'do not record this scan')
    .option('--fail-on-new <severity>', 'exit 1 only when a NEW failed finding (not in the previous scan) is at or above this severity')
    .option('--notify-webhook <url>', 'POST a JSON summary of new findings and attack paths after the scan');
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseScanFlags(opts: Record<string, unknown>): ScanFlags {
  const formats = String(opts.format ?? 'table')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const bad = formats.filter((f) => !isReporterName(f));
  if (bad.length || formats.length === 0) throw new InputError(`--format: unknown format ${bad.map((b) => `"${b}"`).join(', ') || '(empty)'}; expected a comma-separated list of: ${REPORTER_NAMES.join(', ')}`);
  const failOn = opts.failOn as string | undefined;
  if (failOn !== undefined && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new InputError(`--fail-on: unknown severity "${failOn}"; expected one of: ${SEVERITIES.join(', ')}`);
  }
  const trust = TrustSettings.safeParse({ trustedAccounts: (opts.trustAccount as string[] | undefined) ?? [] });
  if (!trust.success) throw new InputError(`--trust-account: ${formatIssues(trust.error.issues, { trustedAccounts: opts.trustAccount }).trim().replace(/^at \$\.trustedAccounts/, 'value')}`);
  return {
    formats: [...new Set(formats)] as ReporterName[],
    outputDir: opts.output as string | undefined,
    rules: (opts.rules as string[] | undefined) ?? [],
    onlyRules: (opts.onlyRules as string[] | undefined) ?? [],
    failOn: failOn as Severity | undefined,
    trust: trust.data,
  };
}

/** Loads the rule set for the flags; any rule error is the user's to fix, so all of them are listed in one InputError. */
export function loadRulesForFlags(flags: Pick<ScanFlags, 'rules' | 'onlyRules'>, io: CliIO): LoadedRule[] {
  const loaded = loadRuleSet({ extraDirs: flags.rules, onlyDirs: flags.onlyRules, cwd: io.cwd });
  for (const w of loaded.warnings) if (!w.authoring) io.stderr.write(`aispm: warning: ${formatRuleIssue(w)}\n`);
  if (loaded.errors.length) {
    const n = loaded.errors.length;
    throw new InputError(`${n} rule error${n === 1 ? '' : 's'}:\n${loaded.errors.map(formatRuleIssue).join('\n')}`);
  }
  return loaded.rules;
}

/** 1 when a failed, unsuppressed finding is at or above --fail-on; 0 otherwise (and always 0 without --fail-on). */
export function exitCodeFor(result: ScanResult, failOn: Severity | undefined): number {
  if (!failOn) return EXIT.ok;
  const failing = result.findings.some((f) => f.status === 'fail' && !f.suppressed && atLeast(f.severity, failOn));
  return failing ? EXIT.findings : EXIT.ok;
}

export function useColor(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}

/**
 * Renders every requested format. Without --output each goes to stdout; with --output DIR each goes to DIR/<file>
 * (through a temporary file renamed when complete) and the table is printed as well. Outputs are written as they are
 * produced, so their size is not bounded by a string's. A summary line goes to stderr. Sets ctx.exitCode from --fail-on.
 */
export async function writeScanOutputs(ctx: CommandContext, result: ScanResult, flags: Pick<ScanFlags, 'formats' | 'outputDir' | 'failOn'>): Promise<void> {
  const { io } = ctx;
  const written: string[] = [];
  if (flags.outputDir) {
    const dir = resolve(io.cwd, flags.outputDir);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new InputError(`--output ${flags.outputDir}: cannot create the directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    for (const name of flags.formats) {
      const reporter = REPORTERS[name];
      const file = join(dir, reporter.fileName);
      const shown = relative(io.cwd, file) || file;
      await writeFileChunks(file, reportChunks(reporter, result, { color: false, outputDir: dir }), shown);
      written.push(shown);
    }
    await writeToStdout(io, reportChunks(REPORTERS.table, result, { color: useColor(io) }));
  } else {
    for (const name of flags.formats) {
      if (!(await writeToStdout(io, reportChunks(REPORTERS[name], result, { color: name === 'table' && useColor(io) })))) break;
    }
  }
  io.stderr.write(`aispm: ${summaryLine(result)}${written.length ? `; wrote ${written.join(', ')}` : ''}\n`);
  if (flags.formats.includes('sarif')) warnSarifOmissions(io, result);
  ctx.exitCode = exitCodeFor(result, flags.failOn);
}

/**
 * Writes to stdout; false when the reader went away (`aispm ... | head`): the rest is dropped, as bin/aispm.js drops
 * later writes, and the command finishes with its own exit code.
 */
async function writeToStdout(io: CliIO, chunks: TextChunks): Promise<boolean> {
  try {
    await writeChunks(io.stdout, chunks);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE' || code === STREAM_CLOSED) return false;
    throw e;
  }
}

/** The SARIF log holds at most 5,000 results and 5,000 buckets' access (GitHub's limits): say what it left out. */
function warnSarifOmissions(io: CliIO, result: ScanResult): void {
  const warning = sarifOmissionWarning(result);
  if (warning) io.stderr.write(`aispm: warning: ${warning}\n`);
}

/** Reads --inventory FILE (relative to the working directory); errors name the file as the user wrote it. */
export async function readInventoryArg(io: CliIO, file: string): Promise<Inventory> {
  return readInventory(resolve(io.cwd, file), file);
}
