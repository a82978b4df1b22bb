import { PickleWalker } from '../pickle/walker.js';
import type { ChunkReader } from '../chunk-reader.js';
import type { ScanContext } from '../context.js';
import type { PickleReport } from '../pickle/walker.js';

/** Runs every pickle in the stream through the walker; offsets are relative to the member (plus baseOffset). */
export async function scanPickleStream(reader: ChunkReader, member: string, ctx: ScanContext, baseOffset = 0): Promise<PickleReport> {
  const walker = new PickleWalker(baseOffset, { deadline: ctx.budget.deadline });
  for await (const chunk of reader.chunks()) {
    walker.feed(chunk);
    if (walker.failed) {
      await reader.cancel();
      break;
    }
  }
  const report = walker.end();
  ctx.recordPickle(member, report);
  return report;
}

export function pickleFormat(report: PickleReport): 'pickle' | 'joblib' | 'pytorch-legacy' {
  if (report.legacyTorch) return 'pytorch-legacy';
  if (report.joblibArrays > 0 || report.globals.some((g) => g.module.endsWith('numpy_pickle'))) return 'joblib';
  return 'pickle';
}
