import type { Related, Resource } from '../model/index.js';

type Copier = (resource: Resource, related: Related) => Resource;

interface Shape {
  keys: readonly string[];
  copy: Copier;
}

/** Key lists compiled per kind at most; resources of a kind beyond them are copied by spread. */
const MAX_SHAPES_PER_KIND = 16;

/**
 * Copies resources with a `related` slot as `{ ...resource, related }` would (same keys in the same order, `related`
 * last unless the resource already has it), but compact. V8 (Node 20) gives an object spread from a large parsed
 * object plus one added key a property store several times larger than needed (about 350 instead of 80 bytes per
 * resource of the evaluation inventory). An object literal of the resource's keys is exact-size and about as fast as
 * a plain spread, so one literal is compiled per key list (a kind has one or a few) and reused; a resource is matched
 * to its key list by walking its keys, which allocates nothing.
 */
export class RelatedCopier {
  private readonly shapes = new Map<string, Shape[]>();

  copy(resource: Resource, related: Related): Resource {
    let shapes = this.shapes.get(resource.kind);
    if (shapes) for (const shape of shapes) if (hasKeys(resource, shape.keys)) return shape.copy(resource, related);
    if (!shapes) this.shapes.set(resource.kind, (shapes = []));
    if (shapes.length >= MAX_SHAPES_PER_KIND) return spreadCopy(resource, related);
    const keys = Object.keys(resource);
    const shape = { keys, copy: compileCopier(keys) };
    shapes.unshift(shape);
    return shape.copy(resource, related);
  }
}

/** Whether the resource's enumerable keys are exactly these, in this order. */
function hasKeys(resource: Resource, keys: readonly string[]): boolean {
  let k = 0;
  for (const key in resource) if (key !== keys[k++]) return false;
  return k === keys.length;
}

/** Spread with the slot, then spread the result again (a spread of an object that has every key is compact). */
function spreadCopy(resource: Resource, related: Related): Resource {
  return { ...{ ...resource, related } };
}

function compileCopier(keys: readonly string[]): Copier {
  // in a literal, a `__proto__` key would set the prototype instead of copying the property
  if (keys.includes('__proto__')) return spreadCopy;
  const fields = keys.map((k) => (k === 'related' ? '"related": related' : `${JSON.stringify(k)}: resource[${JSON.stringify(k)}]`));
  if (!keys.includes('related')) fields.push('"related": related');
  return new Function('resource', 'related', `return { ${fields.join(', ')} };`) as Copier;
}
