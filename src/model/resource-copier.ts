import type { Resource } from './resource.js';
import { compileLiteral, type LiteralBuilder } from './object-literal.js';

interface Shape {
  keys: readonly string[];
  build: LiteralBuilder | undefined;
}

/** Key lists compiled per kind at most; resources of a kind beyond them are copied by spread. */
const MAX_SHAPES_PER_KIND = 16;

/**
 * Copies resources as `{ ...resource, ...fields }` would, for a fixed list of field names (same keys in the same
 * order, fields the resource lacks added last), but compact and fast: spreading a large parsed object and adding a
 * key gives it a property store several times larger than needed (about 850 instead of 235 bytes for a bucket), and
 * spreading that again is compact but slow (about 3 us per bucket). One literal (src/model/object-literal.ts) is
 * compiled per key list (a kind has one or a few), and a resource is matched to it by walking its keys, which
 * allocates nothing. Used by the stages that add `access`, `reach` and `related`.
 */
export class ResourceCopier {
  private readonly shapes = new Map<string, Shape[]>();
  private readonly fieldSet: ReadonlySet<string>;

  constructor(private readonly fieldNames: readonly string[]) {
    this.fieldSet = new Set(fieldNames);
  }

  copy<R extends Resource>(resource: R, fields: Partial<Resource>): R {
    const shape = this.shapeOf(resource);
    return shape?.build ? (shape.build(resource, fields) as R) : spreadCopy(resource, fields);
  }

  private shapeOf(resource: Resource): Shape | undefined {
    let shapes = this.shapes.get(resource.kind);
    if (shapes) for (const shape of shapes) if (hasKeys(resource, shape.keys)) return shape;
    if (!shapes) this.shapes.set(resource.kind, (shapes = []));
    if (shapes.length >= MAX_SHAPES_PER_KIND) return undefined;
    const keys = Object.keys(resource);
    const shape = { keys, build: compileLiteral([...keys, ...this.fieldNames.filter((k) => !keys.includes(k))], this.fieldSet) };
    shapes.unshift(shape);
    return shape;
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
