import type { Reporter } from './types.js';

/** The whole ScanResult (inventory, rules with counts, findings in pipeline order) as stable, indented JSON. */
export const jsonReporter: Reporter = {
  name: 'json',
  fileName: 'aispm.json',
  render: (result) => JSON.stringify(result, null, 2) + '\n',
};
