// Compares @marcbachmann/cel-js with @bufbuild/cel for aispm's rule conditions (npm run bench:cel):
// compiled evaluations per second over plain resource objects, syntax error messages, and conformance on the
// cel-spec suites that rule conditions use. Prints a markdown report.
import { readFileSync } from 'node:fs';
import * as marc from '@marcbachmann/cel-js';
import * as buf from '@bufbuild/cel';
import { tests as conformance } from '@bufbuild/cel-spec/testdata/conformance.js';
import type { SerializedIncrementalTest, SerializedIncrementalTestSuite } from '@bufbuild/cel-spec/testdata/tests.js';
import { parseInventory } from '../src/model/inventory-file.js';
import { toCelValue } from '../src/rules/cel.js';

const inventory = parseInventory(readFileSync(new URL('../mocks/examples/demo-inventory.json', import.meta.url), 'utf8'));
const byKind = (kind: string) => inventory.resources.filter((r) => r.kind === kind).map(toCelValue);

/** Realistic conditions (taken from or shaped like the built-in rules) and the resources each runs over. */
const CONDITIONS: { name: string; expr: string; resources: unknown[] }[] = [
  { name: 'bool field', expr: '!resource.versioning.enabled', resources: byKind('aws.s3.bucket') },
  {
    name: 'null check + 4 flags',
    expr: 'resource.publicAccessBlock == null || !(resource.publicAccessBlock.blockPublicAcls && resource.publicAccessBlock.ignorePublicAcls && resource.publicAccessBlock.blockPublicPolicy && resource.publicAccessBlock.restrictPublicBuckets)',
    resources: byKind('aws.s3.bucket').filter((r: any) => r.publicAccessBlock !== undefined),
  },
  { name: 'has() + string', expr: '!has(resource.volumeKmsKeyId) || resource.volumeKmsKeyId == ""', resources: byKind('aws.sagemaker.training-job') },
  { name: 'exists + startsWith', expr: "resource.inputs.exists(i, i.s3Uri.startsWith('s3://acme-ml-training-data/'))", resources: byKind('aws.sagemaker.training-job') },
  { name: 'exists + matches (regex)', expr: "resource.containers.exists(c, has(c.image) && !c.image.matches('^[0-9]{12}\\\\.dkr\\\\.ecr\\\\.[a-z0-9-]+\\\\.amazonaws\\\\.com/'))", resources: byKind('aws.sagemaker.model') },
  { name: 'enum != + int compare', expr: "resource.publicAccessPrevention != 'enforced' && resource.softDeleteRetentionSeconds < 7 * 86400", resources: byKind('gcp.storage.bucket').filter((r: any) => r.softDeleteRetentionSeconds !== undefined) },
  { name: 'filter + size + in', expr: "size(resource.iamPolicy.bindings.filter(b, 'allUsers' in b.members || b.role == 'roles/storage.admin')) > 0", resources: byKind('gcp.storage.bucket') },
];

function opsPerSecond(fn: () => void, minMs = 400): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

function speed() {
  const env = buf.celEnv();
  const rows: string[] = ['| condition | cel-js eval/s | @bufbuild/cel eval/s | ratio |', '|---|---:|---:|---:|'];
  let marcTotal = 0;
  let bufTotal = 0;
  for (const c of CONDITIONS) {
    const m = marc.parse(c.expr);
    const b = buf.plan(env, buf.parse(c.expr));
    const ctxs = c.resources.map((resource) => ({ resource }));
    for (const ctx of ctxs) {
      const x = m(ctx);
      const y = b(ctx as any);
      if (x !== y) throw new Error(`${c.name}: libraries disagree: ${String(x)} vs ${String(y)}`);
    }
    let i = 0;
    const marcOps = opsPerSecond(() => m(ctxs[i++ % ctxs.length]));
    i = 0;
    const bufOps = opsPerSecond(() => b(ctxs[i++ % ctxs.length] as any));
    marcTotal += marcOps;
    bufTotal += bufOps;
    rows.push(`| ${c.name} | ${fmt(marcOps)} | ${fmt(bufOps)} | ${(marcOps / bufOps).toFixed(1)}x |`);
  }
  rows.push(`| **mean** | **${fmt(marcTotal / CONDITIONS.length)}** | **${fmt(bufTotal / CONDITIONS.length)}** | **${(marcTotal / bufTotal).toFixed(1)}x** |`);
  const compileMarc = opsPerSecond(() => marc.parse(CONDITIONS[4].expr), 200);
  const compileBuf = opsPerSecond(() => buf.plan(env, buf.parse(CONDITIONS[4].expr)), 200);
  rows.push('', `Compile (parse + plan) of the regex condition: cel-js ${fmt(compileMarc)}/s, @bufbuild/cel ${fmt(compileBuf)}/s.`);
  return rows.join('\n');
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${Math.round(n / 1000)} k`);

const BAD = ['resource.versioning.enabled && (', "resource.inputs.exists(i, i.s3Uri.startsWith('s3://')", 'resource.name == "unterminated', 'resource.versioning.enabled = false'];

function errors() {
  const out: string[] = [];
  for (const expr of BAD) {
    out.push(`expression: \`${expr}\``, '', '```');
    try {
      marc.parse(expr);
      out.push('cel-js: (no error)');
    } catch (e) {
      out.push(`cel-js:\n${(e as Error).message}`);
    }
    try {
      buf.parse(expr);
      out.push('@bufbuild/cel: (no error)');
    } catch (e) {
      out.push(`@bufbuild/cel:\n${(e as Error).message}`);
    }
    out.push('```', '');
  }
  return out.join('\n');
}

// ---- conformance ------------------------------------------------------------------------------------------------

const SUITES: Record<string, string[] | 'all'> = {
  string: ['size', 'starts_with', 'ends_with', 'matches', 'contains', 'concatenation'],
  macros: 'all',
  comparisons: ['eq_literal', 'ne_literal', 'lt_literal', 'gt_literal', 'lte_literal', 'gte_literal', 'in_list_literal', 'in_map_literal'],
  lists: 'all',
  fields: ['map_fields', 'map_has', 'in'],
  logic: 'all',
};

type Expected = { kind: 'value'; value: string } | { kind: 'error' };

/** A cel-spec Value (JSON form) as a canonical string, or undefined when it is not a scalar we compare. */
function canonicalExpected(v: any): string | undefined {
  if (v === undefined || v === null) return undefined;
  if ('boolValue' in v) return `bool:${v.boolValue}`;
  if ('int64Value' in v) return `int:${BigInt(v.int64Value)}`;
  if ('doubleValue' in v) return `double:${Number(v.doubleValue)}`;
  if ('stringValue' in v) return `string:${v.stringValue}`;
  if ('nullValue' in v) return 'null';
  return undefined;
}

function canonicalActual(v: unknown): string {
  if (typeof v === 'boolean') return `bool:${v}`;
  if (typeof v === 'bigint') return `int:${v}`;
  if (typeof v === 'number') return `double:${v}`;
  if (typeof v === 'string') return `string:${v}`;
  if (v === null) return 'null';
  return `other:${typeof v}`;
}

function collect(suite: SerializedIncrementalTestSuite, filter: string[] | 'all', top = true): SerializedIncrementalTest[] {
  const own = suite.tests ?? [];
  const children = (suite.suites ?? []).filter((s) => !top || filter === 'all' || filter.includes(s.name)).flatMap((s) => collect(s, 'all', false));
  return [...own, ...children];
}

function conformanceReport() {
  const rows = ['| suite | cases | cel-js pass | @bufbuild/cel pass |', '|---|---:|---:|---:|'];
  const marcFails: string[] = [];
  let total = 0;
  let marcPass = 0;
  let bufPass = 0;
  for (const suite of conformance.suites ?? []) {
    const filter = SUITES[suite.name];
    if (!filter) continue;
    let cases = 0;
    let m = 0;
    let b = 0;
    for (const t of collect(suite, filter)) {
      const o = t.original as any;
      if (o.bindings || o.typeEnv || o.container || o.disableMacros || o.checkOnly) continue;
      const expected: Expected | undefined = o.evalError ? { kind: 'error' } : canonicalExpected(o.value) ? { kind: 'value', value: canonicalExpected(o.value)! } : undefined;
      if (!expected) continue;
      cases++;
      const okMarc = check(expected, () => marc.evaluate(o.expr));
      const okBuf = check(expected, () => {
        const r = buf.run(o.expr);
        if (buf.isCelError(r)) throw new Error(String(r.message));
        return r;
      });
      if (okMarc) m++;
      else marcFails.push(`${suite.name}/${o.name}: \`${o.expr}\``);
      if (okBuf) b++;
    }
    total += cases;
    marcPass += m;
    bufPass += b;
    rows.push(`| ${suite.name} | ${cases} | ${m} | ${b} |`);
  }
  rows.push(`| **total** | **${total}** | **${marcPass} (${((100 * marcPass) / total).toFixed(1)}%)** | **${bufPass} (${((100 * bufPass) / total).toFixed(1)}%)** |`);
  return `${rows.join('\n')}\n\ncel-js failures (${marcFails.length}):\n\n${marcFails.map((f) => `- ${f}`).join('\n')}\n`;
}

function check(expected: Expected, fn: () => unknown): boolean {
  try {
    const v = fn();
    return expected.kind === 'value' && canonicalActual(v) === expected.value;
  } catch {
    return expected.kind === 'error';
  }
}

console.log(`# CEL library comparison (Node ${process.version})\n`);
console.log('## Compiled evaluation over demo-inventory resources\n');
console.log(speed());
console.log('\n## Syntax errors\n');
console.log(errors());
console.log('## Conformance (cel-spec suites rule conditions use; scalar results and expected errors)\n');
console.log(conformanceReport());
