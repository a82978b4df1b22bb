import { createColors } from 'picocolors';
import type { Finding, ScanResult, Severity } from '../model/index.js';
import { SEVERITIES } from '../model/severity.js';
import { formatHops } from '../graph/format.js';
import { streamingReporter } from './types.js';

/**
 * Terminal report: findings grouped by severity (worst first) with counts; unknowns shown, never hidden. Written a line
 * at a time: a large estate's table is longer than a string can be.
 */
export const tableReporter = streamingReporter({
  name: 'table',
  fileName: 'aispm.txt',
  *chunks(result, options) {
    const c = createColors(options.color);
    const paint: Record<Severity, (s: string) => string> = {
      critical: (s) => c.bold(c.magenta(s)),
      high: c.red,
      medium: c.yellow,
      low: c.cyan,
      info: c.dim,
    };
    const line = (text: string) => `${text}\n`;
    const active = result.findings.filter((f) => !f.suppressed);
    const suppressed = result.findings.length - active.length;
    for (const severity of SEVERITIES) {
      const group = active.filter((f) => f.severity === severity);
      if (group.length === 0) continue;
      const failed = group.filter((f) => f.status === 'fail').length;
      const unknown = group.length - failed;
      yield line(paint[severity](c.bold(`${severity.toUpperCase()} (${failed} failed${unknown ? `, ${unknown} unknown` : ''})`)));
      for (const f of group) yield row(f, c).map(line).join('');
      yield line('');
    }
    if (active.length === 0) yield line(c.green('No findings.')) + line('');
    yield line(summaryLine(result, c.bold));
    if (suppressed) yield line(c.dim(`${suppressed} suppressed finding${suppressed === 1 ? '' : 's'} not shown`));
    const failures = result.inventory.coverage.failures.length;
    if (failures) yield line(c.yellow(`${failures} collection failure${failures === 1 ? '' : 's'}: the affected fields are reported as unknown`));
  },
});

type Colors = ReturnType<typeof createColors>;

function row(f: Finding, c: Colors): string[] {
  const status = f.status === 'fail' ? c.red('FAIL   ') : c.yellow('UNKNOWN');
  const state = f.baselineState === 'new' ? c.bold(' [new]') : '';
  const out = [`  ${status} ${c.bold(f.ruleId)}  ${f.title}${state}`];
  if (f.hops?.length) out.push(`          ${formatHops(f.hops)}`);
  else out.push(`          ${c.dim(`${f.resource.id} (${f.resource.account}, ${f.resource.region})`)}`);
  out.push(`          ${f.message}`);
  return out;
}

export function summaryLine(result: ScanResult, bold: (s: string) => string = (s) => s): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const bySeverity = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s && f.status === 'fail').length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const failed = active.filter((f) => f.status === 'fail').length;
  const unknown = active.length - failed;
  const resources = result.inventory.resources.length;
  return bold(
    `${resources} resource${resources === 1 ? '' : 's'}, ${result.rules.length} rule${result.rules.length === 1 ? '' : 's'}: ` +
      `${failed} failed${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''}, ${unknown} unknown`,
  );
}
