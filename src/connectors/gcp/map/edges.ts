import { parseStorageUri, type Edge, type EdgeType } from '../../../model/index.js';

/** An edge to the bucket a gs:// URI names, with the object prefix kept; nothing for non-Cloud Storage URIs. */
export function storageEdge(from: string, type: EdgeType, uri: string): Edge | undefined {
  const loc = parseStorageUri(uri);
  if (!loc || loc.provider !== 'gcp') return undefined;
  return { from, to: loc.bucketId, type, ...(loc.prefix ? { prefix: loc.prefix } : {}), uri };
}

export function storageEdges(from: string, type: EdgeType, uris: readonly string[]): Edge[] {
  return uris.map((u) => storageEdge(from, type, u)).filter((e): e is Edge => e !== undefined);
}

export function edgeKey(e: Edge): string {
  return `${e.from}\u0000${e.type}\u0000${e.to}\u0000${e.prefix ?? ''}`;
}

export function dedupeEdges(edges: readonly Edge[]): Edge[] {
  const seen = new Map<string, Edge>();
  for (const e of edges) if (!seen.has(edgeKey(e))) seen.set(edgeKey(e), e);
  return [...seen.values()];
}
