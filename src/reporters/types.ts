import type { ScanResult } from '../model/index.js';

export interface RenderOptions {
  /** Colour and layout for a terminal; reporters writing files ignore it. */
  color: boolean;
  /** Directory the output is written to, for reporters that want relative links. */
  outputDir?: string;
}

/** One output format. Reporters are pure: they turn a result into text and never touch the file system. */
export interface Reporter {
  name: string;
  /** File name used when writing to --output DIR, e.g. "aispm.sarif". */
  fileName: string;
  render(result: ScanResult, options: RenderOptions): string;
}
