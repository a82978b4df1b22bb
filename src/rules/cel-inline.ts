import type { CelNode } from './cel.js';

/**
 * The boolean skeleton of a condition (`!`, `&&`, `||`, `? :`, `==`, `!=`, literals and field paths from the
 * resource) generated as the source of one JavaScript function, so that each field read is a property load with its
 * own inline cache and no closure is called per operator. Every other subexpression (macros, has(), `in`, functions,
 * paths from an iteration variable) stays a closure of cel-closure.ts, called with the same env (the resource in
 * slot 0). The generated code does what those closures do for the same nodes, step for step: the same checks, in the
 * same order, throwing CEL_FALLBACK (through `fallback`) where they do.
 */
export interface InlineHelpers {
  /** cel-closure's closure for a subexpression the skeleton does not generate */
  compile: (node: CelNode) => (env: unknown[]) => unknown;
  /** a literal's value; throws (as the closure compiler does) for a literal kind the closures do not model */
  literal: (node: CelNode) => unknown;
  checked: (v: unknown) => unknown;
  bool: (v: unknown) => boolean;
  celEquals: (a: unknown, b: unknown) => boolean;
  fallback: () => never;
  /** has()'s answer for a last member that is not an own member with a value (cel-closure's notOwn) */
  notOwn: (object: unknown, key: string) => false;
}

/**
 * `(env) => value` for the condition, env[0] being the resource, already checked to be a plain map; undefined when
 * code generation from strings is switched off (--disallow-code-generation-from-strings): the caller then runs the
 * closures alone.
 */
export function inlineCondition(ast: CelNode, helpers: InlineHelpers): ((env: unknown[]) => unknown) | undefined {
  const generator = new SkeletonSource(helpers);
  const body = generator.expression(ast);
  const temps = generator.temps ? `let ${Array.from({ length: generator.temps }, (_, i) => `t${i}`).join(', ')};` : '';
  let factory: (...args: unknown[]) => (env: unknown[]) => unknown;
  try {
    factory = new Function(
      'own', 'protoOf', 'objectProto', 'checked', 'bool', 'eq', 'fallback', 'notOwn', 'subs', 'consts',
      `return function condition(env) { const r = env[0]; ${temps} return ${body}; };`,
    ) as typeof factory;
  } catch (e) {
    if (e instanceof EvalError) return undefined;
    throw e;
  }
  return factory(Object.hasOwn, Object.getPrototypeOf, Object.prototype, helpers.checked, helpers.bool, helpers.celEquals, helpers.fallback, helpers.notOwn, generator.subs, generator.consts);
}

/**
 * Whether a map whose prototype is Object.prototype can show `key` without having it as an own member: only when
 * Object.prototype has it. For any other key, reading the member of such a map is the own-member test: it gives
 * undefined exactly when the map has no such own member or has it with the value undefined, and the generated code
 * falls back on both, as cel-closure does. Saves an Object.hasOwn call per field read (9.85 M evaluations at 10^6).
 * A map with another prototype (cel-closure's isPlainMap reads the constructor, which a prototype that inherits from
 * Object.prototype does not change: the graph stage's `related` objects) gets the test (ownRead).
 */
const inheritable = (key: string) => key in Object.prototype;

/**
 * `(value = object[key]) !== undefined`, and `key` an own member of `object`: its value when it is one (the code reads
 * members of maps only, see plainMap and compileClosure), else undefined or an inherited member's value.
 */
function ownRead(object: string, key: string, value: string, rawKey: string): string {
  if (inheritable(rawKey)) return `own(${object}, ${key}) && ((${value} = ${object}[${key}]) !== undefined)`;
  return `(${value} = ${object}[${key}]) !== undefined && (protoOf(${object}) === objectProto || own(${object}, ${key}))`;
}

class SkeletonSource {
  temps = 0;
  readonly subs: ((env: unknown[]) => unknown)[] = [];
  readonly consts: unknown[] = [];

  constructor(private readonly helpers: InlineHelpers) {}

  expression(node: CelNode): string {
    const args = node.args as any;
    switch (node.op) {
      case 'value':
        this.consts.push(this.helpers.literal(node));
        return `consts[${this.consts.length - 1}]`;
      case 'id':
        return args === 'resource' ? 'r' : this.sub(node);
      case '.':
        return this.fieldPath(node);
      case '!_':
        return `!bool(${this.expression(args as CelNode)})`;
      case '&&':
        return `(bool(${this.expression(args[0])}) ? bool(${this.expression(args[1])}) : false)`;
      case '||':
        return `(bool(${this.expression(args[0])}) ? true : bool(${this.expression(args[1])}))`;
      case '?:':
        return `(bool(${this.expression(args[0])}) ? ${this.expression(args[1])} : ${this.expression(args[2])})`;
      case '==':
        return `eq(${this.expression(args[0])}, ${this.expression(args[1])})`;
      case '!=':
        return `!eq(${this.expression(args[0])}, ${this.expression(args[1])})`;
      case 'call':
        return args[0] === 'has' && args[1].length === 1 ? this.has(node, args[1][0]) : this.sub(node);
      default:
        return this.sub(node);
    }
  }

  /** The keys of `resource.k1.k2...`, or undefined for any other expression. */
  private keysFromResource(node: CelNode): string[] | undefined {
    const keys: string[] = [];
    let base = node;
    while (base.op === '.') {
      keys.unshift((base.args as any)[1] as string);
      base = (base.args as any)[0] as CelNode;
    }
    return keys.length && base.op === 'id' && base.args === 'resource' ? keys : undefined;
  }

  /**
   * `has(resource.k1...kn)` as cel-closure's has does it: every key before the last must lead to a value (else fall
   * back), the last one's presence is the answer; a value on the way is checked, and one that is not a plain map
   * (a scalar or a list, after the check) has no members.
   */
  private has(node: CelNode, arg: CelNode): string {
    const keys = this.keysFromResource(arg);
    if (!keys) return this.sub(node);
    const from = (object: string, i: number): string => {
      const key = JSON.stringify(keys[i]);
      const value = `t${this.temps++}`;
      const last = i === keys.length - 1;
      const plain = i === 0 ? '' : `${this.plainMap(object)} && `;
      const found = last ? `(checked(${value}), true)` : `(checked(${value}), ${from(value, i + 1)})`;
      return `(${plain}${ownRead(object, key, value, keys[i])} ? ${found} : ${last ? `notOwn(${object}, ${key})` : 'fallback()'})`;
    };
    return from('r', 0);
  }

  /** A plain map as cel-closure's isPlainMap sees it, with this load's own inline cache. */
  private plainMap(object: string): string {
    const c = `t${this.temps++}`;
    return `${object} !== null && typeof ${object} === 'object' && ((${c} = ${object}.constructor) === Object || ${c} === undefined)`;
  }

  private sub(node: CelNode): string {
    this.subs.push(this.helpers.compile(node));
    return `subs[${this.subs.length - 1}](env)`;
  }

  /**
   * `resource.k1.k2...` as cel-closure's fieldPath does it: each key an own member, each object after the resource a
   * plain map (constructor Object or none), the last value checked. Other paths are closures.
   */
  private fieldPath(node: CelNode): string {
    const keys = this.keysFromResource(node);
    if (!keys) return this.sub(node);
    const conditions: string[] = [];
    let object = 'r';
    for (let i = 0; i < keys.length; i++) {
      const key = JSON.stringify(keys[i]);
      if (i > 0) conditions.push(this.plainMap(object));
      const next = `t${this.temps++}`;
      // an own member with a value: checked() falls back on undefined as on an absent member
      conditions.push(ownRead(object, key, next, keys[i]));
      if (i === keys.length - 1) return `(${conditions.join(' && ')} ? checked(${next}) : fallback())`;
      object = next;
    }
    throw new Error('a field path has at least one key');
  }
}
