import type { CelNode } from './cel.js';
import type { LoadedRule } from './load.js';

/**
 * The top-level resource fields a condition can read, or `undefined` when it may read any (it uses `resource` as a
 * whole value, or indexes it with a computed key). Rules then see a CEL copy of only those fields, which gives the
 * same outcome: every other field is unreachable from the condition.
 */
export function topLevelFieldsRead(ast: CelNode): Set<string> | undefined {
  const keys = new Set<string>();
  let whole = false;
  const walk = (node: CelNode) => {
    if (whole) return;
    const args = node.args as any;
    if (node.op === 'id' && args === 'resource') {
      whole = true;
      return;
    }
    if ((node.op === '.' || node.op === '.?') && isResource(args[0])) {
      keys.add(args[1] as string);
      return;
    }
    if ((node.op === '[]' || node.op === '[?]') && isResource(args[0])) {
      const index = args[1] as CelNode;
      if (index.op === 'value' && typeof index.args === 'string') keys.add(index.args);
      else whole = true;
      return;
    }
    for (const child of childNodes(args)) walk(child);
  };
  walk(ast);
  return whole ? undefined : keys;
}

const isNode = (v: unknown): v is CelNode => typeof v === 'object' && v !== null && 'op' in v && 'args' in v;
const isResource = (v: unknown) => isNode(v) && v.op === 'id' && v.args === 'resource';

function childNodes(args: unknown): CelNode[] {
  if (isNode(args)) return [args];
  if (Array.isArray(args)) return args.flatMap(childNodes);
  return [];
}

/** The union of the top-level fields the rules read (`undefined`: some rule may read any field). */
export function fieldsReadByAny(rules: readonly LoadedRule[]): Set<string> | undefined {
  const all = new Set<string>();
  for (const rule of rules) {
    const keys = topLevelFieldsRead(rule.condition.ast);
    if (!keys) return undefined;
    for (const k of keys) all.add(k);
  }
  return all;
}

/** A shallow object of the resource's fields among `keys` (absent and undefined fields left out). */
export function pickFields(resource: object, keys: ReadonlySet<string> | undefined): object {
  if (!keys) return resource;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (resource as Record<string, unknown>)[k];
    if (v !== undefined && Object.hasOwn(resource, k)) out[k] = v;
  }
  return out;
}
