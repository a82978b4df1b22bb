import type { Inventory } from './model/inventory.js';

type InventoryEdge = Inventory['edges'][number];

/**
 * Resources by id and edges by (from, type, to, prefix), each compared as `<` compares strings (UTF-16 code units),
 * equal keys in their input order: every stage sees the same order whatever the collection order. New arrays; the
 * resources and edges themselves are not copied.
 *
 * The same order as a stable `sort` of the objects with a comparator. The resources' ids are read once into an array
 * and positions are sorted, so the comparator's calls read no scattered resource (at 10^6, 0.42 s against 0.56 s
 * sorting the resources themselves); resources already in order cost one pass.
 */
export function canonicalOrder(inventory: Inventory): Inventory {
  return { ...inventory, resources: resourcesById(inventory.resources), edges: edgesByKey(inventory.edges) };
}

export function resourcesById<R extends { id: string }>(resources: readonly R[]): R[] {
  const ids: string[] = new Array(resources.length);
  for (let i = 0; i < resources.length; i++) ids[i] = resources[i].id;
  return inOrder(resources, orderByKey(ids));
}

export function edgesByKey<E extends InventoryEdge>(edges: readonly E[]): E[] {
  // sorted as objects, not through key arrays as the resources are: edges are small objects read in the order they
  // were made, and four key arrays and a positions list would be about 50 MiB of garbage at 10^6 resources (1.3 M
  // edges), 14 MiB this way, for 5% less time (450 against 480 ms, /tmp/s9/canon-ab.mts)
  return edges.slice().sort(compareEdges);
}

function compareEdges(a: InventoryEdge, b: InventoryEdge): number {
  if (a.from !== b.from) return a.from < b.from ? -1 : 1;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  if (a.to !== b.to) return a.to < b.to ? -1 : 1;
  const p = a.prefix ?? '';
  const q = b.prefix ?? '';
  return p === q ? 0 : p < q ? -1 : 1;
}

function inOrder<T>(items: readonly T[], order: number[] | undefined): T[] {
  if (!order) return items.slice();
  const out: T[] = new Array(items.length);
  for (let i = 0; i < order.length; i++) out[i] = items[order[i]];
  return out;
}

/** The positions 0..n-1 in ascending order of `keys`, then of position; undefined when they are in that order already. */
export function orderByKey(keys: readonly string[]): number[] | undefined {
  const n = keys.length;
  let ascending = true;
  for (let i = 1; i < n && ascending; i++) if (keys[i] < keys[i - 1]) ascending = false;
  if (ascending) return undefined;
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (x !== y) return x < y ? -1 : 1;
    return a - b;
  });
}
