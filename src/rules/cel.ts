import { parse, ParseError, type ASTNode } from '@marcbachmann/cel-js';
import { compileClosure, type ResourceCondition } from './cel-closure.js';

/** Thin wrapper over @marcbachmann/cel-js: compile once, evaluate many times, positions for errors. */
export type CelNode = ASTNode;

export interface CompiledCondition {
  expression: string;
  ast: CelNode;
  /** Evaluates against an activation whose values are already CEL values (see toCelValue). Throws on CEL errors. */
  evaluate(activation: Record<string, unknown>): unknown;
  /**
   * The same condition as a closure over the plain resource (see cel-closure.ts), when the condition passes cel-js's
   * type check and stays within the subset the closure reproduces; it throws CEL_FALLBACK where cel-js must decide.
   */
  closure?: ResourceCondition;
}

export class CelSyntaxError extends Error {
  constructor(
    readonly summary: string,
    readonly offset: number,
  ) {
    super(summary);
  }
}

export function compileCondition(expression: string): CompiledCondition {
  try {
    const program = parse(expression);
    const closure = compileClosure(program.ast);
    const evaluate = (activation: Record<string, unknown>) => {
        // a CEL error on a gapped or absent field is an expected outcome (unknown), not a bug: skipping the stack
        // trace makes it about 6x cheaper
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
          return program(activation);
        } finally {
          Error.stackTraceLimit = limit;
        }
    };
    return { expression, ast: program.ast, evaluate, closure: closure && passesTypeCheck(program, evaluate) ? closure : undefined };
  } catch (e) {
    if (e instanceof ParseError) throw new CelSyntaxError(e.summary, e.node?.pos ?? 0);
    throw e;
  }
}

/**
 * cel-js type-checks a condition on its first evaluation and keeps the result on the AST only when the check passes;
 * a condition that fails it raises the same error on every evaluation, which the closure does not reproduce.
 */
function passesTypeCheck(program: { ast: ASTNode }, evaluate: (activation: Record<string, unknown>) => unknown): boolean {
  try {
    evaluate({ resource: {} });
  } catch {
    // an error on the empty resource is expected; only the type check's verdict matters
  }
  return (program.ast as { checkedType?: unknown }).checkedType !== undefined;
}

/**
 * Converts a model value to CEL values. CEL integer literals are int (BigInt in cel-js) and cel-js has no
 * int/double arithmetic overloads, so whole numbers from the model become int and `resource.days * 2 > 60`
 * works; fractional numbers stay double (CEL compares int and double directly). An object that is not a plain
 * object or list (its prototype is another, e.g. a resource's `related`, whose feeds and fedBy its prototype makes:
 * src/graph/related.ts) is converted as its JSON value, what its toJSON gives.
 */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  const json = jsonValueOf(value);
  if (json !== value) return toCelValue(json);
  // copy on write: a subtree without numbers or undefined members is shared, not copied
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const original: unknown = value[i];
      if (typeof original === 'string' || typeof original === 'boolean' || original === null) continue;
      const v = toCelValue(original);
      if (v !== original) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const k in record) {
    const original = record[k];
    if (typeof original === 'string' || typeof original === 'boolean' || original === null) continue;
    if (original === undefined) {
      out ??= { ...record };
      delete out[k];
      continue;
    }
    const v = toCelValue(original);
    if (v !== original) (out ??= { ...record })[k] = v;
  }
  return out ?? value;
}

/** An object that is not a plain object or list, with a toJSON: what its toJSON gives; any other object itself. */
function jsonValueOf(value: object): unknown {
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(value) : value;
}

/** Back from CEL (or model) values to JSON-friendly values (for messages). */
export function fromCelValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCelValue(v)]));
  if (value !== null && typeof value === 'object') {
    const json = jsonValueOf(value);
    if (json !== value) return fromCelValue(json);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCelValue(v)]));
  }
  return value;
}

/** Line and column (1-based) of an offset within an expression, plus the line's text and a caret under the column. */
export function caretExcerpt(expression: string, offset: number): { line: number; column: number; excerpt: string } {
  const before = expression.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart + 1;
  const text = expression.split('\n')[line - 1] ?? '';
  return { line, column, excerpt: `    ${text}\n    ${' '.repeat(column - 1)}^` };
}
