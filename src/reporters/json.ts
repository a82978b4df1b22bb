import { jsonDocumentChunks } from '../model/stream/json-chunks.js';
import { streamingReporter } from './types.js';

/**
 * The whole ScanResult (inventory, rules with counts, findings in pipeline order) as stable, indented JSON: the text of
 * `JSON.stringify(result, null, 2)`, produced one resource, edge, rule and finding at a time.
 */
export const jsonReporter = streamingReporter({
  name: 'json',
  fileName: 'aispm.json',
  chunks: (result) => jsonDocumentChunks(result),
});
