import { EDGE_TYPES, type EdgeType } from '../model/index.js';

/**
 * The one table of traversal directions. Attack paths follow the flow of data or control:
 * `forward` means it flows from the edge's `from` to its `to` (a principal can-write a bucket: principal -> bucket);
 * `reversed` means it flows from `to` to `from` (a job reads-from a bucket: bucket -> job).
 */
export const EDGE_FLOW: Record<EdgeType, 'forward' | 'reversed'> = {
  'can-write': 'forward', // principal or role -> bucket it can write
  'can-read': 'reversed', // bucket -> principal that can read it
  'can-assume': 'forward', // principal -> role it can assume (control)
  'uses-role': 'forward', // job/notebook/model -> the role whose permissions it runs with (control)
  'writes-to': 'forward', // job -> bucket it writes output to
  'reads-from': 'reversed', // bucket/dataset -> job reading it
  'imports-from': 'reversed', // bucket -> dataset importing it
  'sources-data-from': 'reversed', // bucket -> knowledge base sourcing data from it
  produces: 'forward', // job -> model it produced
  'stored-in': 'reversed', // bucket (prefix) -> model whose artifact is stored there
  uses: 'reversed', // model -> endpoint config using it; endpoint config -> endpoint using it
  serves: 'reversed', // model -> endpoint serving it
};

/** Edges that describe how data moves between resources (not who may act on them). */
export const LINEAGE_EDGES: ReadonlySet<EdgeType> = new Set<EdgeType>([
  'reads-from',
  'writes-to',
  'produces',
  'stored-in',
  'uses',
  'serves',
  'imports-from',
  'sources-data-from',
]);

export const ACCESS_EDGES: ReadonlySet<EdgeType> = new Set<EdgeType>(['can-read', 'can-write', 'can-assume']);

export const EDGE_TYPE_INDEX: Record<EdgeType, number> = Object.fromEntries(EDGE_TYPES.map((t, i) => [t, i])) as Record<EdgeType, number>;

/** Flow source and sink of an edge, in the direction attack paths traverse it. */
export function flowEnds(edge: { from: string; to: string; type: EdgeType }): [string, string] {
  return EDGE_FLOW[edge.type] === 'forward' ? [edge.from, edge.to] : [edge.to, edge.from];
}
