// npm run bench -- [--json]
// Small versions of every benchmark (collection through the mock cloud for AWS and GCP, evaluation, path search,
// artifact scanning, the HTML report, the CLI's outputs end to end), each in its own process, printed as one table: metric, measured, target, met.
// The targets are issue 8's full-size targets, expressed per unit where the small run cannot reach the full size
// (10^6 resources in 10 s = 100,000 resources/s). Full-size commands and results: docs/benchmarks.md.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { benchCollect, type CollectReport } from './collect.js';
import { benchEval } from './eval.js';
import { benchArgs } from './lib/args.js';
import { machineLine } from './lib/machine.js';

export interface BenchRow {
  bench: string;
  metric: string;
  measured: string;
  target: string;
  met: boolean | null;
}

/** The sizes of the small run; tests pass tinier ones. */
export interface SmallSizes {
  awsBuckets: number;
  awsJobs: number;
  gcpBuckets: number;
  gcpJobs: number;
  latencyMs: number;
  evalResources: number;
  pathNodes: number;
  pickleMb: number;
  zipGb: number;
  htmlFindings: number;
  htmlResources: number;
  reportResources: number;
}

export const SMALL: SmallSizes = { awsBuckets: 150, awsJobs: 30, gcpBuckets: 300, gcpJobs: 60, latencyMs: 20, evalResources: 10_000, pathNodes: 50_000, pickleMb: 32, zipGb: 0.1, htmlFindings: 10_000, htmlResources: 5_000, reportResources: 10_000 };

function runScript(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    // a script whose target is missed exits 1 but still prints its numbers
    child.on('close', (code) => (code === 0 || code === 1 ? resolve(out) : reject(new Error(`${script} exited with ${code}: ${err.slice(-1500)}`))));
  });
}

const fmt = (n: number, d = 2) => (Math.round(n * 10 ** d) / 10 ** d).toLocaleString('en');

function collectRows(r: CollectReport): BenchRow[] {
  const o = r.options;
  const name = `collect ${o.provider} (${o.buckets} buckets, ${o.jobs} jobs, ${o.latencyMs} ms)`;
  const lost = r.lost.reduce((n, l) => n + Math.max(0, l.missing), 0);
  return [
    { bench: name, metric: `wall / rate-limit bound (${r.wallS} s / ${r.boundS} s, ${r.bound[0]?.scope ?? '-'})`, measured: fmt(r.ratio), target: '<= 1.25', met: r.ratio <= 1.25 },
    { bench: name, metric: 'resources lost / throttling failures', measured: `${lost} / ${r.throttlingFailures}`, target: '0 / 0', met: lost === 0 && r.throttlingFailures === 0 },
    { bench: name, metric: 'peak RSS (scanner process)', measured: `${r.peakRssMiB} MiB`, target: '(none)', met: null },
  ];
}

async function safely(bench: string, f: () => Promise<BenchRow[]>): Promise<BenchRow[]> {
  try {
    return await f();
  } catch (e) {
    return [{ bench, metric: 'run', measured: `failed: ${(e as Error).message.split('\n')[0].slice(0, 160)}`, target: 'runs', met: false }];
  }
}

export const BENCHES = ['collect aws', 'collect gcp', 'eval', 'paths', 'artifacts', 'html', 'report'] as const;

export async function benchAll(s: SmallSizes = SMALL, log: (line: string) => void = () => {}, only: readonly (typeof BENCHES)[number][] = BENCHES): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const step = async (bench: (typeof BENCHES)[number], f: () => Promise<BenchRow[]>) => {
    if (!only.includes(bench)) return;
    const t = performance.now();
    rows.push(...(await safely(bench, f)));
    log(`${bench}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await step('collect aws', async () => collectRows(await benchCollect({ provider: 'aws', buckets: s.awsBuckets, jobs: s.awsJobs, latencyMs: s.latencyMs, seed: 1 })));
  await step('collect gcp', async () => collectRows(await benchCollect({ provider: 'gcp', buckets: s.gcpBuckets, jobs: s.gcpJobs, latencyMs: s.latencyMs, seed: 1 })));
  await step('eval', async () => {
    const r = await benchEval(s.evalResources);
    if (r.failed.length) throw new Error(`eval at ${r.failed[0].resources} resources: ${r.failed[0].error}`);
    const last = r.sizes.at(-1)!;
    const g = r.growth.at(-1);
    const name = `eval (${r.sizes.map((x) => x.resources).join(', ')} resources, ${last.rules} rules + ${last.pathRules} path rules)`;
    return [
      { bench: name, metric: `throughput at ${last.resources} (${last.evalS} s)`, measured: `${last.resourcesPerS.toLocaleString('en')}/s`, target: '>= 100,000/s (10^6 in 10 s)', met: last.resourcesPerS >= 100_000 },
      { bench: name, metric: `growth of time, x${g?.sizeRatio ?? '-'} resources`, measured: g ? `x${g.timeRatio}` : '-', target: `<= x${g ? fmt(g.sizeRatio * 1.25, 1) : '-'} (linear)`, met: g ? g.timeRatio <= g.sizeRatio * 1.25 : null },
      { bench: name, metric: `peak RSS at ${last.resources}`, measured: `${last.peakRssMiB} MiB`, target: '<= 2048 MiB at 10^6 (only the full-size bench:eval can tell)', met: null },
    ];
  });
  await step('paths', async () => {
    const out = await runScript('./paths.ts', ['--nodes', String(s.pathNodes)]);
    const nodes = Number(/graph: ([\d,]+) nodes/.exec(out)?.[1]?.replace(/,/g, '') ?? NaN);
    const total = Number(/total\s+([\d.]+) s/.exec(out)?.[1] ?? NaN);
    const found = /planted poisoning routes found: (\d+)\/(\d+)/.exec(out);
    const perS = nodes / total;
    const name = `paths (${nodes.toLocaleString('en')} nodes)`;
    return [
      { bench: name, metric: `path search throughput (${total} s)`, measured: `${Math.round(perS).toLocaleString('en')} nodes/s`, target: '>= 100,000 nodes/s (10^6 in 10 s)', met: perS >= 100_000 },
      { bench: name, metric: 'planted poisoning routes found', measured: found ? `${found[1]}/${found[2]}` : '?', target: 'all', met: !!found && found[1] === found[2] },
    ];
  });
  await step('artifacts', async () => {
    const out = await runScript('./artifacts.ts', ['--pickle-mb', String(s.pickleMb), '--targz-mb', String(s.pickleMb), '--zip-gb', String(s.zipGb), '--json']);
    const r = JSON.parse(out) as { rows: Record<string, any>[] };
    return r.rows.map((row) => ({
      bench: 'artifacts',
      metric: String(row.bench),
      measured: row.fetchedPct !== undefined ? `${row.fetchedPct}% (${row.fetchedBytes} bytes)` : `${row['MB/s']} MB/s`,
      target: String(row.target),
      met: row.target === '(no target)' ? null : Boolean(row.ok),
    }));
  });
  await step('html', async () => {
    const { benchHtml } = await import('./html.js');
    const r = await benchHtml(s.htmlFindings, s.htmlResources, 1);
    const name = `html (${s.htmlFindings} findings, ${s.htmlResources} resources)`;
    return [
      { bench: name, metric: 'time to interactive (first click answered)', measured: `${r.interactiveMs} ms`, target: '< 3000 ms', met: r.interactiveMs < 3000 },
      { bench: name, metric: 'file size', measured: `${r.sizeMB.toFixed(1)} MB`, target: '< 30 MB', met: r.sizeMB < 30 },
    ];
  });
  await step('report', async () => {
    const { benchReport } = await import('./report.js');
    const r = await benchReport(s.reportResources);
    const name = `report (scan --inventory, ${s.reportResources.toLocaleString('en')} resources, json,sarif,html,cyclonedx)`;
    const files = r.outputs.map((o) => `${o.format} ${o.mib} MiB${o.parses ? '' : ' INVALID'}`).join(', ');
    return [
      { bench: name, metric: `exit code and outputs (wall ${r.wallS} s, CPU ${r.cpuS} s)`, measured: `exit ${r.exitCode}; ${files}`, target: 'exit 0, every file written and parsing', met: r.exitCode === 0 && r.outputs.every((o) => o.parses) },
      { bench: name, metric: 'peak RSS of the CLI', measured: `${r.peakRssMiB} MiB`, target: '(no target; 10^6: npm run bench:report -- --resources 1000000)', met: null },
    ];
  });
  return rows;
}

export function printRows(rows: BenchRow[]): void {
  console.log('| bench | metric | measured | target | met? |');
  console.log('|---|---|---:|---|---|');
  for (const r of rows) console.log(`| ${r.bench} | ${r.metric} | ${r.measured} | ${r.target} | ${r.met === null ? '-' : r.met ? 'yes' : '**NO**'} |`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const a = benchArgs({ json: { type: 'boolean', default: false } });
  const t = performance.now();
  console.log(`aispm benchmarks (small sizes) on ${machineLine()}`);
  const rows = await benchAll(SMALL, (line) => console.error(`  ${line}`));
  if (a.json) console.log(JSON.stringify(rows, null, 2));
  else printRows(rows);
  console.log(`total ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
