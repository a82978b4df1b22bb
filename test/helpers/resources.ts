import type { Kind } from '../../src/model/kinds.js';
import type { Resource } from '../../src/model/resource.js';
import { buildExample } from '../../src/rules/examples.js';

/** A valid resource of a kind with the given fields set (defaults from the model schema for the rest). */
export function makeResource(kind: Kind, fields: Record<string, unknown>): Resource {
  const built = buildExample(kind, fields);
  if (!built.ok) throw new Error(`${kind}: ${built.message} ${JSON.stringify(built.issues ?? built.path)}`);
  return built.resource;
}
