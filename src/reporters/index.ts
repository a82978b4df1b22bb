import type { Reporter } from './types.js';
import { tableReporter } from './table.js';
import { jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { htmlReporter } from './html/index.js';
import { cyclonedxReporter } from './cyclonedx.js';

/** Every output format by name; add a format by adding its reporter here. */
export const REPORTERS = {
  table: tableReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  html: htmlReporter,
  cyclonedx: cyclonedxReporter,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;
export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

export { reportChunks, streamingReporter, type Reporter, type RenderOptions, type ReportChunks } from './types.js';
