import { fromCelValue } from './cel.js';

/** Finding message templates: `{{resource.name}}` placeholders read resource fields. */
const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

export function messagePlaceholders(template: string): { path: string }[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ path: m[1] }));
}

export function valueAtPath(root: unknown, path: string): unknown {
  let v: any = root;
  for (const key of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    v = Array.isArray(v) ? v.map((e) => e?.[key]) : v[key];
  }
  return v;
}

export function renderMessage(template: string, resource: unknown): string {
  return template.replace(PLACEHOLDER, (_, path: string) => {
    const value = fromCelValue(valueAtPath({ resource }, path));
    if (value === undefined || value === null) return '<none>';
    if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.join(', ');
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
