import type { z } from 'zod';
import type { CelNode } from './cel.js';
import { fieldNames, fieldType, indexType, iterationType, typeName } from './zod-introspect.js';
import { didYouMean } from './suggest.js';

/** Static analysis of a condition: which resource fields it reads, and which of them the model does not define. */

/** A field path the condition reads, relative to the resource ("versioning.enabled"); list elements are elided ("inputs.s3Uri"). */
export interface FieldRead {
  path: string;
  offset: number;
  /**
   * how the value is used: `presence` through has() (depends on whether the field is there, not on its value),
   * `elements` as the list a macro iterates (the macro body's own reads say which element fields matter),
   * `value` for everything else, where the whole value counts (a scalar, or an object or list compared or passed on)
   */
  use: 'presence' | 'elements' | 'value';
}

export interface FieldProblem {
  offset: number;
  message: string;
}

type Types = z.ZodType[] | 'dyn';
interface Typed {
  types: Types;
  /** resource-relative path when the node is a member chain rooted at `resource` */
  path?: string;
}

const MACROS = new Set(['exists', 'all', 'exists_one', 'filter', 'map']);
const TYPE_IDENTIFIERS = new Set(['int', 'uint', 'double', 'string', 'bool', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn']);
const DYN: Typed = { types: 'dyn' };

const join = (base: string | undefined, key: string) => (base === undefined ? undefined : base === '' ? key : `${base}.${key}`);
const display = (path: string | undefined) => (path ? `resource.${path}` : 'resource');
const isNode = (v: unknown): v is CelNode => typeof v === 'object' && v !== null && 'op' in v && 'args' in v;

function childNodes(args: unknown): CelNode[] {
  if (isNode(args)) return [args];
  if (Array.isArray(args)) return args.flatMap(childNodes);
  return [];
}

export function analyzeFields(ast: CelNode, resourceSchema: z.ZodType): { reads: FieldRead[]; problems: FieldProblem[] } {
  const reads: FieldRead[] = [];
  const problems: FieldProblem[] = [];
  const problem = (node: CelNode, message: string) => problems.push({ offset: node.pos, message });

  const member = (node: CelNode, base: Typed, key: string): Typed => {
    const path = join(base.path, key);
    if (base.types === 'dyn') return { types: 'dyn', path };
    const found = base.types.map((t) => fieldType(t, key));
    if (found.some((f) => f === 'dyn')) return { types: 'dyn', path };
    const hits = found.filter((f): f is z.ZodType[] => Array.isArray(f)).flat();
    if (hits.length) return { types: hits, path };
    const names = fieldNames(base.types);
    if (names.length === 0) {
      problem(node, `${display(base.path)} is a ${base.types.map(typeName).join(' or ')}, it has no field "${key}"`);
    } else {
      problem(node, `no field "${key}" in ${display(base.path)}${didYouMean(key, names)}; expected one of: ${names.join(', ')}`);
    }
    return { types: 'dyn', path };
  };

  const typeOf = (node: CelNode, scope: Map<string, Typed>): Typed => {
    const args = node.args as any;
    switch (node.op) {
      case 'id': {
        const name = args as string;
        if (name === 'resource') return { types: [resourceSchema], path: '' };
        const bound = scope.get(name);
        if (bound) return bound;
        if (!TYPE_IDENTIFIERS.has(name)) problem(node, `unknown identifier "${name}"; a condition reads "resource" and the variables its macros declare`);
        return DYN;
      }
      case '.':
      case '.?':
        return member(node, typeOf(args[0], scope), args[1] as string);
      case '[]':
      case '[?]': {
        const base = typeOf(args[0], scope);
        const index = args[1] as CelNode;
        if (index.op === 'value' && typeof index.args === 'string') {
          if (base.types !== 'dyn' && base.types.some((t) => typeName(t) === 'object')) return member(node, base, index.args);
          return { types: base.types === 'dyn' ? 'dyn' : merge(base.types.map(indexType)), path: join(base.path, index.args) };
        }
        visit(index, scope);
        return { types: base.types === 'dyn' ? 'dyn' : merge(base.types.map(indexType)), path: base.path };
      }
      case 'rcall': {
        const [name, receiver, callArgs] = args as [string, CelNode, CelNode[]];
        if (MACROS.has(name) && callArgs.length >= 2 && callArgs[0].op === 'id') {
          const target = visit(receiver, scope, 'elements');
          const element: Typed = { types: target.types === 'dyn' ? 'dyn' : merge(target.types.map(iterationType)), path: target.path };
          const inner = new Map(scope).set(callArgs[0].args as string, element);
          for (const a of callArgs.slice(1)) visit(a, inner);
          return name === 'filter' ? { types: target.types } : DYN;
        }
        visit(receiver, scope);
        for (const a of callArgs) visit(a, scope);
        return DYN;
      }
      case 'call': {
        const [name, callArgs] = args as [string, CelNode[]];
        if (name === 'has' && callArgs.length === 1) {
          const t = typeOf(callArgs[0], scope);
          if (t.path !== undefined) reads.push({ path: t.path, offset: callArgs[0].pos, use: 'presence' });
          return DYN;
        }
        for (const a of callArgs) visit(a, scope);
        return DYN;
      }
      default:
        for (const c of childNodes(args)) visit(c, scope);
        return DYN;
    }
  };

  /** Types a node in a value position and records the path it reads, when it reads one. */
  const visit = (node: CelNode, scope: Map<string, Typed>, use: FieldRead['use'] = 'value'): Typed => {
    const t = typeOf(node, scope);
    if (t.path !== undefined && t.path !== '' && ['.', '.?', '[]', '[?]', 'id'].includes(node.op)) reads.push({ path: t.path, offset: node.pos, use });
    return t;
  };

  visit(ast, new Map());
  return { reads, problems };
}

function merge(parts: Types[]): Types {
  return parts.some((p) => p === 'dyn') ? 'dyn' : (parts as z.ZodType[][]).flat();
}
