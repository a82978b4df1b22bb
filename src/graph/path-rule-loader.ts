import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import { InputError, type EdgeType } from '../model/index.js';
import { PathRuleFile, type PathEdgeSpec } from './path-rule.js';
import { compileNodeSelector, type NodeSelector } from './node-selector.js';
import { EDGE_TYPE_INDEX } from './edge-flow.js';
import type { Severity } from '../model/index.js';

/** A loaded, compiled path rule. */
export interface PathRule extends PathRuleFile {
  /** file path relative to the rules directory */
  file: string;
  sourceSelector: NodeSelector;
  targetSelector: NodeSelector;
  throughSelector?: NodeSelector;
  severitySelectors: { selector: NodeSelector; severity: Severity }[];
  /** bit t: follow edge type t in flow direction; bit t + 16: against flow */
  edgeMask: number;
  /** the same for the first hop */
  firstHopMask: number;
}

export interface LoadResult {
  rules: PathRule[];
  errors: string[];
}

/** Parses and compiles one rule file. Errors name the file, line and what was expected. */
export function parsePathRule(text: string, file: string): { rule?: PathRule; errors: string[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (path: readonly PropertyKey[]) => `${file}:${lineOf(doc, lineCounter, path)}`;
  if (doc.errors.length) {
    return { errors: doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}: YAML error: ${e.message.split('\n')[0]}`) };
  }
  const parsed = PathRuleFile.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => `${at([...i.path, k])}: ${i.path.length ? i.path.join('.') : 'rule'}: unknown field "${k}"; expected one of: ${Object.keys(PathRuleFile.shape).join(', ')}`)
          : [`${at(i.path)}: ${i.path.length ? i.path.join('.') : 'rule'}: ${i.message}`],
      ),
    };
  }
  const value = parsed.data;
  const errors: string[] = [];
  const expectedPrefix = `${value.id}-`;
  if (!basename(file).startsWith(expectedPrefix)) errors.push(`${at(['id'])}: file name must start with the rule id "${expectedPrefix}", found ${basename(file)}`);
  const compile = (expr: string, path: PropertyKey[]): NodeSelector => {
    try {
      return compileNodeSelector(expr);
    } catch (e) {
      errors.push(`${at(path)}: ${path.join('.')}: ${(e as Error).message}`);
      return () => false;
    }
  };
  const sourceSelector = compile(value.source, ['source']);
  const targetSelector = compile(value.target, ['target']);
  const throughSelector = value.through === undefined ? undefined : compile(value.through, ['through']);
  const severitySelectors = value.severityByTarget.map((s, k) => ({ selector: compile(s.when, ['severityByTarget', k, 'when']), severity: s.severity }));
  const mask = edgeMask(value.edges);
  const firstHopMask = value.firstHop ? edgeMask(value.firstHop) : mask;
  if (value.mergeInto.includes(value.id)) errors.push(`${at(['mergeInto'])}: mergeInto: a rule cannot merge into itself`);
  if ((firstHopMask & mask) !== firstHopMask) errors.push(`${at(['firstHop'])}: firstHop: every first-hop edge type must also be listed in edges`);
  if (errors.length) return { errors };
  return { rule: { ...value, file, sourceSelector, targetSelector, throughSelector, severitySelectors, edgeMask: mask, firstHopMask }, errors: [] };
}

export function edgeMask(edges: PathEdgeSpec[]): number {
  let mask = 0;
  for (const spec of edges) {
    const type: EdgeType = typeof spec === 'string' ? spec : spec.type;
    const against = typeof spec !== 'string' && spec.direction === 'against-flow';
    mask |= 1 << (EDGE_TYPE_INDEX[type] + (against ? 16 : 0));
  }
  return mask;
}

export const BUILTIN_PATH_RULES_DIR = fileURLToPath(new URL('../../rules/paths/', import.meta.url));

/** Loads every *.yaml / *.yml file of a directory; duplicate ids are errors. */
export function loadPathRulesFrom(dir: string): LoadResult {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch (e) {
    return { rules: [], errors: [`cannot read path rules directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
  }
  const rules: PathRule[] = [];
  const errors: string[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    const result = parsePathRule(text, name);
    errors.push(...result.errors);
    if (!result.rule) continue;
    const previous = seen.get(result.rule.id);
    if (previous) {
      errors.push(`${name}:1: duplicate rule id ${result.rule.id}, already defined in ${previous}`);
      continue;
    }
    seen.set(result.rule.id, name);
    rules.push(result.rule);
  }
  return { rules, errors };
}

/** Like loadPathRulesFrom, but a single error anywhere is an InputError listing them all. */
export function loadPathRules(dir: string): PathRule[] {
  const { rules, errors } = loadPathRulesFrom(dir);
  if (errors.length) throw new InputError(`invalid path rules in ${dir}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return rules;
}

let builtin: PathRule[] | undefined;
/** The shipped rules/paths, loaded once. */
export function builtinPathRules(): PathRule[] {
  return (builtin ??= loadPathRules(BUILTIN_PATH_RULES_DIR));
}

function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = 0;
  for (const key of path) {
    if (!node || typeof node !== 'object' || !('get' in node)) break;
    const collection = node as { get(k: unknown, keepScalar: true): unknown; items: { key: unknown; value: unknown }[] };
    if (isMap(collection)) {
      const pair = collection.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else {
      const item = collection.get(key, true);
      if (!item) break;
      offset = (item as { range?: [number] }).range?.[0] ?? offset;
      node = item;
    }
  }
  return lc.linePos(offset).line;
}


/**
 * Path rules matching the resource rule flags: the shipped rules/paths plus DIR/paths of each --rules DIR, or only
 * DIR/paths of the --only-rules directories (none when they have no paths/ folder).
 */
export function pathRuleSet(options: { extraDirs?: readonly string[]; onlyDirs?: readonly string[]; cwd?: string } = {}): PathRule[] {
  const cwd = options.cwd ?? '.';
  const only = options.onlyDirs ?? [];
  const dirs = (only.length ? only : (options.extraDirs ?? [])).map((d) => join(resolve(cwd, d), 'paths')).filter((d) => existsSync(d));
  const rules = only.length ? [] : [...builtinPathRules()];
  const errors: string[] = [];
  for (const dir of dirs) {
    const loaded = loadPathRulesFrom(dir);
    errors.push(...loaded.errors.map((e) => `${dir}/${e}`));
    for (const rule of loaded.rules) {
      if (rules.some((r) => r.id === rule.id)) errors.push(`${dir}/${rule.file}:1: duplicate rule id ${rule.id}, already defined by another path rule`);
      else rules.push(rule);
    }
  }
  if (errors.length) throw new InputError(`invalid path rules:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return rules;
}
