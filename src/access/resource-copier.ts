import type { Resource } from '../model/index.js';

type Copier = (resource: Resource, fields: Partial<Resource>) => Resource;

interface Shape {
  keys: readonly string[];
  copy: Copier;
}

/** Key lists compiled per kind at most; resources of a kind beyond them are copied by spread. */
const MAX_SHAPES_PER_KIND = 16;

/**
 * Copies resources as `{ ...resource, ...fields }` would, for a fixed list of field names (same keys in the same order,
 * added fields last), but fast and compact. Spreading a large parsed object and adding keys it lacks gives it a
 * property store several times larger than needed (about 850 instead of 235 bytes for a bucket), spreading that again
 * is compact but costs about 3 us per bucket; an object literal of the keys is exact-size and several times faster. One
 * literal is compiled per key list (a kind has one or a few) and a resource is matched to it by walking its keys.
 */
export class ResourceCopier {
  private readonly shapes = new Map<string, Shape[]>();

  constructor(private readonly fieldNames: readonly string[]) {}

  copy<R extends Resource>(resource: R, fields: Partial<Resource>): R {
    let shapes = this.shapes.get(resource.kind);
    if (shapes) for (const shape of shapes) if (hasKeys(resource, shape.keys)) return shape.copy(resource, fields) as R;
    if (!shapes) this.shapes.set(resource.kind, (shapes = []));
    if (shapes.length >= MAX_SHAPES_PER_KIND) return spreadCopy(resource, fields);
    const keys = Object.keys(resource);
    const shape = { keys, copy: this.compile(keys) };
    shapes.unshift(shape);
    return shape.copy(resource, fields) as R;
  }

  private compile(keys: readonly string[]): Copier {
    // in a literal, a `__proto__` key would set the prototype instead of copying the property
    if (keys.includes('__proto__')) return spreadCopy;
    const names = new Set<string>(this.fieldNames);
    const members = keys.map((k) => `${JSON.stringify(k)}: ${names.has(k) ? 'fields' : 'resource'}[${JSON.stringify(k)}]`);
    for (const k of this.fieldNames) if (!keys.includes(k)) members.push(`${JSON.stringify(k)}: fields[${JSON.stringify(k)}]`);
    // JSON.stringify quotes any key as a valid JavaScript string literal, so no key can inject code
    return new Function('resource', 'fields', `return { ${members.join(', ')} };`) as Copier;
  }
}

/** Whether the resource's enumerable keys are exactly these, in this order. */
function hasKeys(resource: Resource, keys: readonly string[]): boolean {
  let k = 0;
  for (const key in resource) if (key !== keys[k++]) return false;
  return k === keys.length;
}

/** Spread with the fields, then spread the result again (a spread of an object that has every key is compact). */
function spreadCopy<R extends Resource>(resource: R, fields: Partial<Resource>): R {
  return { ...{ ...resource, ...fields } };
}
