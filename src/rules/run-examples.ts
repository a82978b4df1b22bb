import type { Category, Kind } from '../model/kinds.js';
import type { LoadedRule } from './load.js';
import { buildExample } from './examples.js';
import { evaluateRuleOn, type RuleStatus } from './evaluate.js';

export interface ExampleResult {
  ruleId: string;
  expected: RuleStatus;
  index: number;
  actual: RuleStatus | 'invalid';
  detail: string;
}

/** Runs a rule's fail, pass and unknown examples; a rule whose examples disagree with it is broken. */
export function runExamples(rule: LoadedRule): ExampleResult[] {
  const out: ExampleResult[] = [];
  for (const expected of ['fail', 'pass', 'unknown'] as const) {
    rule.def.examples[expected].forEach((example, index) => {
      const built = buildExample(rule.def.resource as Kind | Category, example);
      if (!built.ok) {
        out.push({ ruleId: rule.id, expected, index, actual: 'invalid', detail: built.message });
        return;
      }
      const outcome = evaluateRuleOn(rule, built.resource);
      const detail = outcome.unknownFields.map((f) => `${f.path}: ${f.reason}`).join('; ');
      out.push({ ruleId: rule.id, expected, index, actual: outcome.status, detail });
    });
  }
  return out;
}
