import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { ATTRIBUTE_READERS, NODE_ATTRIBUTES, nodeAttributes, readAttributes, type NodeAttributes } from './node-attributes.js';
import type { Graph } from './build.js';

// Path selectors see one variable, `node` (see NODE_ATTRIBUTES). Resource rules use the core engineer's CEL helper
// over `resource`; this one is kept apart because path selectors run over principals too and over 10^6 nodes.
const env = new Environment({ unlistedVariablesAreDyn: false }).registerVariable('node', 'map');

export type NodeSelector = ((node: NodeAttributes) => boolean) & {
  /** the `node.` fields it reads; undefined when it uses `node` as a whole */
  fields?: (keyof NodeAttributes)[];
};

const compiled = new Map<string, NodeSelector>();

/**
 * Compiles a selector; throws an Error whose message says what is wrong (the loader adds file and line).
 * The same text gives the same function, so selectNodes evaluates a selector shared by several rules once.
 */
export function compileNodeSelector(expression: string): NodeSelector {
  let selector = compiled.get(expression);
  if (!selector) {
    selector = compileUncached(expression);
    compiled.set(expression, selector);
  }
  return selector;
}

function compileUncached(expression: string): NodeSelector {
  let parsed: ReturnType<typeof env.parse>;
  try {
    parsed = env.parse(expression);
  } catch (e) {
    throw new Error(`CEL syntax error: ${firstLine((e as Error).message)}`);
  }
  const { unknown, known, whole } = nodeFieldsRead(parsed.ast);
  if (unknown.length) {
    throw new Error(`unknown node field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `node.${f}`).join(', ')}; expected one of: ${Object.keys(NODE_ATTRIBUTES).join(', ')}`);
  }
  const checked = parsed.check();
  if (!checked.valid) throw new Error(`CEL type error: ${firstLine(checked.error?.message ?? 'invalid')}`);
  if (checked.type && checked.type !== 'bool' && checked.type !== 'dyn') throw new Error(`a selector must be a boolean expression, this one is ${checked.type}`);
  // `node` is a map to the type checker, so a selector like `node.kind` checks as dyn: try it on a sample node
  let sample: unknown;
  try {
    sample = parsed({ node: SAMPLE_NODE });
  } catch {
    sample = false;
  }
  if (typeof sample !== 'boolean') throw new Error(`a selector must be a boolean expression, this one gives ${typeof sample === 'bigint' ? 'int' : typeof sample}`);
  const selector: NodeSelector = (node) => parsed({ node }) === true;
  if (!whole) selector.fields = known;
  return selector;
}

const SAMPLE_NODE: NodeAttributes = {
  id: 'sample',
  kind: 'aws.s3.bucket',
  category: 'storage.bucket',
  provider: 'aws',
  account: '111122223333',
  region: 'us-east-1',
  name: 'sample',
  tags: {},
  scanned: true,
  principal: false,
  principalType: '',
  external: false,
  trusted: false,
  bucket: true,
  status: '',
  serving: false,
  deployed: false,
  servingEndpoints: 0,
  feedsTraining: false,
  feedsKnowledgeBase: false,
  holdsModelArtifacts: false,
  publicEndpoint: false,
  networkIsolated: false,
  exposedInference: false,
  publicWrite: false,
  crossAccountWrite: false,
  externallyAssumable: false,
  artifactVerdict: '',
};

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** The fields read as `node.x`, split into known and unknown; `whole` when `node` is used any other way. */
function nodeFieldsRead(ast: ASTNode): { known: (keyof NodeAttributes)[]; unknown: string[]; whole: boolean } {
  const known = new Set<keyof NodeAttributes>();
  const unknown = new Set<string>();
  let whole = false;
  const walk = (n: unknown, parentIsFieldAccess: boolean): void => {
    if (Array.isArray(n)) return n.forEach((x) => walk(x, false));
    if (!n || typeof n !== 'object' || !('op' in n)) return;
    const node = n as ASTNode;
    const args = node.args as unknown;
    if (node.op === 'id' && args === 'node' && !parentIsFieldAccess) whole = true;
    if ((node.op === '.' || node.op === '.?') && Array.isArray(args)) {
      const [target, field] = args as [ASTNode, string];
      if (target.op === 'id' && target.args === 'node') {
        if (Object.hasOwn(NODE_ATTRIBUTES, field)) known.add(field as keyof NodeAttributes);
        else unknown.add(field);
        return;
      }
    }
    if (Array.isArray(args)) args.forEach((x) => walk(x, false));
    else if (args && typeof args === 'object') walk(args, false); // unary operators hold one operand
  };
  walk(ast, false);
  return { known: [...known], unknown: [...unknown], whole };
}

// Attributes with about one value per node: a selector reading one is evaluated on every node.
const PER_NODE_FIELDS: ReadonlySet<keyof NodeAttributes> = new Set(['id', 'name', 'tags']);

/**
 * Evaluates several selectors over every node. A selector shared by several rules runs once. A selector that throws
 * on a node (e.g. a missing tag key) does not select it.
 *
 * A selector's result depends only on the `node.` fields it reads, and most fields take a handful of values
 * (category, principal, external, serving, ...). So the selectors that read only such fields are evaluated once per
 * distinct tuple of those fields' values (a trie of Maps keyed by the values, built as nodes are read), not once per
 * node; those reading id, name or tags, or `node` as a whole, are evaluated per node.
 */
export function selectNodes(graph: Graph, selectors: NodeSelector[]): Uint8Array[] {
  const unique = [...new Set(selectors)];
  const masks = unique.map(() => new Uint8Array(graph.nodeCount));
  const byTuple: number[] = [];
  const perNode: number[] = [];
  unique.forEach((s, k) => (s.fields && !s.fields.some((f) => PER_NODE_FIELDS.has(f)) ? byTuple : perNode).push(k));
  if (byTuple.length) selectByTuple(graph, byTuple.map((k) => unique[k]), byTuple.map((k) => masks[k]));
  if (perNode.length) selectPerNode(graph, perNode.map((k) => unique[k]), perNode.map((k) => masks[k]));
  return selectors.map((s) => masks[unique.indexOf(s)]);
}

/** Which of the selectors hold for one set of attribute values (1 = selected). */
function evaluateAll(selectors: NodeSelector[], attrs: NodeAttributes): Uint8Array {
  const out = new Uint8Array(selectors.length);
  for (let s = 0; s < selectors.length; s++) {
    try {
      if (selectors[s](attrs)) out[s] = 1;
    } catch {
      // evaluation errors (no such key) mean "not selected"
    }
  }
  return out;
}

type Trie = Map<unknown, Trie | Uint8Array>;

function selectByTuple(graph: Graph, selectors: NodeSelector[], masks: Uint8Array[]): void {
  const fields = [...new Set(selectors.flatMap((s) => s.fields!))];
  const readers = fields.map((f) => ATTRIBUTE_READERS[f] as (g: Graph, i: number) => unknown);
  const values: unknown[] = new Array(fields.length);
  const root: Trie = new Map();
  const leafFor = (): Uint8Array => {
    const attrs: Record<string, unknown> = {};
    fields.forEach((f, k) => (attrs[f] = values[k]));
    return evaluateAll(selectors, attrs as unknown as NodeAttributes);
  };
  const constant = fields.length ? undefined : leafFor();
  for (let i = 0; i < graph.nodeCount; i++) {
    let leaf = constant;
    if (!leaf) {
      let level = root;
      for (let f = 0; f < readers.length - 1; f++) {
        const v = readers[f](graph, i);
        values[f] = v;
        let next = level.get(v) as Trie | undefined;
        if (!next) level.set(v, (next = new Map()));
        level = next;
      }
      const last = readers.length - 1;
      const v = readers[last](graph, i);
      values[last] = v;
      leaf = level.get(v) as Uint8Array | undefined;
      if (!leaf) level.set(v, (leaf = leafFor()));
    }
    for (let s = 0; s < selectors.length; s++) if (leaf[s]) masks[s][i] = 1;
  }
}

function selectPerNode(graph: Graph, selectors: NodeSelector[], masks: Uint8Array[]): void {
  const fields = selectors.every((s) => s.fields) ? [...new Set(selectors.flatMap((s) => s.fields!))] : undefined;
  for (let i = 0; i < graph.nodeCount; i++) {
    const attrs = (fields ? readAttributes(graph, i, fields) : nodeAttributes(graph, i)) as NodeAttributes;
    for (let s = 0; s < selectors.length; s++) {
      try {
        if (selectors[s](attrs)) masks[s][i] = 1;
      } catch {
        // evaluation errors (no such key) mean "not selected"
      }
    }
  }
}
