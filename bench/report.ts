// npm run bench:report -- [--resources 100000] [--seed 1] [--inventory FILE] [--parse-limit-mib 256] [--json] [--keep]
// The whole CLI path, as a user runs it: writes the synthetic inventory of N resources (streamed, as bench:eval does;
// or takes --inventory FILE), then runs `bin/aispm.js scan --inventory FILE --format json,sarif,html,cyclonedx
// --output DIR` in a child process. Reports wall time, the child's CPU time and peak RSS (measured inside it by a
// preloaded exit hook, bench/lib/exit-usage.mjs), its exit code, and per output file its size and whether it parses:
// JSON.parse up to --parse-limit-mib, a streamed structural check above (a string cannot hold more than ~512 MiB).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeInventoryStream } from '../src/model/stream/write-inventory.js';
import { REPORTERS } from '../src/reporters/index.js';
import { syntheticInventoryParts } from './synthetic-inventory.js';
import { benchArgs, positive } from './lib/args.js';
import { checkJsonStructure } from './lib/json-structure.js';
import { machineLine } from './lib/machine.js';

const FORMATS = ['json', 'sarif', 'html', 'cyclonedx'] as const;
const BIN = fileURLToPath(new URL('../bin/aispm.js', import.meta.url));
const EXIT_USAGE = fileURLToPath(new URL('./lib/exit-usage.mjs', import.meta.url));

export interface OutputFile {
  format: (typeof FORMATS)[number];
  file: string;
  exists: boolean;
  mib: number;
  /** how it was checked: JSON.parse, the streamed structural check, or the HTML's closing tag */
  check: 'JSON.parse' | 'structure' | 'html end tag' | 'none';
  parses: boolean;
  problem?: string;
}

export interface ReportBench {
  machine: string;
  resources: number;
  inventoryMiB: number;
  command: string;
  exitCode: number | null;
  wallS: number;
  cpuS?: number;
  peakRssMiB?: number;
  /** the CLI's stderr (its summary line, warnings, or the error) */
  stderrTail: string;
  outputs: OutputFile[];
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function benchReport(resources: number, options: { seed?: number; inventory?: string; parseLimitMiB?: number; keep?: boolean } = {}): Promise<ReportBench> {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-bench-report-'));
  try {
    const inventory = options.inventory ?? join(dir, 'inventory.json');
    if (!options.inventory) await writeInventoryStream(inventory, syntheticInventoryParts(resources, options.seed ?? 1));
    const out = join(dir, 'out');
    const args = ['scan', '--inventory', inventory, '--format', FORMATS.join(','), '--output', out];
    const usageFile = join(dir, 'usage.json');
    const t0 = performance.now();
    const { code, stderr } = await runCli(args, usageFile);
    const wallS = round((performance.now() - t0) / 1000);
    const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, 'utf8')) as { peakRssMiB: number; cpuSeconds: number }) : undefined;
    const outputs: OutputFile[] = [];
    for (const format of FORMATS) outputs.push(await checkOutput(format, join(out, REPORTERS[format].fileName), (options.parseLimitMiB ?? 256) * 2 ** 20));
    return {
      machine: machineLine(),
      resources,
      inventoryMiB: round(statSync(inventory).size / 2 ** 20, 1),
      command: `aispm ${args.map((a) => (a === inventory ? 'INVENTORY' : a === out ? 'OUT' : a)).join(' ')}`,
      exitCode: code,
      wallS,
      cpuS: usage && round(usage.cpuSeconds),
      peakRssMiB: usage?.peakRssMiB,
      stderrTail: stderr.trim().split('\n').slice(-6).join('\n'),
      outputs,
    };
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

function runCli(args: string[], usageFile: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(EXIT_USAGE).href, BIN, ...args], {
      cwd: dirname(usageFile),
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', AISPM_BENCH_USAGE_FILE: usageFile },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function checkOutput(format: OutputFile['format'], file: string, parseLimitBytes: number): Promise<OutputFile> {
  if (!existsSync(file)) return { format, file, exists: false, mib: 0, check: 'none', parses: false };
  const bytes = statSync(file).size;
  const base = { format, file, exists: true, mib: round(bytes / 2 ** 20, 1) };
  if (format === 'html') {
    const text = bytes <= parseLimitBytes ? readFileSync(file, 'utf8') : '';
    return { ...base, check: 'html end tag', parses: /<\/html>\s*$/.test(text) };
  }
  if (bytes > parseLimitBytes) {
    const r = await checkJsonStructure(file);
    return { ...base, check: 'structure', parses: r.ok, problem: r.problem };
  }
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return { ...base, check: 'JSON.parse', parses: true };
  } catch (e) {
    return { ...base, check: 'JSON.parse', parses: false, problem: (e as Error).message };
  }
}

export function printReportBench(r: ReportBench): void {
  console.log(`bench:report on ${r.machine}`);
  console.log(`command: ${r.command}`);
  console.log('| resources | inventory | exit | wall | CPU | peak RSS | ' + FORMATS.join(' | ') + ' |');
  console.log('|---:|---:|---:|---:|---:|---:|' + FORMATS.map(() => '---').join('|') + '|');
  const cell = (o: OutputFile) => (o.exists ? `${o.mib} MiB, ${o.parses ? 'parses' : 'INVALID'} (${o.check})` : 'missing');
  console.log(`| ${r.resources.toLocaleString('en')} | ${r.inventoryMiB} MiB | ${r.exitCode} | ${r.wallS} s | ${r.cpuS ?? '?'} s | ${r.peakRssMiB ?? '?'} MiB | ${r.outputs.map(cell).join(' | ')} |`);
  for (const o of r.outputs) if (o.problem) console.log(`${o.format}: ${o.problem}`);
  console.log(r.stderrTail);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = benchArgs({ resources: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, inventory: { type: 'string' }, 'parse-limit-mib': { type: 'string', default: '256' }, json: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } });
  const report = await benchReport(positive('resources', args.resources), { seed: positive('seed', args.seed), inventory: args.inventory, parseLimitMiB: positive('parse-limit-mib', args['parse-limit-mib']), keep: args.keep });
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else printReportBench(report);
  if (report.exitCode !== 0 || report.outputs.some((o) => !o.parses)) process.exitCode = 1;
}
