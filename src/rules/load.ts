import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { isKind, kindsOfCategory, type Category, type Kind } from '../model/kinds.js';
import { RESOURCE_SCHEMAS } from '../model/resource.js';
import { jsonPath } from '../model/errors.js';
import { RULE_FIELDS, RuleFile } from './rule-schema.js';
import { caretExcerpt, CelSyntaxError, compileCondition, type CompiledCondition } from './cel.js';
import { analyzeFields, type FieldRead } from './condition-fields.js';
import { buildExample } from './examples.js';
import { compareStrings, didYouMean } from './suggest.js';
import { messagePlaceholders } from './message.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** A rule ready to evaluate: validated, condition compiled once, the fields it reads known. */
export interface LoadedRule {
  id: string;
  def: RuleFile;
  /** file path relative to its rules directory, e.g. "aws/s3/AWS-S3-001-versioning-disabled.yaml" */
  source: string;
  file: string;
  kinds: Kind[];
  condition: CompiledCondition;
  reads: FieldRead[];
}

export interface RuleIssue {
  file: string;
  line: number;
  column?: number;
  message: string;
  /** set on warnings that only matter when authoring rules (rules lint), not when scanning */
  authoring?: boolean;
}

export interface RuleLoadResult {
  rules: LoadedRule[];
  errors: RuleIssue[];
  warnings: RuleIssue[];
}

export function formatRuleIssue(issue: RuleIssue): string {
  return `${issue.file}:${issue.line}${issue.column ? `:${issue.column}` : ''}: ${issue.message}`;
}

export interface RuleSetOptions {
  /** extra rule directories added to the built-in set (--rules) */
  extraDirs?: string[];
  /** directories that replace the built-in set (--only-rules) */
  onlyDirs?: string[];
  /** where relative directories resolve from */
  cwd?: string;
}

/** The built-in rules plus --rules directories, or only the --only-rules directories. Duplicate ids across them are errors. */
export function loadRuleSet(options: RuleSetOptions = {}): RuleLoadResult {
  const cwd = options.cwd ?? '.';
  const only = (options.onlyDirs ?? []).map((d) => resolve(cwd, d));
  const dirs = only.length ? only : [BUILTIN_RULES_DIR, ...(options.extraDirs ?? []).map((d) => resolve(cwd, d))];
  return loadRuleDirs(dirs, cwd);
}

export function loadRuleDirs(dirs: string[], cwd = '.'): RuleLoadResult {
  const out: RuleLoadResult = { rules: [], errors: [], warnings: [] };
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = ruleFilesIn(dir);
    } catch (e) {
      out.errors.push({ file: relative(cwd, dir) || dir, line: 0, message: `cannot read rules directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    for (const file of files) {
      const display = relative(cwd, file) || file;
      const result = parseRuleText(readFileSync(file, 'utf8'), { file: display, source: relative(dir, file) });
      out.errors.push(...result.errors);
      out.warnings.push(...result.warnings);
      if (!result.rule) continue;
      const previous = seen.get(result.rule.id);
      if (previous) {
        out.errors.push({ file: display, line: result.idLine, message: `duplicate rule id ${result.rule.id}: already defined in ${previous}` });
        continue;
      }
      seen.set(result.rule.id, display);
      out.rules.push({ ...result.rule, file });
    }
  }
  out.rules.sort((a, b) => compareStrings(a.id, b.id));
  return out;
}

/** Rule files under a directory, recursively, sorted; `paths/` holds graph path rules, which have their own loader. */
export function ruleFilesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, top: boolean) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!(top && entry.name === 'paths')) walk(full, false);
      } else if (/\.ya?ml$/.test(entry.name)) out.push(full);
    }
  };
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  walk(dir, true);
  return out;
}

interface ParsedRule {
  rule?: Omit<LoadedRule, 'file'>;
  errors: RuleIssue[];
  warnings: RuleIssue[];
  idLine: number;
}

/** Parses and checks one rule file. `file` is the name used in messages; `source` the path relative to its rules directory. */
export function parseRuleText(text: string, where: { file: string; source: string }): ParsedRule {
  const { file } = where;
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => lineCounter.linePos(offset);
  const issue = (offset: number, message: string): RuleIssue => ({ file, ...lineCol(at(offset)), message });

  if (doc.errors.length) {
    for (const e of doc.errors) errors.push(issue(e.pos[0], `YAML syntax error: ${e.message.split('\n')[0]}`));
    return { errors, warnings, idLine: 1 };
  }
  const raw = doc.toJS();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ file, line: 1, message: `a rule file is a YAML mapping with the fields ${RULE_FIELDS.join(', ')}` });
    return { errors, warnings, idLine: 1 };
  }
  const idLine = lineOfPath(doc, ['id'], at);

  const parsed = RuleFile.safeParse(raw);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) errors.push(...describeSchemaIssue(zi, doc, at, file));
    return { errors, warnings, idLine };
  }
  const def = parsed.data;

  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (stem !== def.id && !stem.startsWith(`${def.id}-`)) {
    errors.push({ file, line: idLine, message: `rule id ${def.id} does not match the file name: expected the file to be named ${def.id}-<slug>.yaml` });
  }

  const kinds = isKind(def.resource) ? [def.resource] : kindsOfCategory(def.resource as Category);
  const conditionNode = doc.getIn(['condition'], true) as YamlNode;
  const conditionAt = (rawOffset: number) => {
    // an error at the end of input ("Unexpected token: EOF") points just after the last character, not at a blank line
    const offset = Math.min(rawOffset, def.condition.trimEnd().length);
    const pos = locateInScalar(text, conditionNode, offset, lineCounter);
    const { excerpt } = caretExcerpt(def.condition, offset);
    return { pos, excerpt };
  };

  let condition: CompiledCondition | undefined;
  try {
    condition = compileCondition(def.condition);
  } catch (e) {
    if (!(e instanceof CelSyntaxError)) throw e;
    const { pos, excerpt } = conditionAt(e.offset);
    errors.push({ file, ...pos, message: `condition: CEL syntax error: ${e.summary}\n${excerpt}` });
  }

  let reads: FieldRead[] = [];
  if (condition) {
    reads = checkFields(condition, kinds, (offset, message, severity) => {
      const { pos, excerpt } = conditionAt(offset);
      (severity === 'error' ? errors : warnings).push({ file, ...pos, message: `condition: ${message}\n${excerpt}` });
    });
  }

  for (const placeholder of messagePlaceholders(def.message)) {
    if (!placeholder.path.startsWith('resource')) {
      errors.push({ file, line: lineOfPath(doc, ['message'], at), message: `message placeholder {{${placeholder.path}}}: placeholders read resource fields, e.g. {{resource.name}}` });
      continue;
    }
    try {
      checkFields(compileCondition(placeholder.path), kinds, (_offset, message, severity) => {
        (severity === 'error' ? errors : warnings).push({ file, line: lineOfPath(doc, ['message'], at), message: `message placeholder {{${placeholder.path}}}: ${message}` });
      });
    } catch {
      errors.push({ file, line: lineOfPath(doc, ['message'], at), message: `message placeholder {{${placeholder.path}}} is not a field path like resource.name` });
    }
  }

  for (const outcome of ['fail', 'pass', 'unknown'] as const) {
    def.examples[outcome].forEach((example, i) => {
      const built = buildExample(def.resource as Kind | Category, example);
      if (built.ok) return;
      const base = ['examples', outcome, i];
      if (built.issues) {
        for (const zi of built.issues) {
          errors.push({ file, line: lineOfPath(doc, [...base, ...zi.path], at), message: `examples.${outcome}[${i}]: ${built.message}: at ${jsonPath(zi.path)}: ${zi.message}` });
        }
      } else {
        errors.push({ file, line: lineOfPath(doc, [...base, ...built.path], at), message: `examples.${outcome}[${i}]: ${built.message}` });
      }
    });
  }
  if (def.examples.fail.length === 0) warnings.push({ file, line: lineOfPath(doc, ['examples'], at), message: 'no fail example: add at least one resource the rule must report', authoring: true });
  if (def.examples.pass.length === 0) warnings.push({ file, line: lineOfPath(doc, ['examples'], at), message: 'no pass example: add at least one resource the rule must not report', authoring: true });

  if (errors.length || !condition) return { errors, warnings, idLine };
  return { rule: { id: def.id, def, source: where.source.split('\\').join('/'), kinds, condition, reads }, errors, warnings, idLine };
}

/**
 * Checks the condition's field paths against every kind the rule covers. A field no kind defines is an error;
 * a field only some kinds of a category define is a warning (on the others the condition errors, so it yields unknown).
 */
function checkFields(condition: CompiledCondition, kinds: Kind[], report: (offset: number, message: string, severity: 'error' | 'warning') => void): FieldRead[] {
  const byOffset = new Map<number, { message: string; kinds: Kind[] }>();
  let reads: FieldRead[] = [];
  for (const kind of kinds) {
    const result = analyzeFields(condition.ast, RESOURCE_SCHEMAS[kind] as unknown as z.ZodType);
    if (reads.length === 0) reads = result.reads;
    for (const p of result.problems) {
      const entry = byOffset.get(p.offset) ?? { message: p.message, kinds: [] };
      entry.kinds.push(kind);
      byOffset.set(p.offset, entry);
    }
  }
  for (const [offset, { message, kinds: missingIn }] of byOffset) {
    if (missingIn.length === kinds.length) report(offset, kinds.length === 1 ? `${message} (${kinds[0]})` : message, 'error');
    else report(offset, `${message} for ${missingIn.join(', ')}; on those kinds the rule reports unknown`, 'warning');
  }
  return reads;
}

function lineCol(pos: { line: number; col: number }) {
  return { line: pos.line, column: pos.col };
}

/** Line of the value at a path, or of the closest existing parent. */
function lineOfPath(doc: Document, path: PropertyKey[], at: (offset: number) => { line: number; col: number }): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as any, true) as YamlNode | undefined;
    if (node && (node as any).range) {
      // for a mapping's missing key, point at the mapping; for a present key, the key's line is where the eye goes
      if (n > 0) {
        const parent = n > 1 ? doc.getIn(path.slice(0, n - 1) as any, true) : doc.contents;
        const keyLine = keyLineIn(parent, path[n - 1], at);
        if (keyLine) return keyLine;
      }
      return at((node as any).range[0]).line;
    }
  }
  return 1;
}

function keyLineIn(parent: unknown, key: PropertyKey, at: (offset: number) => { line: number; col: number }): number | undefined {
  return keyPosIn(parent, key, at)?.line;
}

function keyPosIn(parent: unknown, key: PropertyKey, at: (offset: number) => { line: number; col: number }): { line: number; column: number } | undefined {
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? lineCol(at(range[0])) : undefined;
}

function describeSchemaIssue(zi: z.core.$ZodIssue, doc: Document, at: (offset: number) => { line: number; col: number }, file: string): RuleIssue[] {
  if (zi.code === 'unrecognized_keys') {
    const parent = zi.path.length ? doc.getIn(zi.path as any, true) : doc.contents;
    const where = zi.path.length ? `${jsonPath(zi.path).slice(2)}.` : '';
    const expected = zi.path.length === 0 ? RULE_FIELDS : zi.path[0] === 'frameworks' ? ['mitreAtlas', 'owaspMl', 'owaspLlm'] : ['fail', 'pass', 'unknown'];
    return zi.keys.map((key) => ({
      file,
      ...(keyPosIn(parent, key, at) ?? { line: 1 }),
      message: `unknown field "${where}${key}"${didYouMean(key, expected)}; expected one of: ${expected.join(', ')}`,
    }));
  }
  const field = zi.path.length ? jsonPath(zi.path).slice(2) : '(rule)';
  const missing = zi.code === 'invalid_type' && doc.getIn(zi.path as any, true) === undefined;
  const found = missing ? '' : `, found ${JSON.stringify(doc.getIn(zi.path as any))}`;
  return [{ file, line: lineOfPath(doc, zi.path, at), message: missing ? `missing required field "${field}"` : `${field}: ${zi.message}${found}` }];
}

/**
 * Line and column in the file of an offset inside a scalar's value. Block scalars and multi-line plain scalars
 * join their source lines with one character (newline or space), so walking the source lines maps offsets back.
 */
function locateInScalar(text: string, node: YamlNode, offset: number, lineCounter: LineCounter): { line: number; column: number } {
  const start = node.range![0];
  const first = lineCounter.linePos(start);
  const lines = text.split(/\r?\n/);
  const type = isScalar(node) ? node.type : undefined;
  const block = type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED';
  const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE';
  let segments: { line: number; col: number; text: string }[];
  if (block) {
    const body = lines.slice(first.line).map((t, i) => ({ line: first.line + 1 + i, t }));
    const indent = body.find((b) => b.t.trim())?.t.match(/^ */)?.[0].length ?? 0;
    segments = body.map((b) => ({ line: b.line, col: indent + 1, text: b.t.slice(indent) }));
  } else {
    const head = lines[first.line - 1].slice(first.col - 1 + (quoted ? 1 : 0));
    segments = [{ line: first.line, col: first.col + (quoted ? 1 : 0), text: head }];
    for (let l = first.line; l < lines.length; l++) {
      const indent = lines[l].match(/^ */)![0].length;
      segments.push({ line: l + 1, col: indent + 1, text: lines[l].slice(indent) });
    }
  }
  let remaining = offset;
  for (const s of segments) {
    if (remaining <= s.text.length) return { line: s.line, column: s.col + remaining };
    remaining -= s.text.length + 1;
  }
  return { line: first.line, column: first.col };
}
