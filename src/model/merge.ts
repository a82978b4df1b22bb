import { INVENTORY_SCHEMA_VERSION, type Inventory } from './inventory.js';

/** Combines inventories from several connectors or accounts; later duplicates of a resource id are dropped. */
export function mergeInventories(parts: Inventory[], generatedAt = new Date().toISOString()): Inventory {
  const seen = new Set<string>();
  const out: Inventory = { schemaVersion: INVENTORY_SCHEMA_VERSION, generatedAt, targets: [], resources: [], edges: [], coverage: { services: [], failures: [] } };
  const edgeKeys = new Set<string>();
  for (const part of parts) {
    out.targets.push(...part.targets);
    for (const r of part.resources) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.resources.push(r);
    }
    for (const e of part.edges) {
      const key = `${e.from}\u0000${e.type}\u0000${e.to}\u0000${e.prefix ?? ''}`;
      if (edgeKeys.has(key)) continue;
      edgeKeys.add(key);
      out.edges.push(e);
    }
    out.coverage.services.push(...part.coverage.services);
    out.coverage.failures.push(...part.coverage.failures);
  }
  return out;
}
