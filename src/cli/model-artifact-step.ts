// `--scan-models` for cloud scans: the model artifacts the inventory references are scanned before analysis, so the
// graph and path rules see resource.artifactScan; the returned enricher adds the artifact findings (on the model,
// naming the endpoints that serve it) to the analyzed result. Plugs into analyzeRecordAndReport's `enrich` hook.
import type { Command } from 'commander';
import { InputError } from '../model/errors.js';
import { plainFinding, type Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { ScanResult } from '../model/scan-result.js';
import { linkFindingsToPaths } from '../graph/rank.js';
import { sortFindings } from '../scan.js';
import { ARTIFACT_RULE_DESCRIPTORS } from '../artifacts/findings.js';
import { scanModelArtifacts, type ModelArtifactScan } from '../artifacts/scan-models.js';
import type { SourceClients } from '../artifacts/sources/resolve.js';
import { VERDICTS, type ArtifactLimits, type ArtifactScanResult } from '../artifacts/types.js';
import { artifactClients, parseByteSize } from './commands/scan-model.js';
import type { CliIO } from './io.js';

export interface ScanModelsFlags {
  scanModels?: boolean;
  maxModelBytes?: string;
  maxModelTotalBytes?: string;
  modelTimeout?: string;
}

/** Adds --scan-models and its limits to a scan command. */
export function addScanModelsOptions(command: Command): Command {
  return command
    .option('--scan-models', 'also scan the model artifacts the models reference (SageMaker ModelDataUrl and model packages, Vertex artifactUri) where they live, without loading them')
    .option('--max-model-bytes <size>', 'with --scan-models: bytes read per artifact before it is reported partial (default 8GiB)')
    .option('--max-model-total-bytes <size>', 'with --scan-models: bytes read over all artifacts (default 64GiB)')
    .option('--model-timeout <seconds>', 'with --scan-models: per-artifact timeout in seconds (default 300)');
}

/** The artifact limits of the flags; undefined without --scan-models (limits without it are a mistake). */
export function scanModelsLimits(flags: ScanModelsFlags): Partial<ArtifactLimits> | undefined {
  const limitFlags = (['maxModelBytes', 'maxModelTotalBytes', 'modelTimeout'] as const).filter((k) => flags[k] !== undefined);
  if (!flags.scanModels) {
    if (limitFlags.length) throw new InputError(`${limitFlags.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}: only used with --scan-models`);
    return undefined;
  }
  const limits: Partial<ArtifactLimits> = {};
  const perArtifact = parseByteSize('--max-model-bytes', flags.maxModelBytes);
  if (perArtifact) limits.maxBytesPerArtifact = perArtifact;
  const total = parseByteSize('--max-model-total-bytes', flags.maxModelTotalBytes);
  if (total) limits.maxTotalBytes = total;
  if (flags.modelTimeout !== undefined) {
    const s = Number(flags.modelTimeout);
    if (!Number.isFinite(s) || s <= 0) throw new InputError(`--model-timeout: expected a positive number of seconds, found "${flags.modelTimeout}"`);
    limits.timeoutMs = s * 1000;
  }
  return limits;
}

export interface ModelArtifactStage {
  /** the inventory with artifactScan on every resource that references a scanned artifact */
  inventory: Inventory;
  artifacts: ArtifactScanResult[];
  enrich: (result: ScanResult) => ScanResult;
}

/** Scans the referenced artifacts and returns the annotated inventory and the enricher for the analyzed result. */
export async function scanModelsStage(inventory: Inventory, clients: SourceClients, limits: Partial<ArtifactLimits> = {}): Promise<ModelArtifactStage> {
  const scan = await scanModelArtifacts(inventory, clients, limits);
  return { inventory: scan.inventory, artifacts: scan.artifacts, enrich: artifactEnricher(scan) };
}

/**
 * The stage for a CLI scan, with S3/GCS clients from the CLI's environment; `limits` from scanModelsLimits (parse the
 * flags before collection so a mistake fails fast). Without --scan-models (limits undefined) the inventory is unchanged.
 */
export async function modelArtifactStage(io: CliIO, inventory: Inventory, limits: Partial<ArtifactLimits> | undefined): Promise<{ inventory: Inventory; enrich?: ModelArtifactStage['enrich'] }> {
  if (!limits) return { inventory };
  const stage = await scanModelsStage(inventory, artifactClients(io.env), limits);
  const referencing = stage.inventory.resources.filter((r) => r.artifactScan).length;
  const verdicts = VERDICTS.map((v) => [v, stage.artifacts.filter((a) => a.verdict === v).length] as const).filter(([, n]) => n > 0);
  io.stderr.write(`aispm: model artifacts: ${stage.artifacts.length} scanned for ${referencing} resource${referencing === 1 ? '' : 's'}${verdicts.length ? `: ${verdicts.map(([v, n]) => `${n} ${v}`).join(', ')}` : ''}\n`);
  return stage;
}

/**
 * Adds the artifact findings to an analyzed result: each names the endpoints serving its model (from the graph's
 * resource.related.servingEndpoints), is linked to the attack paths through that model, and the ART rule
 * descriptors (with counts) and raw results are added.
 */
export function artifactEnricher(scan: ModelArtifactScan): (result: ScanResult) => ScanResult {
  return (result) => {
    const related = new Map(result.inventory.resources.map((r) => [r.id, r.related?.servingEndpoints ?? []]));
    const withEndpoints: Finding[] = scan.findings.map((f) => {
      const endpoints = related.get(f.resource.id) ?? [];
      return { ...plainFinding(f), evidence: [...f.evidence, { path: 'resource.related.servingEndpoints', value: endpoints }] };
    });
    const findings = linkFindingsToPaths(withEndpoints, result.findings.filter((f) => f.type === 'path'));
    const referencing = result.inventory.resources.filter((r) => r.artifactScan).length;
    const rules = ARTIFACT_RULE_DESCRIPTORS.map((d) => {
      const mine = findings.filter((f) => f.ruleId === d.id);
      const resources = new Set(mine.map((f) => f.resource.id));
      return { ...d, counts: { pass: referencing - resources.size, fail: mine.filter((f) => f.status === 'fail').length, unknown: mine.filter((f) => f.status === 'unknown').length } };
    });
    return {
      ...result,
      rules: [...result.rules.filter((r) => !r.id.startsWith('ART-')), ...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      findings: sortFindings([...result.findings, ...findings]),
      artifacts: scan.artifacts,
    };
  };
}
