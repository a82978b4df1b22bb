// npm run bench:eval -- [--resources 1000000] [--seed 1] [--heap 12288 (MiB, V8 old space per size; peak RSS is what the target is compared with)] [--json] [--keep] [--retained]
// Evaluates every built-in resource rule and path rule (the whole analysis: access, graph, paths, rules) over
// synthetic inventories of N/100, N/10 and N resources. Each size runs in a fresh Node process: it streams the
// generated inventory to a file, streams it back (zod-validating each resource), then runs analyzeInventory.
// Reports time, throughput, peak RSS per size and the growth factor between sizes. Target (issue 8): 10^6 resources
// in <= 10 s and <= 2 GB peak RSS, growing linearly. Then it reads every finding's message and fingerprint once (made
// on first read, src/rules/resource-finding.ts; every output reads them) and reports that time and the peak RSS after.
// --retained runs a full garbage collection after the read and after each stage and reports the heap each stage keeps
// (the evaluation time then includes those collections).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadRuleSet, type LoadedRule } from '../src/rules/load.js';
import { analyzeInventory, type StageTiming } from '../src/scan.js';
import { CLI_V8_FLAGS } from '../bin/relaunch.mjs';
import type { Resource } from '../src/model/resource.js';
import type { Finding } from '../src/model/finding.js';
import { readInventoryStream } from '../src/model/stream/read-inventory.js';
import { writeInventoryStream } from '../src/model/stream/write-inventory.js';
import { builtinPathRules } from '../src/graph/index.js';
import { syntheticInventoryParts } from './synthetic-inventory.js';
import { benchArgs, positive } from './lib/args.js';
import { peakRssMiB, runTsChild } from './lib/child.js';
import { machineLine } from './lib/machine.js';
import { GcRecorder, type GcDuring } from './lib/gc-during.js';

export interface EvalSizeResult {
  resources: number;
  edges: number;
  fileMiB: number;
  writeS: number;
  readS: number;
  evalS: number;
  /** CPU time (user + system) of the evaluation: the machine may be shared, so wall time alone can mislead */
  evalCpuS: number;
  /**
   * wall and CPU seconds to read every finding's message and fingerprint once after the evaluation: resource findings
   * make both on first read (src/rules/resource-finding.ts), so this is the cost the evaluation leaves to the outputs
   */
  materializeS: number;
  materializeCpuS: number;
  resourcesPerS: number;
  rules: number;
  pathRules: number;
  findings: number;
  pathFindings: number;
  /** wall and CPU seconds per pipeline stage (access, graph, resource-rules) */
  stages: { stage: string; wallS: number; cpuS: number; retainedMiB?: number }[];
  /** with --retained: heap in use after a full collection once the inventory is read */
  heapAfterReadMiB?: number;
  /** V8's collections during the evaluation: scavenges, and each full collection's pause and stage */
  gc: GcDuring;
  /** resource-rule evaluations (resource x rule of its kind) */
  ruleEvaluations: number;
  /** peak RSS of the process after reading the inventory, and at the end (after evaluation) */
  peakRssAfterReadMiB: number;
  /** at the end of the evaluation (what the target is compared with) */
  peakRssMiB: number;
  /** once every message and fingerprint has been read too */
  peakRssAfterMaterializeMiB: number;
}

export interface EvalReport {
  machine: string;
  sizes: EvalSizeResult[];
  /** sizes whose process failed (e.g. ran out of heap), with the reason */
  failed: { resources: number; error: string }[];
  /** evalS(size k+1) / evalS(size k), with the size ratio */
  growth: { from: number; to: number; sizeRatio: number; timeRatio: number; rssRatio: number }[];
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** One size, in this process (the child). */
export async function evalOneSize(resources: number, seed: number, dir: string, keep = false, retained = false): Promise<EvalSizeResult> {
  const gc = retained ? (globalThis as { gc?: () => void }).gc : undefined;
  if (retained && !gc) throw new Error('--retained needs node --expose-gc (benchEval passes it to each size)');
  const heapMiB = () => {
    gc!();
    return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  };
  const file = join(dir, `inventory-${resources}.json`);
  let t = performance.now();
  const written = await writeInventoryStream(file, syntheticInventoryParts(resources, seed));
  const writeS = seconds(t);
  t = performance.now();
  const inventory = await readInventoryStream(file);
  const readS = seconds(t);
  const peakRssAfterReadMiB = peakRssMiB();
  const heapAfterReadMiB = gc ? heapMiB() : undefined;
  let heapBefore = heapAfterReadMiB ?? 0;
  // progress on stderr, so a size that runs out of memory later still shows how far it got
  console.error(JSON.stringify({ resources, writeS: round(writeS), readS: round(readS), peakRssAfterReadMiB }));
  const fileMiB = statSync(file).size / 2 ** 20;
  if (!keep) rmSync(file);
  if (inventory.resources.length !== written.resources) throw new Error(`read ${inventory.resources.length} resources, wrote ${written.resources}`);

  const loaded = loadRuleSet();
  if (loaded.errors.length) throw new Error(`built-in rules failed to load: ${loaded.errors.map((e) => e.message).join('; ')}`);
  const pathRules = builtinPathRules();
  const gcs = new GcRecorder();
  gcs.start();
  t = performance.now();
  const cpu = process.cpuUsage();
  const stages: EvalSizeResult['stages'] = [];
  const onStage = (s: StageTiming) => {
    gcs.stage(s.stage);
    const stage: EvalSizeResult['stages'][number] = { stage: s.stage, wallS: round(s.wallMs / 1000), cpuS: round(s.cpuMs / 1000) };
    if (gc) {
      const heap = heapMiB();
      stage.retainedMiB = heap - heapBefore;
      heapBefore = heap;
    }
    stages.push(stage);
  };
  // as the CLI does: the inventory is read for this analysis only, so its resources are annotated instead of copied
  const result = analyzeInventory(inventory, { rules: loaded.rules, pathRules, now: () => new Date(0), onStage, annotateInPlace: true });
  const evalS = seconds(t);
  const cpuUsed = process.cpuUsage(cpu);
  const evalCpuS = round((cpuUsed.user + cpuUsed.system) / 1e6);
  const peakRssAfterEvalMiB = peakRssMiB();
  const collections = await gcs.finish();
  const materialized = materialize(result.findings);
  return {
    resources: inventory.resources.length,
    edges: inventory.edges.length,
    fileMiB: Math.round(fileMiB),
    writeS: round(writeS),
    readS: round(readS),
    evalS: round(evalS),
    evalCpuS,
    materializeS: materialized.wallS,
    materializeCpuS: materialized.cpuS,
    resourcesPerS: Math.round(inventory.resources.length / evalS),
    rules: loaded.rules.length,
    pathRules: pathRules.length,
    findings: result.findings.length,
    pathFindings: result.findings.filter((f) => f.type === 'path').length,
    stages,
    gc: collections,
    ruleEvaluations: countRuleEvaluations(loaded.rules, inventory.resources),
    peakRssAfterReadMiB,
    peakRssMiB: peakRssAfterEvalMiB,
    peakRssAfterMaterializeMiB: peakRssMiB(),
    ...(heapAfterReadMiB === undefined ? {} : { heapAfterReadMiB }),
  };
}

/** Reads each finding's message and fingerprint once, as every output does. */
function materialize(findings: readonly Finding[]): { wallS: number; cpuS: number } {
  const t = performance.now();
  const cpu = process.cpuUsage();
  let chars = 0;
  for (const f of findings) chars += f.message.length + f.fingerprint.length;
  const used = process.cpuUsage(cpu);
  if (chars < findings.length) throw new Error('a finding without a message or fingerprint');
  return { wallS: round(seconds(t)), cpuS: round((used.user + used.system) / 1e6) };
}

function countRuleEvaluations(rules: readonly LoadedRule[], resources: readonly Resource[]): number {
  const perKind = new Map<string, number>();
  for (const rule of rules) for (const kind of rule.kinds) perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
  let n = 0;
  for (const r of resources) n += perKind.get(r.kind) ?? 0;
  return n;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The sizes N/100, N/10, N (at least 1 resource each). */
export function evalSizes(max: number): number[] {
  return [...new Set([Math.max(1, Math.round(max / 100)), Math.max(1, Math.round(max / 10)), Math.round(max)])];
}

/** Every size in its own process, smallest first. */
export async function benchEval(max: number, seed = 1, options: { keep?: boolean; maxOldSpaceMiB?: number; retained?: boolean } = {}): Promise<EvalReport> {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-bench-eval-'));
  const sizes: EvalSizeResult[] = [];
  const failed: EvalReport['failed'] = [];
  const heap = options.maxOldSpaceMiB ?? 12288;
  try {
    for (const n of evalSizes(max)) {
      const args = ['--child', '--resources', String(n), '--seed', String(seed), '--dir', dir, ...(options.keep ? ['--keep'] : []), ...(options.retained ? ['--retained'] : [])];
      try {
        // Node runs as the CLI runs it (bin/relaunch.mjs), with a larger heap limit for sizes past the default
        const nodeArgs = [`--max-old-space-size=${heap}`, ...CLI_V8_FLAGS, ...(options.retained ? ['--expose-gc'] : [])];
        const { result } = await runTsChild<EvalSizeResult>(new URL(import.meta.url), args, { nodeArgs });
        sizes.push(result);
      } catch (e) {
        const message = (e as Error).message;
        const oom = /heap out of memory|Allocation failed/i.test(message);
        failed.push({ resources: n, error: oom ? `out of memory (V8 heap limit ${heap} MiB)` : message.split('\n').slice(0, 3).join(' ') });
        break;
      }
    }
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  const growth = sizes.slice(1).map((s, i) => ({
    from: sizes[i].resources,
    to: s.resources,
    sizeRatio: round(s.resources / sizes[i].resources),
    timeRatio: round(s.evalS / Math.max(sizes[i].evalS, 0.001)),
    rssRatio: round(s.peakRssMiB / sizes[i].peakRssMiB),
  }));
  return { machine: machineLine(), sizes, failed, growth };
}

export function printEvalReport(report: EvalReport): void {
  console.log(`bench:eval on ${report.machine}`);
  console.log('| resources | edges | file | write (stream) | read + validate (stream) | evaluate (access, graph, paths, rules) | evaluate CPU | then messages + fingerprints | throughput | findings (paths) | peak RSS after read | peak RSS | peak RSS with messages + fingerprints |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of report.sizes) {
    console.log(`| ${s.resources.toLocaleString('en')} | ${s.edges.toLocaleString('en')} | ${s.fileMiB} MiB | ${s.writeS} s | ${s.readS} s | **${s.evalS} s** | ${s.evalCpuS} s | ${s.materializeS} s (CPU ${s.materializeCpuS} s) | ${s.resourcesPerS.toLocaleString('en')}/s | ${s.findings.toLocaleString('en')} (${s.pathFindings.toLocaleString('en')}) | ${s.peakRssAfterReadMiB} MiB | ${s.peakRssMiB} MiB | ${s.peakRssAfterMaterializeMiB} MiB |`);
  }
  for (const s of report.sizes) {
    console.log(`stages at ${s.resources.toLocaleString('en')}: ${s.stages.map((t) => `${t.stage} ${t.wallS} s (CPU ${t.cpuS} s)`).join(', ')}; ${s.ruleEvaluations.toLocaleString('en')} rule evaluations`);
    console.log(`garbage collection at ${s.resources.toLocaleString('en')}: ${s.gc.scavenges} scavenges ${s.gc.scavengeS} s; ${fullCollections(s.gc)}`);
    if (s.heapAfterReadMiB !== undefined) {
      console.log(`heap kept at ${s.resources.toLocaleString('en')} (after a full GC): read ${s.heapAfterReadMiB} MiB, ${s.stages.map((t) => `${t.stage} ${t.retainedMiB! < 0 ? '' : '+'}${t.retainedMiB} MiB`).join(', ')}`);
    }
  }
  for (const f of report.failed) console.log(`| ${f.resources.toLocaleString('en')} | FAILED: ${f.error} |`);
  for (const g of report.growth) console.log(`growth ${g.from.toLocaleString('en')} -> ${g.to.toLocaleString('en')} (x${g.sizeRatio}): time x${g.timeRatio}, peak RSS x${g.rssRatio}`);
  const last = report.sizes.at(-1);
  if (last) console.log(`rules: ${last.rules} resource rules + ${last.pathRules} path rules`);
}

function fullCollections(gc: GcDuring): string {
  if (gc.full.length === 0) return 'no full collection';
  return `${gc.full.length} full collection${gc.full.length > 1 ? 's' : ''} (${gc.full.map((f) => `${f.pauseS} s pause in ${f.stage}`).join(', ')})`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = benchArgs({ heap: { type: 'string', default: '12288' }, resources: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' }, json: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, retained: { type: 'boolean', default: false }, child: { type: 'boolean', default: false }, dir: { type: 'string' } });
  const resources = positive('resources', args.resources);
  const seed = positive('seed', args.seed);
  if (args.child) {
    console.log(JSON.stringify(await evalOneSize(resources, seed, args.dir ?? tmpdir(), args.keep, args.retained)));
  } else {
    const report = await benchEval(resources, seed, { keep: args.keep, maxOldSpaceMiB: positive('heap', args.heap), retained: args.retained });
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else printEvalReport(report);
    if (report.failed.length) process.exitCode = 1;
  }
}
