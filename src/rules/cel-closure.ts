import type { CelNode } from './cel.js';
import { inlineCondition } from './cel-inline.js';

/**
 * Compiles a CEL condition into a JavaScript closure that runs on the plain resource (model numbers as JS numbers,
 * no CEL copy), for the part of CEL whose cel-js semantics it reproduces exactly: field selection, has(), literals,
 * ==, !=, <, <=, >, >=, in, !, &&, ||, ?:, size(), string matches/startsWith/endsWith/contains/lowerAscii/upperAscii/trim,
 * list literals and the exists, all, exists_one, map and filter macros.
 *
 * The closure only answers where cel-js would return a value without any error. Wherever cel-js could raise an
 * error, or where a value is of a type the closure does not model (a Map, a class instance, an undefined member, a
 * list or map compared with ==), it throws CEL_FALLBACK instead, and the caller evaluates that (rule, resource) with
 * cel-js. Since every CEL error is a fallback, the error-absorbing && / || / exists never need modelling here: the
 * interpreter decides them. The top-level result must be a boolean, else it falls back too.
 *
 * Values: strings, booleans and null as in JSON; numbers stay JS numbers (cel-js sees a safe integer as int and any
 * other number as double, and compares int and double by mathematical value, as JS does for number and bigint);
 * int literals stay bigint; results of size() and exists_one counts are JS numbers.
 */
export const CEL_FALLBACK: unique symbol = Symbol('evaluate with cel-js');

export type ResourceCondition = (resource: unknown) => boolean;

type Env = unknown[];
type Fn = (env: Env) => unknown;

class Unsupported extends Error {}

const NO_ENV: Env = [];

/** The closure for a condition's AST, or undefined when the AST uses anything outside the reproduced subset. */
export function compileClosure(ast: CelNode): ResourceCondition | undefined {
  const compiler = new Compiler();
  const scope = new Map([['resource', 0]]);
  let root: Fn;
  try {
    root = inlineCondition(ast, {
      compile: (node) => compiler.compile(node, scope),
      literal: (node) => compiler.compile(node, scope)(NO_ENV),
      checked,
      bool,
      celEquals,
      fallback,
      notOwn,
    }) ?? compiler.compile(ast, scope);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  const env: Env = new Array(compiler.slots).fill(undefined);
  return (resource) => {
    // checked once here, so field paths from the resource start without checking it (see fieldPath)
    if (!isPlainMap(resource)) return fallback();
    env[0] = resource;
    const value = root(env);
    if (typeof value !== 'boolean') throw CEL_FALLBACK;
    return value;
  };
}

const hasOwn = Object.hasOwn;

function fallback(): never {
  throw CEL_FALLBACK;
}

/**
 * has()'s answer for a last member that is not an own member with a value: false (absent), unless the object has
 * the key through its prototype or with the value undefined (a resource's `related`, whose feeds and fedBy its
 * prototype makes, src/graph/related.ts): cel-js then decides, on the CEL copy (toCelValue).
 */
function notOwn(o: unknown, key: string): false {
  return isPlainMap(o) && key in o ? fallback() : false;
}

/** A plain object as cel-js sees a map: constructor Object or none (it reads `constructor` the same way). */
function isPlainMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const c = (v as { constructor?: unknown }).constructor;
  return c === Object || c === undefined;
}

const isList = (v: unknown): v is unknown[] => Array.isArray(v) && v.constructor === Array;

/**
 * Whether the CEL copy of a plain map has the map's own keys (toCelValue copies them): not so for an object with
 * another prototype (a resource's `related`, whose feeds and fedBy come from its prototype), whose copy is what its
 * toJSON gives.
 */
function copiedByMember(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A value cel-js accepts from a field (its debugType does not throw) and this closure models. */
function checked(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'number':
    case 'bigint':
      return v;
    case 'object':
      if (v === null || isList(v) || isPlainMap(v)) return v;
  }
  return fallback();
}

/**
 * cel-js types an operand of ==, <, in and of a function deeply (a list by its first element, a map by its first
 * entry) and raises an error on a type it does not know on that way: fall back where it would. A map whose first
 * member is undefined falls back too, since the CEL copy (without undefined members) starts with another member.
 */
function deepTyped(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  let first: unknown;
  if (isList(v)) first = v[0];
  else if (isPlainMap(v)) {
    for (const key in v) {
      first = v[key];
      if (first === undefined) fallback();
      break;
    }
  } else return fallback();
  if (first !== undefined) deepTyped(checked(first));
  return v;
}

type ScalarKind = 'string' | 'bool' | 'null' | 'num';

/** The kind of a scalar; undefined for lists, maps and anything else. int and double are one kind (`num`). */
function scalarKind(v: unknown): ScalarKind | undefined {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
    case 'bigint':
      return 'num';
    case 'object':
      return v === null ? 'null' : undefined;
  }
  return undefined;
}

/** A list or map as cel-js types it; anything else that is not a scalar falls back. */
const isAggregate = (v: unknown) => (isList(v) || isPlainMap(v) ? true : fallback());

/**
 * CEL ==: values of different kinds are unequal (a list or map is never equal to a scalar), numbers compare by value.
 * Two lists or maps (deep equality) fall back.
 */
function celEquals(a: unknown, b: unknown): boolean {
  const ka = scalarKind(deepTyped(a));
  const kb = scalarKind(deepTyped(b));
  if (ka === undefined || kb === undefined) {
    if (ka === undefined && kb === undefined) return fallback();
    return !isAggregate(ka === undefined ? a : b);
  }
  if (ka !== kb) return false;
  // loose ==: a number and a bigint compare by mathematical value
  return ka === 'num' ? (a as number) == (b as number) : a === b;
}

/** `value in list` as cel-js's listIncludes: a scalar never equals a list or map element. */
function listIncludes(value: unknown, list: unknown[]): boolean {
  deepTyped(list);
  const kind = scalarKind(deepTyped(value));
  if (kind === undefined) return fallback();
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const ke = scalarKind(e);
    if (ke === undefined) {
      // cel-js asks the element's type only when comparing null with an object
      if (kind === 'null' && e !== undefined && !isList(e) && !isPlainMap(e)) fallback();
      continue;
    }
    if (ke === kind && (kind === 'num' ? (value as number) == (e as number) : value === e)) return true;
  }
  return false;
}

type Ordering = '<' | '<=' | '>' | '>=';

function compare(op: Ordering, a: unknown, b: unknown): boolean {
  const ka = scalarKind(a);
  // a list or map operand falls back before its deep type matters
  if (ka === undefined || ka === 'null' || ka !== scalarKind(b)) return fallback();
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function bool(v: unknown): boolean {
  return typeof v === 'boolean' ? v : fallback();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : fallback();
}

/** Items a comprehension ranges over: a list's elements, or a map's keys (when the CEL copy would have the same keys). */
function rangeOf(v: unknown): readonly unknown[] {
  if (isList(v)) return v;
  if (isPlainMap(v)) {
    if (!copiedByMember(v)) fallback();
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) if (v[keys[i]] === undefined) fallback();
    return keys;
  }
  return fallback();
}

function sizeOf(v: unknown): number {
  if (typeof v === 'string') {
    let count = 0;
    for (const _ of v) count++;
    return count;
  }
  return rangeOf(deepTyped(v)).length;
}

const STRING_METHODS: Record<string, { arity: number; apply: (s: string, arg: string) => unknown }> = {
  startsWith: { arity: 1, apply: (s, a) => s.startsWith(a) },
  endsWith: { arity: 1, apply: (s, a) => s.endsWith(a) },
  contains: { arity: 1, apply: (s, a) => s.includes(a) },
  lowerAscii: { arity: 0, apply: (s) => s.toLowerCase() },
  upperAscii: { arity: 0, apply: (s) => s.toUpperCase() },
  trim: { arity: 0, apply: (s) => s.trim() },
};

class Compiler {
  slots = 1;

  compile(node: CelNode, scope: ReadonlyMap<string, number>): Fn {
    const args = node.args as any;
    switch (node.op) {
      case 'value':
        return this.literal(args);
      case 'id': {
        const slot = scope.get(args as string);
        if (slot === undefined) throw new Unsupported();
        return (env) => env[slot];
      }
      case '.':
        return this.fieldPath(node, scope);
      case '[]':
        return this.index(this.compile(args[0], scope), this.compile(args[1], scope));
      case 'list':
        return this.list(args as CelNode[], scope);
      case '!_': {
        const operand = this.compile(args as CelNode, scope);
        return (env) => !bool(operand(env));
      }
      case '&&': {
        const [l, r] = [this.compile(args[0], scope), this.compile(args[1], scope)];
        return (env) => (bool(l(env)) ? bool(r(env)) : false);
      }
      case '||': {
        const [l, r] = [this.compile(args[0], scope), this.compile(args[1], scope)];
        return (env) => (bool(l(env)) ? true : bool(r(env)));
      }
      case '?:': {
        const [c, t, f] = [this.compile(args[0], scope), this.compile(args[1], scope), this.compile(args[2], scope)];
        return (env) => (bool(c(env)) ? t(env) : f(env));
      }
      case '==':
      case '!=':
        return this.equality(node.op, args as CelNode[], scope);
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const op = node.op;
        const [l, r] = [this.compile(args[0], scope), this.compile(args[1], scope)];
        return (env) => compare(op, l(env), r(env));
      }
      case 'in':
        return this.membership(args as CelNode[], scope);
      case 'call':
        return this.call(args[0] as string, args[1] as CelNode[], scope);
      case 'rcall':
        return this.method(args[0] as string, args[1] as CelNode, args[2] as CelNode[], scope);
      default:
        throw new Unsupported();
    }
  }

  private literal(value: unknown): Fn {
    const kind = typeof value;
    if (!(value === null || kind === 'string' || kind === 'boolean' || kind === 'number' || kind === 'bigint')) throw new Unsupported();
    return () => value;
  }

  /**
   * A chain of field selections (`resource.a.b.c`) as one closure: each object on the way must be a map with the key
   * as its own member (else the selection is a CEL error or an undefined member: fall back), and the last value must
   * be one the closure models. A value in the middle that is not a map falls back at the next key, as its own
   * selection would. The resource itself (slot 0 of the top scope) was checked by the condition's closure.
   */
  private fieldPath(node: CelNode, scope: ReadonlyMap<string, number>): Fn {
    const keys: string[] = [];
    let base = node;
    while (base.op === '.') {
      keys.unshift((base.args as any)[1] as string);
      base = (base.args as any)[0] as CelNode;
    }
    const object = this.compile(base, scope);
    const fromResource = base.op === 'id' && scope.get(base.args as string) === 0;
    if (fromResource && keys.length === 1) {
      const [key] = keys;
      return (env) => {
        const o = env[0] as Record<string, unknown>;
        return hasOwn(o, key) ? checked(o[key]) : fallback();
      };
    }
    if (fromResource && keys.length === 2) {
      const [first, second] = keys;
      return (env) => {
        const o = env[0] as Record<string, unknown>;
        if (!hasOwn(o, first)) return fallback();
        const v = o[first];
        return isPlainMap(v) && hasOwn(v, second) ? checked(v[second]) : fallback();
      };
    }
    return (env) => {
      let o = object(env);
      for (let i = 0; i < keys.length; i++) {
        if (!(i === 0 && fromResource) && !isPlainMap(o)) return fallback();
        if (!hasOwn(o as object, keys[i])) return fallback();
        o = (o as Record<string, unknown>)[keys[i]];
      }
      return checked(o);
    };
  }

  private index(object: Fn, key: Fn): Fn {
    return (env) => {
      const o = object(env);
      const k = key(env);
      if (typeof k === 'string' && isPlainMap(o)) return hasOwn(o, k) ? checked(o[k]) : fallback();
      if (isList(o) && (typeof k === 'number' || typeof k === 'bigint')) {
        const i = Number(k);
        return i in o ? checked(o[i]) : fallback();
      }
      return fallback();
    };
  }

  private list(elements: CelNode[], scope: ReadonlyMap<string, number>): Fn {
    const items = elements.map((e) => this.compile(e, scope));
    // a list literal is a fresh array each time: map/filter never write to it, but cel-js would hand out a new one
    return (env) => items.map((item) => item(env));
  }

  private equality(op: '==' | '!=', operands: CelNode[], scope: ReadonlyMap<string, number>): Fn {
    const [l, r] = [this.compile(operands[0], scope), this.compile(operands[1], scope)];
    return op === '==' ? (env) => celEquals(l(env), r(env)) : (env) => !celEquals(l(env), r(env));
  }

  private membership(operands: CelNode[], scope: ReadonlyMap<string, number>): Fn {
    const value = this.compile(operands[0], scope);
    const right = operands[1];
    const literals = right.op === 'list' ? (right.args as CelNode[]) : undefined;
    if (literals?.length && literals.every((e) => e.op === 'value' && typeof e.args === 'string')) {
      const strings = new Set(literals.map((e) => e.args as string));
      return (env) => {
        const v = value(env);
        if (typeof v === 'string') return strings.has(v);
        return scalarKind(deepTyped(v)) === undefined ? fallback() : false;
      };
    }
    const list = this.compile(right, scope);
    return (env) => {
      const v = value(env);
      const l = list(env);
      return isList(l) ? listIncludes(v, l) : fallback();
    };
  }

  private call(name: string, args: CelNode[], scope: ReadonlyMap<string, number>): Fn {
    if (name === 'has' && args.length === 1) return this.has(args[0], scope);
    if (name === 'size' && args.length === 1) {
      const arg = this.compile(args[0], scope);
      return (env) => sizeOf(arg(env));
    }
    throw new Unsupported();
  }

  /** has(a.b.c): every field but the last must exist (else a CEL error); the last one's presence is the answer. */
  private has(arg: CelNode, scope: ReadonlyMap<string, number>): Fn {
    const keys: string[] = [];
    let node = arg;
    while (node.op === '.') {
      keys.unshift((node.args as any)[1] as string);
      node = (node.args as any)[0] as CelNode;
    }
    if (keys.length === 0 || node.op !== 'id') throw new Unsupported();
    const base = this.compile(node, scope);
    const last = keys.length - 1;
    return (env) => {
      let o = base(env);
      for (let i = 0; i <= last; i++) {
        let v: unknown;
        if (isPlainMap(o)) v = hasOwn(o, keys[i]) ? o[keys[i]] : undefined;
        else if (!(scalarKind(o) !== undefined || isList(o))) return fallback();
        if (v === undefined) return i < last ? fallback() : notOwn(o, keys[i]);
        o = checked(v);
      }
      return true;
    };
  }

  private method(name: string, receiverNode: CelNode, args: CelNode[], scope: ReadonlyMap<string, number>): Fn {
    const macro = this.macro(name, receiverNode, args, scope);
    if (macro) return macro;
    const receiver = this.compile(receiverNode, scope);
    if (name === 'size' && args.length === 0) return (env) => sizeOf(receiver(env));
    if (name === 'matches' && args.length === 1) {
      const pattern = args[0];
      if (pattern.op !== 'value' || typeof pattern.args !== 'string') throw new Unsupported();
      let regex: RegExp;
      try {
        regex = new RegExp(pattern.args);
      } catch {
        throw new Unsupported();
      }
      return (env) => regex.test(str(receiver(env)));
    }
    const method = STRING_METHODS[name];
    if (!method || method.arity !== args.length) throw new Unsupported();
    const arg = args.length ? this.compile(args[0], scope) : () => '';
    return (env) => {
      const s = str(receiver(env));
      return method.apply(s, str(arg(env)));
    };
  }

  /**
   * exists, all, exists_one, map and filter, as cel-js expands them; undefined for other methods. Index loops: for...of
   * allocates an iterator result per item wherever V8 does not optimize it away (0.9 of 35 MiB sampled in the rules
   * stage at 10^5 resources).
   */
  private macro(name: string, receiverNode: CelNode, args: CelNode[], scope: ReadonlyMap<string, number>): Fn | undefined {
    const arity = name === 'map' ? [2, 3] : ['exists', 'all', 'exists_one', 'filter'].includes(name) ? [2] : [];
    if (!arity.includes(args.length)) return undefined;
    if (args[0].op !== 'id') throw new Unsupported();
    const receiver = this.compile(receiverNode, scope);
    const slot = this.slots++;
    const inner = new Map(scope).set(args[0].args as string, slot);
    const body = args.slice(1).map((a) => this.compile(a, inner));
    const [first, second] = body;
    switch (name) {
      case 'exists':
        return (env) => {
          const items = rangeOf(receiver(env));
          for (let i = 0; i < items.length; i++) {
            const item = items[i];
            env[slot] = checked(item);
            if (bool(first(env))) return true;
          }
          return false;
        };
      case 'all':
        return (env) => {
          const items = rangeOf(receiver(env));
          for (let i = 0; i < items.length; i++) {
            const item = items[i];
            env[slot] = checked(item);
            if (!bool(first(env))) return false;
          }
          return true;
        };
      case 'exists_one':
        return (env) => {
          let count = 0;
          const items = rangeOf(receiver(env));
          for (let i = 0; i < items.length; i++) {
            const item = items[i];
            env[slot] = checked(item);
            if (bool(first(env))) count++;
          }
          return count === 1;
        };
      case 'filter':
        return (env) => {
          const out: unknown[] = [];
          const items = rangeOf(receiver(env));
          for (let i = 0; i < items.length; i++) {
            const item = items[i];
            env[slot] = checked(item);
            if (bool(first(env))) out.push(item);
          }
          return out;
        };
      default:
        return (env) => {
          const out: unknown[] = [];
          const items = rangeOf(receiver(env));
          for (let i = 0; i < items.length; i++) {
            const item = items[i];
            env[slot] = checked(item);
            if (second === undefined) out.push(first(env));
            else if (bool(first(env))) out.push(second(env));
          }
          return out;
        };
    }
  }
}
