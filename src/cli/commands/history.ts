import type { Command } from 'commander';
import pc from 'picocolors';
import { InputError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { HistoryStore, type ScanRecord } from '../../history/store.js';
import { diffFindings, type FindingDiff } from '../../history/diff.js';
import { loadConfig } from '../../config/load.js';
import { historyFile } from '../scan-settings.js';
import { existsSync } from 'node:fs';
import type { CliCommand, CommandContext } from './types.js';
import type { CliIO } from '../io.js';
import { useColor } from '../scan-output.js';

async function openHistory(opts: { history?: string; config?: string }, io: CliIO): Promise<HistoryStore> {
  const config = await loadConfig(opts.config, io.cwd);
  const path = historyFile(opts.history, config, io);
  if (!existsSync(path)) throw new InputError(`no scan history at ${path}: run a scan first (history is recorded by "aispm scan aws|gcp" and "aispm schedule"), or pass --history FILE`);
  return HistoryStore.open(path);
}

const targetsText = (s: ScanRecord) => s.targets.map((t) => `${t.provider}:${t.account}`).join(', ') || '-';

function scanLine(s: ScanRecord): string {
  const c = s.counts;
  const counts = c ? `${c.findings} findings (${c.critical} critical, ${c.high} high, ${c.unknown} unknown), ${c.paths} paths` : '';
  return `${s.id.slice(0, 8)}  ${s.startedAt}  ${s.status.padEnd(10)}  ${targetsText(s).padEnd(30)}  ${s.status === 'running' ? 'incomplete (still running or killed)' : s.status === 'failed' ? `failed: ${s.error}` : counts}`;
}

function findingLine(f: Finding, color: boolean): string {
  const sev = f.severity.toUpperCase().padEnd(8);
  const route = f.hops?.length ? `  ${[f.hops[0].from, ...f.hops.map((h) => `-[${h.type}]-> ${h.to}`)].join(' ')}` : '';
  return `  ${color ? pc.bold(sev) : sev} ${f.ruleId.padEnd(12)} ${f.resource.id}${f.status === 'unknown' ? ' (unknown)' : ''}${route}`;
}

function renderDiff(d: FindingDiff, old: ScanRecord, cur: ScanRecord, color: boolean): string {
  const out = [`diff ${old.id.slice(0, 8)} (${old.startedAt}) -> ${cur.id.slice(0, 8)} (${cur.startedAt})`];
  const section = (title: string, list: Finding[]) => {
    const paths = list.filter((f) => f.type === 'path');
    const rest = list.filter((f) => f.type !== 'path');
    out.push(`\n${title}: ${list.length}${paths.length ? ` (${paths.length} attack paths)` : ''}`);
    for (const f of [...paths, ...rest]) out.push(findingLine(f, color));
  };
  section('NEW', d.new);
  section('FIXED', d.fixed);
  out.push(`\nCHANGED SEVERITY OR STATUS: ${d.changed.length}`);
  for (const { before, after } of d.changed) out.push(`  ${after.ruleId.padEnd(12)} ${after.resource.id}: ${before.severity}/${before.status} -> ${after.severity}/${after.status}`);
  out.push(`\nUNCHANGED: ${d.unchanged.length}`);
  return out.join('\n') + '\n';
}

function resolveScan(store: HistoryStore, id: string): ScanRecord {
  const s = store.getScan(id);
  if (!s) throw new InputError(`no scan "${id}" in the history (see "aispm history list")`);
  return s;
}

export const historyCommand: CliCommand = {
  register(program: Command, ctx: CommandContext) {
    const history = program.command('history').description('list and show recorded scans');
    history
      .command('list')
      .description('recorded scans, newest first')
      .option('--history <file>', 'history database (default: config history.path, $AISPM_HISTORY, or ~/.aispm/history.db)')
      .option('--config <file>', 'config file (default: aispm.config.yaml)')
      .option('--limit <n>', 'how many scans', '20')
      .option('--format <format>', 'table or json', 'table')
      .action(async (opts: { history?: string; config?: string; limit: string; format: string }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--limit: "${opts.limit}" is not a positive integer`);
        const store = await openHistory(opts, ctx.io);
        try {
          const scans = store.listScans(limit);
          if (opts.format === 'json') ctx.io.stdout.write(JSON.stringify(scans, null, 2) + '\n');
          else ctx.io.stdout.write(scans.length ? scans.map(scanLine).join('\n') + '\n' : 'no scans recorded yet\n');
        } finally {
          store.close();
        }
      });
    history
      .command('show <scan>')
      .description('one recorded scan: targets, coverage and its findings (scan id or a unique prefix)')
      .option('--history <file>', 'history database')
      .option('--config <file>', 'config file (default: aispm.config.yaml)')
      .option('--format <format>', 'table or json', 'table')
      .action(async (id: string, opts: { history?: string; config?: string; format: string }) => {
        const store = await openHistory(opts, ctx.io);
        try {
          const scan = resolveScan(store, id);
          const findings = store.findings(scan.id);
          if (opts.format === 'json') {
            ctx.io.stdout.write(JSON.stringify({ scan, coverage: store.coverage(scan.id), findings }, null, 2) + '\n');
            return;
          }
          const color = useColor(ctx.io);
          const failures = store.coverage(scan.id)?.failures ?? [];
          ctx.io.stdout.write(
            [
              scanLine(scan),
              `targets: ${scan.targets.map((t) => `${t.provider}:${t.account} [${t.regions.join(', ') || 'all'}]`).join('; ')}`,
              scan.summary ? `inventory: ${Object.entries(scan.summary.resources).map(([k, n]) => `${n} ${k}`).join(', ')}; ${scan.summary.edges} edges; ${scan.summary.gaps} gaps` : '',
              `coverage gaps: ${failures.length}`,
              ...failures.slice(0, 20).map((f) => `  ${f.service} ${f.operation} ${f.resourceId ?? ''}: ${f.errorCode}`),
              `findings: ${findings.length}`,
              ...findings.map((f) => findingLine(f, color) + (f.suppressed ? `  [suppressed: ${f.suppressed.reason}]` : '') + (f.firstSeen ? `  first seen ${f.firstSeen}` : '')),
            ]
              .filter(Boolean)
              .join('\n') + '\n',
          );
        } finally {
          store.close();
        }
      });
  },
};

export const diffCommand: CliCommand = {
  register(program: Command, ctx: CommandContext) {
    program
      .command('diff [old] [new]')
      .description('new, fixed, unchanged and changed findings and attack paths between two scans (default: the last two scans of the same targets)')
      .option('--history <file>', 'history database')
      .option('--config <file>', 'config file (default: aispm.config.yaml)')
      .option('--format <format>', 'table or json', 'table')
      .action(async (oldId: string | undefined, newId: string | undefined, opts: { history?: string; config?: string; format: string }) => {
        const store = await openHistory(opts, ctx.io);
        try {
          let cur: ScanRecord;
          let old: ScanRecord;
          if (oldId && newId) {
            old = resolveScan(store, oldId);
            cur = resolveScan(store, newId);
          } else {
            cur = newId ? resolveScan(store, newId) : oldId ? resolveScan(store, oldId) : store.latestCompleteAny(1)[0];
            if (!cur) throw new InputError('no complete scan in the history yet');
            const prev = store.latestComplete(cur.targetsKey, 50).filter((s) => s.id !== cur.id && (s.finishedAt ?? '') <= (cur.finishedAt ?? ''));
            if (!prev[0]) throw new InputError(`scan ${cur.id.slice(0, 8)} has no earlier complete scan of the same targets (${targetsText(cur)}) to compare with`);
            old = prev[0];
          }
          for (const s of [old, cur]) if (s.status !== 'complete') throw new InputError(`scan ${s.id.slice(0, 8)} is ${s.status}, not complete: it cannot be compared`);
          const d = diffFindings(store.findings(old.id), store.findings(cur.id));
          if (opts.format === 'json') {
            const brief = (f: Finding) => ({ ruleId: f.ruleId, type: f.type, severity: f.severity, status: f.status, resource: f.resource.id, fingerprint: f.fingerprint, hops: f.hops });
            const json = {
              from: old.id,
              to: cur.id,
              new: d.new.map(brief),
              fixed: d.fixed.map(brief),
              unchanged: d.unchanged.map(brief),
              changed: d.changed.map((c) => ({ before: brief(c.before), after: brief(c.after) })),
            };
            ctx.io.stdout.write(JSON.stringify(json, null, 2) + '\n');
          } else ctx.io.stdout.write(renderDiff(d, old, cur, useColor(ctx.io)));
        } finally {
          store.close();
        }
      });
  },
};
