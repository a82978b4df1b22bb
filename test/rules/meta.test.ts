// Meta-tests over every built-in rule at once.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_RULES_DIR, loadRuleSet, ruleFilesIn } from '../../src/rules/load.js';
import { compileCondition } from '../../src/rules/cel.js';
import { isCategory, isKind } from '../../src/model/kinds.js';
import { ruleJsonSchemaText } from '../../src/rules/rule-schema.js';

const files = ruleFilesIn(BUILTIN_RULES_DIR);
const raw = files.map((f) => ({ file: f, rule: parse(readFileSync(f, 'utf8')) as Record<string, any> }));

describe('rule meta-tests', () => {
  it('there are at least 15 seed rules', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it('ids are unique', () => {
    const ids = raw.map((r) => r.rule.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(raw)('$file: the file name starts with the id, under rules/<provider>/<service>/', ({ file, rule }) => {
    expect(basename(file).startsWith(`${rule.id}-`)).toBe(true);
    const provider = String(rule.id).split('-')[0].toLowerCase();
    expect(file.startsWith(join(BUILTIN_RULES_DIR, provider))).toBe(true);
  });

  it.each(raw)('$file: references an existing kind or category', ({ rule }) => {
    expect(isKind(rule.resource) || isCategory(rule.resource)).toBe(true);
  });

  it.each(raw)('$file: condition compiles', ({ rule }) => {
    expect(() => compileCondition(rule.condition)).not.toThrow();
  });

  it.each(raw)('$file: has at least one fail, one pass and one unknown example', ({ rule }) => {
    expect(rule.examples.fail.length).toBeGreaterThan(0);
    expect(rule.examples.pass.length).toBeGreaterThan(0);
    expect(rule.examples.unknown.length).toBeGreaterThan(0);
  });

  it('every rule file loads', () => {
    expect(loadRuleSet().rules.length).toBe(files.length);
  });

  it('rules/rule.schema.json is up to date (run npm run gen:rule-schema)', () => {
    expect(readFileSync(join(BUILTIN_RULES_DIR, 'rule.schema.json'), 'utf8')).toBe(ruleJsonSchemaText());
  });
});
