// npm run bench:paths -- --nodes 1000000 [--seed 1]
// Builds a synthetic estate of about N graph nodes, then times the scan's graph stage (src/graph/scan-stage.ts) step
// by step: resource copies, graph build, `related` on the copies, and the shipped path rules; reports wall and CPU time and
// peak RSS. Target (issue 8): path search over 10^6 nodes in at most 10 s.
import { resolve } from 'node:path';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildGraph, copyWithRelated, relatedOfNodes, searchPaths, loadPathRules } from '../src/graph/index.js';
import { syntheticEstate } from './synthetic-graph.js';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`);
  if (k < 0) return fallback;
  const v = Number(process.argv[k + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} needs a positive number, got ${process.argv[k + 1]}`);
    process.exit(2);
  }
  return v;
}

const nodes = arg('nodes', 1_000_000);
const seed = arg('seed', 1);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const cpu: Record<string, number> = {};
const windows: Record<string, [number, number]> = {};
// wall time is what the target is about; CPU time (user + system, all threads) shows the cost when the machine is
// shared; GC pauses (main thread) show how much of it the garbage collector took
const time = <T>(f: () => T, label = ''): [T, number] => {
  const t = performance.now();
  const c = process.cpuUsage();
  const v = f();
  const used = process.cpuUsage(c);
  cpu[label] = (used.user + used.system) / 1e6;
  windows[label] = [t, performance.now()];
  return [v, (performance.now() - t) / 1000];
};
const gcEntries: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ['gc'] });
const gcIn = (label: string) => {
  const [from, to] = windows[label];
  return gcEntries.filter((g) => g.startTime >= from && g.startTime < to).reduce((sum, g) => sum + g.duration, 0) / 1000;
};
const cpuOf = (label: string) => `(cpu ${cpu[label].toFixed(2)} s, gc ${gcIn(label).toFixed(2)} s)`;

// a yardstick for how busy the machine is: compare it between runs (a shared, loaded machine makes it larger)
const [, calibrationS] = time(() => {
  const m = new Map<string, number>();
  for (let i = 0; i < 1_000_000; i++) m.set(`arn:aws:sagemaker:us-east-1:111111111111:model/m${i}`, i);
}, 'calibration');
const rules = await loadPathRules(resolve(import.meta.dirname, '../rules/paths'));
const [estate, genS] = time(() => syntheticEstate(nodes, seed));
// collect the generator's garbage now, so the graph stage is not charged for it
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();
const rssBeforeKb = process.resourceUsage().maxRSS;
// the steps of runGraphStage (src/graph/scan-stage.ts), timed one by one
const [graph, buildS] = time(() => buildGraph(estate.inventory), 'build');
const [related, relatedS] = time(() => relatedOfNodes(graph), 'related');
const [, copyS] = time(() => copyWithRelated(estate.inventory, graph, related), 'copy');
const [result, searchS] = time(() => searchPaths(graph, rules), 'search');

await new Promise((r) => setTimeout(r, 10)); // let the GC observer deliver its entries
gcObserver.disconnect();
const found = new Set(result.findings.filter((f) => f.ruleId === 'PATH-001').map((f) => [f.hops![0].from, ...f.hops!.map((h) => h.to)].join('>')));
const missed = estate.plantedPoisoning.filter((r) => !found.has(r.join('>'))).length;
const total = copyS + buildS + relatedS + searchS;
const rssKb = process.resourceUsage().maxRSS;

console.log(`aispm path search benchmark (node ${process.version}, seed ${seed})`);
console.log(`graph: ${graph.nodeCount.toLocaleString()} nodes, ${graph.edges.length.toLocaleString()} edges (generated in ${genS.toFixed(2)} s)`);
console.log(`build graph       ${buildS.toFixed(2)} s ${cpuOf('build')}`);
console.log(`related lineage   ${relatedS.toFixed(2)} s ${cpuOf('related')}`);
console.log(`copy resources    ${copyS.toFixed(2)} s ${cpuOf('copy')}`);
console.log(`path rules (${rules.length})    ${searchS.toFixed(2)} s ${cpuOf('search')}`);
for (const s of result.stats) console.log(`  ${s.ruleId}: ${s.sources} sources, ${s.targets.toLocaleString()} targets, ${s.paths} paths${s.merged ? ` (${s.merged} merged into another rule's finding for the same route)` : ''}${s.truncated ? ' (truncated)' : ''}`);
const totalCpu = cpu.copy + cpu.build + cpu.related + cpu.search;
const totalGc = gcIn('copy') + gcIn('build') + gcIn('related') + gcIn('search');
console.log(`total             ${total.toFixed(2)} s (cpu ${totalCpu.toFixed(2)} s, gc ${totalGc.toFixed(2)} s)   target <= 10 s: ${total <= 10 ? 'met' : 'MISSED'}`);
console.log(`calibration       ${calibrationS.toFixed(2)} s ${cpuOf('calibration')} for 10^6 Map.set (compare between runs: higher means a busier machine)`);
console.log(`peak RSS          ${mb(rssKb * 1024)} (${mb(rssBeforeKb * 1024)} with the generated inventory before the graph stage)`);
console.log(`planted poisoning routes found: ${estate.plantedPoisoning.length - missed}/${estate.plantedPoisoning.length}`);
if (missed) process.exitCode = 1;
