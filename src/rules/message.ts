import { fromCelValue } from './cel.js';

/** Finding message templates: `{{resource.name}}` placeholders read resource fields. */
const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

export function messagePlaceholders(template: string): { path: string }[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ path: m[1] }));
}

/** The value at a dotted path given as its keys; through a list, the list of its elements' values. */
export function valueAtKeys(root: unknown, keys: readonly string[]): unknown {
  let v: any = root;
  // an index loop, and no closure over the key: a loop variable that a closure captures costs an allocation per step
  for (let i = 0; i < keys.length; i++) {
    if (v === null || v === undefined) return undefined;
    v = Array.isArray(v) ? membersAt(v, keys[i]) : v[keys[i]];
  }
  return v;
}

const membersAt = (list: unknown[], key: string) => list.map((e: any) => e?.[key]);

/**
 * A template split once into its literal texts and the placeholder paths between them, split at their dots; a path
 * that starts at `resource` is kept as the keys below it.
 */
interface CompiledTemplate {
  texts: string[];
  paths: { belowResource: boolean; keys: string[] }[];
}
function compile(template: string): CompiledTemplate {
  const compiled: CompiledTemplate = { texts: [], paths: [] };
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    compiled.texts.push(template.slice(last, m.index));
    const keys = m[1].split('.');
    compiled.paths.push(keys[0] === 'resource' ? { belowResource: true, keys: keys.slice(1) } : { belowResource: false, keys });
    last = m.index + m[0].length;
  }
  compiled.texts.push(template.slice(last));
  return compiled;
}

export function renderMessage(template: string, resource: unknown): string {
  return messageRenderer(template)(resource);
}

/** The template as a function of the resource; made once per template. */
export function messageRenderer(template: string): (resource: unknown) => string {
  let render = renderers.get(template);
  if (!render) renderers.set(template, (render = compileRenderer(compile(template))));
  return render;
}
const renderers = new Map<string, (resource: unknown) => string>();

function compileRenderer({ texts, paths }: CompiledTemplate): (resource: unknown) => string {
  const valueAt = paths.map(({ belowResource, keys }) => (belowResource ? (resource: unknown) => valueAtKeys(resource, keys) : (resource: unknown) => valueAtKeys({ resource }, keys)));
  if (paths.length === 0) return () => texts[0];
  const head = sharedHead(texts[0], paths[0], valueAt[0]);
  if (paths.length === 1) {
    // the common case: one placeholder (the resource's name)
    const after = texts[1];
    return (resource) => head.of(resource) + after;
  }
  return (resource) => {
    let out = head.of(resource) + texts[1];
    for (let i = 1; i < valueAt.length; i++) out += renderValue(valueAt[i](resource)) + texts[i + 1];
    return out;
  };
}

/**
 * A template's text up to and including its first placeholder ("Bucket {{resource.name}}"), which many templates of
 * one kind share. Rules run resource by resource, so the findings of one resource whose templates begin alike get
 * the same string for it (kept for the last string value rendered), and each message adds only its rest to it.
 */
class MessageHead {
  private value: string | undefined;
  private text = '';

  constructor(
    private readonly before: string,
    private readonly valueAt: (resource: unknown) => unknown,
  ) {}

  of(resource: unknown): string {
    const value = this.valueAt(resource);
    if (typeof value !== 'string') return this.before + renderValue(value);
    if (value !== this.value) {
      this.text = this.before + value;
      this.value = value;
    }
    return this.text;
  }
}

const heads = new Map<string, MessageHead>();

function sharedHead(before: string, path: CompiledTemplate['paths'][number], valueAt: (resource: unknown) => unknown): MessageHead {
  const key = JSON.stringify([before, path.belowResource, path.keys]);
  let head = heads.get(key);
  if (!head) heads.set(key, (head = new MessageHead(before, valueAt)));
  return head;
}

function renderValue(raw: unknown): string {
  const value = fromCelValue(raw);
  if (value === undefined || value === null) return '<none>';
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
