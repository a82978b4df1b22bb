// Every built-in rule's examples are its tests: discovered from the rule files, no per-rule code.
import { describe, expect, it } from 'vitest';
import { formatRuleIssue, loadRuleSet } from '../../src/rules/load.js';
import { runExamples } from '../../src/rules/run-examples.js';

const loaded = loadRuleSet();

describe('built-in rules', () => {
  it('load without errors', () => {
    expect(loaded.errors.map(formatRuleIssue)).toEqual([]);
    expect(loaded.warnings.map(formatRuleIssue)).toEqual([]);
  });

  for (const rule of loaded.rules) {
    describe(rule.id, () => {
      for (const result of runExamples(rule)) {
        it(`${result.expected} example #${result.index + 1} is ${result.expected}`, () => {
          expect({ status: result.actual, detail: result.detail }).toMatchObject({ status: result.expected });
        });
      }
    });
  }
});
