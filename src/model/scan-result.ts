import { z } from 'zod';
import { Finding, Frameworks } from './finding.js';
import { Severity } from './severity.js';
import { Inventory } from './inventory.js';

/** Rule metadata carried into the results, so reporters (SARIF rules, HTML) need no rule files. */
export const RuleDescriptor = z.object({
  id: z.string(),
  title: z.string(),
  severity: Severity,
  type: z.enum(['resource', 'path', 'artifact']),
  resource: z.string().describe('kind, category, or "path"'),
  description: z.string(),
  remediation: z.string(),
  references: z.array(z.string()),
  frameworks: Frameworks,
  tags: z.array(z.string()),
  source: z.string().describe('rule file path relative to its rules directory'),
  counts: z.object({ pass: z.number().int(), fail: z.number().int(), unknown: z.number().int() }),
});
export type RuleDescriptor = z.infer<typeof RuleDescriptor>;

export const ScanResult = z.object({
  tool: z.object({ name: z.literal('aispm'), version: z.string() }),
  scanId: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  inventory: Inventory,
  rules: z.array(RuleDescriptor),
  findings: z.array(Finding).describe('sorted: attack paths first, then by severity, rule and resource'),
  artifacts: z.array(z.unknown()).default([]).describe('model artifact scan results'),
  suppressions: z
    .object({ stale: z.array(z.string()), expired: z.array(z.string()) })
    .default({ stale: [], expired: [] }),
  previousScanId: z.string().optional(),
  fixed: z.array(Finding).default([]).describe('findings of the previous scan that are gone (baselineState absent)'),
});
export type ScanResult = z.infer<typeof ScanResult>;
export type ScanResultInput = z.input<typeof ScanResult>;
