import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRuleSet, type LoadedRule } from '../../src/rules/load.js';
import { compileCondition, toCelValue } from '../../src/rules/cel.js';
import { CEL_FALLBACK, compileClosure } from '../../src/rules/cel-closure.js';
import { evaluateRuleOn } from '../../src/rules/evaluate.js';
import { buildExample } from '../../src/rules/examples.js';
import type { Category, Kind } from '../../src/model/kinds.js';
import type { Resource } from '../../src/model/index.js';

/**
 * The closure must give exactly cel-js's answer wherever it gives one: every built-in rule, and random conditions,
 * run both ways on generated resources (absent fields, nulls, wrong types, undefined members, gaps).
 */

type Answer = { value: unknown } | { error: true } | 'fallback';

function celJsAnswer(evaluate: (a: Record<string, unknown>) => unknown, resource: unknown): Answer {
  try {
    return { value: evaluate({ resource: toCelValue(resource) }) };
  } catch {
    return { error: true };
  }
}

function closureAnswer(closure: (r: unknown) => boolean, resource: unknown): Answer {
  try {
    return { value: closure(resource) };
  } catch (e) {
    if (e === CEL_FALLBACK) return 'fallback';
    throw e;
  }
}

/** The closure either falls back or agrees with cel-js, which then must not have raised an error. */
function expectAgreement(closure: (r: unknown) => boolean, evaluate: (a: Record<string, unknown>) => unknown, resource: unknown, what: string) {
  const fast = closureAnswer(closure, resource);
  if (fast === 'fallback') return false;
  expect(celJsAnswer(evaluate, resource), `${what} on ${JSON.stringify(resource)}`).toEqual(fast);
  return true;
}

const STRINGS = [
  '',
  'x',
  'enforced',
  'BucketOwnerEnforced',
  '2',
  'PublicInternetOnly',
  'roles/owner',
  'roles/iam.serviceAccountUser',
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'principal:service:sagemaker.amazonaws.com',
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1',
  'docker.io/library/python',
  'us-docker.pkg.dev/p/r/i',
  'gcr.io/p/i',
  'x-compute@developer.gserviceaccount.com',
  '😀',
];
const FIELD_NAMES = ['enabled', 'status', 'subnets', 'image', 'arn', 'principal', 'a', 'b', 'constructor'];

const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...STRINGS),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(1.5, -0, 2 ** 60, 0.1),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('tree'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie('tree'), { maxKeys: 3 })),
}));
const ABSENT = Symbol('absent');
const fieldValue = fc.oneof(leaf, tree, fc.constant(ABSENT), fc.constant(undefined));

function setAt(target: Record<string, unknown>, keys: string[], value: unknown): void {
  const [head, ...rest] = keys;
  if (rest.length === 0) {
    if (value === ABSENT) delete target[head];
    else target[head] = value;
    return;
  }
  let next = target[head];
  if (Array.isArray(next)) {
    for (const element of next) if (element !== null && typeof element === 'object' && !Array.isArray(element)) setAt(element as Record<string, unknown>, rest, value);
    return;
  }
  if (next === null || typeof next !== 'object') target[head] = next = {};
  setAt(next as Record<string, unknown>, rest, value);
}

const rules = loadRuleSet().rules;
const withoutClosure = (rule: LoadedRule): LoadedRule => ({ ...rule, condition: { ...rule.condition, closure: undefined } });
/** Outcomes as JSON: findings are output as JSON, where -0 and 0 are one value (the shared evidence lists of a rule do not tell them apart either). */
const sameOutcome = (rule: LoadedRule, resource: Resource) =>
  expect(JSON.stringify(evaluateRuleOn(rule, resource)), rule.id).toBe(JSON.stringify(evaluateRuleOn(withoutClosure(rule), resource)));

function examplesOf(rule: LoadedRule): Resource[] {
  const out: Resource[] = [];
  for (const outcome of ['fail', 'pass', 'unknown'] as const) {
    for (const example of rule.def.examples[outcome]) {
      const built = buildExample(rule.def.resource as Kind | Category, example);
      if (built.ok) out.push(built.resource);
    }
  }
  return out;
}

describe('condition closures', () => {
  it('every built-in rule compiles to a closure', () => {
    expect(rules.filter((r) => !r.condition.closure).map((r) => r.id)).toEqual([]);
  });

  it('give the same outcome as cel-js on every rule example', () => {
    for (const rule of rules) {
      for (const resource of examplesOf(rule)) sameOutcome(rule, resource);
    }
  });

  it('agree with cel-js on every built-in rule over generated values of the fields it reads, with and without gaps', () => {
    let decided = 0;
    for (const rule of rules) {
      const bases = examplesOf(rule);
      const paths = [...new Set(rule.reads.map((r) => r.path))];
      const closure = rule.condition.closure!;
      fc.assert(
        fc.property(
          fc.constantFrom(...bases),
          fc.array(fc.tuple(fc.constantFrom(...paths), fieldValue), { maxLength: 4 }),
          fc.option(fc.constantFrom(...paths), { freq: 4 }),
          (base, assignments, gapPath) => {
            const resource = structuredClone(base) as unknown as Record<string, unknown>;
            for (const [path, value] of assignments) setAt(resource, path.split('.'), value);
            if (gapPath !== null) resource.gaps = [{ path: gapPath, reason: 'not collected' }];
            else if (expectAgreement(closure, rule.condition.evaluate, resource, rule.id)) decided++;
            sameOutcome(rule, resource as unknown as Resource);
          },
        ),
        { numRuns: 150, seed: 8 },
      );
    }
    // most generated resources are decided by the closure, not handed back to cel-js
    expect(decided).toBeGreaterThan(rules.length * 15);
  });

  it('agree with cel-js on members Object.prototype has (the generated code reads other members without an own-member test)', () => {
    const conditions = ['has(resource.__proto__)', 'has(resource.a.__proto__)', 'resource.__proto__ == null', 'has(resource.a.toString)', 'resource.a.constructor == 1', "resource.constructor == 'x'", 'resource.a.enabled == true', 'has(resource.a.enabled)'];
    const resources = [{}, { a: {} }, { a: { enabled: true } }, { a: { enabled: undefined } }, JSON.parse('{"__proto__": 1, "a": {"__proto__": {"x": 1}, "toString": 1, "constructor": 1}}'), { constructor: 'x' }];
    let decided = 0;
    for (const expression of conditions) {
      const compiled = compileCondition(expression);
      expect(compiled.closure, expression).toBeDefined();
      for (const r of resources) if (expectAgreement(compiled.closure!, compiled.evaluate, r, expression)) decided++;
    }
    expect(decided).toBeGreaterThan(3);
  });

  it('agree with cel-js on members a map only inherits (its constructor still Object, or none)', () => {
    const conditions = ['resource.a.enabled == true', 'has(resource.a.enabled)', 'resource.a.b.enabled == true', 'has(resource.a.b.enabled)', 'resource.a == 1', 'has(resource.a)'];
    const inherits = (members: Record<string, unknown>, own: Record<string, unknown> = {}) => Object.assign(Object.create(members), own);
    const withoutConstructor = Object.assign(Object.create(Object.create(null, { enabled: { value: true, enumerable: true } })), { b: 1 });
    const resources = [
      { a: inherits({ enabled: true }) },
      { a: inherits({ enabled: true }, { b: inherits({ enabled: true }) }) },
      { a: withoutConstructor },
      inherits({ a: 1 }),
      Object.assign(Object.create(Object.create(null, { a: { value: 1, enumerable: true } })), { b: 1 }),
    ];
    for (const expression of conditions) {
      const compiled = compileCondition(expression);
      expect(compiled.closure, expression).toBeDefined();
      for (const r of resources) expectAgreement(compiled.closure!, compiled.evaluate, r, expression);
    }
  });

  describe('random conditions', () => {
    const field = fc.constantFrom('resource.a', 'resource.b', 'resource.l', 'resource.m', 'resource.a.enabled', 'resource.m.a', 'resource.m.b', 'resource.l[0]', "resource.m['a']");
    const literal = fc.constantFrom('1', '0', '2', '1.5', '1.0', "'x'", "''", "'2'", 'true', 'false', 'null', '[]', "['x', 'y']", '[1, 2]', '-1');
    const { cond } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        field,
        literal,
        fc.constant('e'),
        fc.constant('e.a'),
        tie('cond'),
        tie('cond').chain((c) => fc.tuple(tie('value'), tie('value')).map(([x, y]) => `(${c} ? ${x} : ${y})`)),
        tie('value').map((v) => `size(${v})`),
        tie('value').map((v) => `${v}.lowerAscii()`),
        fc.tuple(field, tie('cond')).map(([l, p]) => `${l}.filter(e, ${p})`),
        fc.tuple(field, tie('value')).map(([l, t]) => `${l}.map(e, ${t})`),
        fc.tuple(field, tie('cond'), tie('value')).map(([l, p, t]) => `${l}.map(e, ${p}, ${t})`),
      ),
      cond: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        field,
        fc.constantFrom('true', 'false', 'has(resource.a)', 'has(resource.a.enabled)', 'has(resource.m.a)', 'has(e.a)'),
        fc.tuple(tie('value'), fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'in'), tie('value')).map(([l, op, r]) => `${l} ${op} ${r}`),
        tie('cond').map((c) => `!(${c})`),
        fc.tuple(tie('cond'), fc.constantFrom('&&', '||'), tie('cond')).map(([l, op, r]) => `(${l} ${op} ${r})`),
        fc.tuple(field, fc.constantFrom('exists', 'all', 'exists_one'), tie('cond')).map(([l, m, p]) => `${l}.${m}(e, ${p})`),
        fc.tuple(tie('value'), fc.constantFrom('startsWith', 'endsWith', 'contains', 'matches')).map(([v, f]) => `${v}.${f}('x')`),
      ),
    }));
    const resource = fc.record({ a: fieldValue, b: fieldValue, l: fc.oneof(fieldValue, fc.array(tree, { maxLength: 3 })), m: fc.oneof(fieldValue, fc.dictionary(fc.constantFrom('a', 'b'), tree)) }).map((r) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) if (v !== ABSENT) out[k] = v;
      return out;
    });

    it('agree with cel-js wherever the closure decides', () => {
      let decided = 0;
      fc.assert(
        fc.property(cond, fc.array(resource, { minLength: 1, maxLength: 5 }), (expression, resources) => {
          let compiled;
          try {
            compiled = compileCondition(expression);
          } catch {
            return; // not valid CEL (e.g. an iteration variable outside a macro is fine; a syntax slip of the generator is not our concern)
          }
          if (!compiled.closure) return;
          for (const r of resources) if (expectAgreement(compiled.closure, compiled.evaluate, r, expression)) decided++;
        }),
        { numRuns: 5000, seed: 8 },
      );
      expect(decided).toBeGreaterThan(1000);
    });
  });

  it('leave conditions outside the subset to cel-js', () => {
    for (const expression of ['resource.a + 1 > 2', '-resource.a == 1', 'resource.a.trimmed() == 1', "{'a': 1}.a == 1", 'int(resource.a) == 1', "b'x' == resource.a", 'unknownVar == 1']) {
      const { ast } = compileCondition(expression);
      expect(compileClosure(ast), expression).toBeUndefined();
    }
    // a condition that fails cel-js's type check errors on every resource: cel-js reports it
    expect(compileCondition("'a' && true").closure).toBeUndefined();
  });
});
