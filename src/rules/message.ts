import { fromCelValue } from './cel.js';

/** Finding message templates: `{{resource.name}}` placeholders read resource fields. */
const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

export function messagePlaceholders(template: string): { path: string }[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ path: m[1] }));
}

/** The value at a dotted path given as its keys; through a list, the list of its elements' values. */
export function valueAtKeys(root: unknown, keys: readonly string[]): unknown {
  let v: any = root;
  for (const key of keys) {
    if (v === null || v === undefined) return undefined;
    v = Array.isArray(v) ? v.map((e) => e?.[key]) : v[key];
  }
  return v;
}

/**
 * A template split once into its literal texts and the placeholder paths between them, split at their dots; a path
 * that starts at `resource` is kept as the keys below it.
 */
interface CompiledTemplate {
  texts: string[];
  paths: { belowResource: boolean; keys: string[] }[];
}
const compiledTemplates = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (!compiled) {
    compiled = { texts: [], paths: [] };
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      compiled.texts.push(template.slice(last, m.index));
      const keys = m[1].split('.');
      compiled.paths.push(keys[0] === 'resource' ? { belowResource: true, keys: keys.slice(1) } : { belowResource: false, keys });
      last = m.index + m[0].length;
    }
    compiled.texts.push(template.slice(last));
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

export function renderMessage(template: string, resource: unknown): string {
  const { texts, paths } = compile(template);
  let out = texts[0];
  for (let i = 0; i < paths.length; i++) {
    const { belowResource, keys } = paths[i];
    out += renderValue(belowResource ? valueAtKeys(resource, keys) : valueAtKeys({ resource }, keys)) + texts[i + 1];
  }
  return out;
}

function renderValue(raw: unknown): string {
  const value = fromCelValue(raw);
  if (value === undefined || value === null) return '<none>';
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
