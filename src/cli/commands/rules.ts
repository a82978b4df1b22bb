import { resolve } from 'node:path';
import { InputError } from '../../model/errors.js';
import { BUILTIN_RULES_DIR, formatRuleIssue, loadRuleDirs, type LoadedRule } from '../../rules/load.js';
import { runExamples } from '../../rules/run-examples.js';
import { didYouMean } from '../../rules/suggest.js';
import { loadRulesForFlags } from '../scan-output.js';
import { EXIT } from '../io.js';
import type { CliCommand } from './types.js';

function ruleDirOptions<T extends { option: (...a: any[]) => T }>(cmd: T): T {
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  return cmd
    .option('--rules <dir>', 'add the rules in this directory to the built-in rules (repeatable)', collect)
    .option('--only-rules <dir>', 'use only the rules in this directory, not the built-in ones (repeatable)', collect);
}

interface RuleDirFlags {
  rules?: string[];
  onlyRules?: string[];
}

const ruleDirs = (opts: RuleDirFlags) => ({ rules: opts.rules ?? [], onlyRules: opts.onlyRules ?? [] });

export const rulesCommand: CliCommand = {
  register(program, ctx) {
    const rules = program
      .command('rules')
      .description('list, show and lint rules (built-in and your own)')
      .addHelpText('after', '\nExamples:\n  aispm rules list --format json\n  aispm rules show AWS-S3-001\n  aispm rules lint my-rules/\n\nWriting rules: docs/rules.md');
    const { io } = ctx;

    ruleDirOptions(rules.command('list').description('list the rules: id, severity, resource kind or category, title').option('--format <format>', 'table or json', 'table')).action((opts: { format: string } & RuleDirFlags) => {
      if (!['table', 'json'].includes(opts.format)) throw new InputError(`rules list --format: expected table or json, found "${opts.format}"`);
      const loaded = loadRulesForFlags(ruleDirs(opts), io);
      if (opts.format === 'json') {
        io.stdout.write(JSON.stringify(loaded.map((r) => ({ id: r.id, title: r.def.title, severity: r.def.severity, resource: r.def.resource, source: r.source, frameworks: r.def.frameworks, tags: r.def.tags })), null, 2) + '\n');
        return;
      }
      const width = Math.max(...loaded.map((r) => r.id.length), 2);
      const resWidth = Math.max(...loaded.map((r) => r.def.resource.length), 8);
      io.stdout.write(`${'ID'.padEnd(width)}  ${'SEVERITY'.padEnd(8)}  ${'RESOURCE'.padEnd(resWidth)}  TITLE\n`);
      for (const r of loaded) io.stdout.write(`${r.id.padEnd(width)}  ${r.def.severity.padEnd(8)}  ${r.def.resource.padEnd(resWidth)}  ${r.def.title}\n`);
      io.stderr.write(`aispm: ${loaded.length} rules\n`);
    });

    ruleDirOptions(rules.command('show').description('show one rule: condition, risk, remediation, frameworks, references').argument('<id>', 'rule id, e.g. AWS-S3-001')).action((id: string, opts: RuleDirFlags) => {
      const loaded = loadRulesForFlags(ruleDirs(opts), io);
      const rule = loaded.find((r) => r.id === id) ?? loaded.find((r) => r.id.toLowerCase() === id.toLowerCase());
      if (!rule) throw new InputError(`rules show: no rule with id "${id}"${didYouMean(id, loaded.map((r) => r.id))}; run "aispm rules list" to see them`);
      io.stdout.write(showRule(rule));
    });

    rules
      .command('lint')
      .description('check rule files (schema, fields, CEL) and run their examples; without DIR, the built-in rules')
      .argument('[dir...]', 'rule directories (searched recursively for *.yaml)')
      .action((dirs: string[]) => {
        const targets = dirs.length ? dirs.map((d) => resolve(io.cwd, d)) : [BUILTIN_RULES_DIR];
        const loaded = loadRuleDirs(targets, io.cwd);
        const problems = loaded.errors.map(formatRuleIssue);
        for (const rule of loaded.rules) {
          for (const r of runExamples(rule)) {
            if (r.actual !== r.expected) problems.push(`${rule.source}: ${rule.id}: ${r.expected} example #${r.index + 1} is ${r.actual}${r.detail ? ` (${r.detail})` : ''}`);
          }
        }
        for (const w of loaded.warnings) io.stderr.write(`warning: ${formatRuleIssue(w)}\n`);
        for (const p of problems) io.stderr.write(`error: ${p}\n`);
        const examples = loaded.rules.reduce((n, r) => n + r.def.examples.fail.length + r.def.examples.pass.length + r.def.examples.unknown.length, 0);
        io.stdout.write(`${loaded.rules.length} rules, ${examples} examples: ${problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : 'ok'}\n`);
        ctx.exitCode = problems.length ? EXIT.usage : EXIT.ok;
      });
  },
};

export function showRule(rule: LoadedRule): string {
  const d = rule.def;
  const fw = [...d.frameworks.mitreAtlas, ...d.frameworks.owaspMl, ...d.frameworks.owaspLlm];
  return [
    `${d.id}  ${d.title}`,
    `severity:     ${d.severity}`,
    `resource:     ${d.resource}`,
    `condition:    ${d.condition.trim().split('\n').join('\n              ')}`,
    `risk:         ${d.description}`,
    `remediation:  ${d.remediation}`,
    ...(fw.length ? [`frameworks:   ${fw.join(', ')}`] : []),
    ...(d.tags.length ? [`tags:         ${d.tags.join(', ')}`] : []),
    ...d.references.map((r, i) => `${i === 0 ? 'references:   ' : '              '}${r}`),
    `examples:     ${d.examples.fail.length} fail, ${d.examples.pass.length} pass, ${d.examples.unknown.length} unknown`,
    `file:         ${rule.source}`,
    '',
  ].join('\n');
}
