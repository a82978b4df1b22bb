import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Hardened Node deployments switch off code generation from strings; conditions must then run as closures alone.
describe('rule conditions with code generation from strings switched off', () => {
  it('load, compile and give the same outcomes', () => {
    const script = `
      const { loadRuleSet } = await import('./src/rules/load.ts');
      const { evaluateRules } = await import('./src/rules/evaluate.ts');
      const { demoInventory } = await import('./test/helpers/scan-fixture.ts');
      let blocked = false;
      try { new Function('return 1'); } catch (e) { blocked = e instanceof EvalError; }
      const loaded = loadRuleSet();
      const { findings } = evaluateRules(loaded.rules, demoInventory().resources);
      console.log(JSON.stringify({ blocked, errors: loaded.errors.length, closures: loaded.rules.filter((r) => r.condition.closure).length, rules: loaded.rules.length, findings: findings.map((f) => f.ruleId + ' ' + f.resource.id + ' ' + f.status).sort() }));
    `;
    const run = (flags: string[]) => {
      const out = spawnSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(out.stderr).not.toMatch(/Error/);
      return JSON.parse(out.stdout.trim().split('\n').at(-1)!);
    };
    const off = run(['--disallow-code-generation-from-strings']);
    const on = run([]);
    expect(off.blocked).toBe(true);
    expect(on.blocked).toBe(false);
    expect(off.errors).toBe(0);
    expect(off.closures).toBe(off.rules);
    expect(off.findings.length).toBeGreaterThan(0);
    expect(off.findings).toEqual(on.findings);
  }, 60_000);
});
