import { fromCelValue } from './cel.js';

/** Finding message templates: `{{resource.name}}` placeholders read resource fields. */
const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

export function messagePlaceholders(template: string): { path: string }[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ path: m[1] }));
}

const splitPaths = new Map<string, string[]>();

function keysOf(path: string): string[] {
  let keys = splitPaths.get(path);
  if (!keys) splitPaths.set(path, (keys = path.split('.')));
  return keys;
}

export function valueAtPath(root: unknown, path: string): unknown {
  let v: any = root;
  for (const key of keysOf(path)) {
    if (v === null || v === undefined) return undefined;
    v = Array.isArray(v) ? v.map((e) => e?.[key]) : v[key];
  }
  return v;
}

/** A template split once into its literal text and placeholder paths (odd positions). */
const compiledTemplates = new Map<string, string[]>();

function compile(template: string): string[] {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      parts.push(template.slice(last, m.index), m[1]);
      last = m.index + m[0].length;
    }
    parts.push(template.slice(last));
    compiledTemplates.set(template, parts);
  }
  return parts;
}

export function renderMessage(template: string, resource: unknown): string {
  const parts = compile(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += renderValue(valueAtPath({ resource }, parts[i])) + parts[i + 1];
  return out;
}

function renderValue(raw: unknown): string {
  const value = fromCelValue(raw);
  if (value === undefined || value === null) return '<none>';
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
