// Resource-rule evaluation throughput (npm run bench:rules [copies]): the built-in rules over the demo inventory's
// resources copied N times (default 5,000 copies, about 90,000 resources). The pipeline stages before the resource
// rules (access analysis, graph) run first, untimed, so rules see the fields they compute.
import { readFileSync } from 'node:fs';
import { parseInventory } from '../src/model/inventory-file.js';
import type { Resource } from '../src/model/resource.js';
import { loadRuleSet } from '../src/rules/load.js';
import { evaluateRules } from '../src/rules/evaluate.js';
import { SCAN_STAGES, type ScanState } from '../src/scan.js';
import { noTrust } from '../src/model/trust.js';

const copies = Number(process.argv[2] ?? 5000);
const demo = parseInventory(readFileSync(new URL('../mocks/examples/demo-inventory.json', import.meta.url), 'utf8'));
const resources: Resource[] = [];
// copies get a name prefix, so a role policy on acme-ml-* in one copy does not reach the buckets of every other copy
for (let i = 0; i < copies; i++) {
  for (const r of demo.resources) {
    const name = `c${i}-${r.name}`;
    const id = r.kind === 'aws.s3.bucket' ? `arn:aws:s3:::${name}` : `${r.id}-c${i}`;
    resources.push({ ...r, id, name, ...(r.kind === 'aws.s3.bucket' ? { arn: id } : {}) } as Resource);
  }
}

const loadStart = performance.now();
const { rules, errors } = loadRuleSet();
if (errors.length) throw new Error(`rule errors: ${errors.length}`);
const loadMs = performance.now() - loadStart;

let state: ScanState = { inventory: { ...demo, resources }, findings: [], rules: [] };
for (const stage of SCAN_STAGES) {
  if (stage.name === "resource-rules") break;
  state = stage.run(state, { rules, trust: noTrust() });
}
const prepared = state.inventory.resources;

const heapBefore = process.memoryUsage().heapUsed;
const start = performance.now();
const { findings, rules: descriptors } = evaluateRules(rules, prepared);
const ms = performance.now() - start;
const evaluations = descriptors.reduce((n, d) => n + d.counts.pass + d.counts.fail + d.counts.unknown, 0);

console.log(`| rules | resources | rule evaluations | findings | load + compile | evaluate | evaluations/s | heap growth |`);
console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|`);
console.log(
  `| ${rules.length} | ${resources.length} | ${evaluations} | ${findings.length} | ${loadMs.toFixed(0)} ms | ${(ms / 1000).toFixed(2)} s | ${Math.round(evaluations / (ms / 1000)).toLocaleString('en')} | ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB |`,
);
