import { compileLiteral, type LiteralBuilder } from '../object-literal.js';

interface ShapeNode {
  next: Map<string, ShapeNode>;
  build?: LiteralBuilder;
}

/**
 * Copies objects into their most compact form. An object that zod (or any code) fills key by key starting from `{}`
 * keeps only its first four properties inside the object and the others in a separate, over-allocated array; an
 * object literal with all its keys holds every property inline, like the objects JSON.parse makes. For each distinct
 * list of keys (found through a trie of key names, no string built per object) this compiles one function that
 * returns such a literal; past `maxShapes` lists, or for a list with `__proto__` (an object literal would set the
 * prototype) or with more than `maxKeys` keys, the object is returned as it is.
 */
export class ObjectShapes {
  private readonly root: ShapeNode = { next: new Map() };
  private shapes = 0;

  constructor(
    private readonly maxShapes = 4096,
    private readonly maxKeys = 128,
  ) {}

  /** A copy of `source` (same keys in the same order, same values) that stores its properties inline. */
  compact<T extends object>(source: T, keys: readonly string[] = Object.keys(source)): T {
    if (keys.length > this.maxKeys) return source;
    let node = this.root;
    for (let i = 0; i < keys.length; i++) {
      let next = node.next.get(keys[i]);
      if (next === undefined) {
        if (this.shapes >= this.maxShapes || keys[i] === '__proto__') return source;
        next = { next: new Map() };
        node.next.set(keys[i], next);
      }
      node = next;
    }
    if (node.build === undefined) {
      if (this.shapes >= this.maxShapes) return source;
      const build = compileLiteral(keys);
      if (build === undefined) {
        // code generation is switched off (--disallow-code-generation-from-strings): nothing more is compacted
        this.shapes = this.maxShapes;
        return source;
      }
      node.build = build;
      this.shapes++;
    }
    return node.build(source as Record<string, unknown>) as T;
  }
}
