import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { collectGcp, gcpEndpointsFromEnv, type GcpScanOptions } from '../../connectors/gcp/index.js';
import { loadRulesForFlags, parseScanFlags } from '../scan-output.js';
import { resolveScanSettings } from '../scan-settings.js';
import { analyzeRecordAndReport } from '../recorded-scan.js';
import { addScanModelsOptions, modelArtifactStage, scanModelsLimits, type ScanModelsFlags } from '../model-artifact-step.js';
import { collectWithProgress, unreadServiceLine, writeInventoryOut } from '../collect-steps.js';
import type { CliIO } from '../io.js';
import type { ScanSubcommand } from './scan.js';

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const CONTAINER = (kind: string) => new RegExp(`^(${kind}/)?\\d+$`);
const LOCATION = /^[a-z]+(-[a-z]+)*\d+(-[a-z])?$/;
const SERVICE_ACCOUNT = /^[^@\s]+@[a-z0-9.-]+\.gserviceaccount\.com$/;

export interface GcpCliOptions {
  project?: string[];
  organization?: string;
  folder?: string;
  locations?: string;
  keyFile?: string;
  impersonateServiceAccount?: string;
}

const list = (values: string[] | undefined) => [...new Set((values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];

/** Turns the `scan gcp` flags and the environment into connector options; every mistake is an InputError naming the flag. */
export function gcpScanOptions(opts: GcpCliOptions, io: CliIO): GcpScanOptions {
  const projects = list(opts.project);
  const badProjects = projects.filter((p) => !PROJECT_ID.test(p));
  if (badProjects.length) throw new InputError(`--project: ${badProjects.map((p) => `"${p}"`).join(', ')} is not a project id; expected 6-30 lowercase letters, digits and hyphens, starting with a letter (e.g. ml-prod-123)`);
  if (opts.organization !== undefined && opts.folder !== undefined) throw new InputError('--organization and --folder: give one of them (a folder is already inside an organization)');
  if (opts.organization !== undefined && !CONTAINER('organizations').test(opts.organization)) throw new InputError(`--organization: "${opts.organization}" is not an organization; expected its number, e.g. 123456789012 or organizations/123456789012`);
  if (opts.folder !== undefined && !CONTAINER('folders').test(opts.folder)) throw new InputError(`--folder: "${opts.folder}" is not a folder; expected its number, e.g. 987654321 or folders/987654321`);
  if (projects.length === 0 && !opts.organization && !opts.folder) throw new InputError('scan gcp: nothing to scan: give --project ID, --organization NUMBER or --folder NUMBER');
  let locations: string[] | undefined;
  if (opts.locations !== undefined) {
    locations = list([opts.locations]);
    const bad = locations.filter((l) => !LOCATION.test(l));
    if (locations.length === 0) throw new InputError('--locations: empty list; expected comma-separated Vertex AI locations such as us-central1,europe-west4');
    if (bad.length) throw new InputError(`--locations: ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a location' : 'are not locations'}; expected names such as us-central1,europe-west4`);
  }
  if (opts.keyFile !== undefined) {
    try {
      accessSync(resolve(io.cwd, opts.keyFile), constants.R_OK);
    } catch (e) {
      throw new InputError(`--key-file ${opts.keyFile}: cannot read the service account key: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (opts.impersonateServiceAccount !== undefined && !SERVICE_ACCOUNT.test(opts.impersonateServiceAccount)) {
    throw new InputError(`--impersonate-service-account: "${opts.impersonateServiceAccount}" is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com`);
  }
  return {
    projects,
    ...(opts.organization ? { organization: opts.organization } : {}),
    ...(opts.folder ? { folder: opts.folder } : {}),
    ...(locations ? { locations } : {}),
    credentials: {
      ...(opts.keyFile ? { keyFile: resolve(io.cwd, opts.keyFile) } : {}),
      ...(opts.impersonateServiceAccount ? { impersonateServiceAccount: opts.impersonateServiceAccount } : {}),
    },
    endpoints: gcpEndpointsFromEnv(io.env),
  };
}

/** Collects with a progress display on a TTY, then tells the user on stderr what could not be read. */
export function collectGcpWithProgress(io: CliIO, options: GcpScanOptions): Promise<Inventory> {
  return collectWithProgress(io, (progress) => collectGcp({ ...options, progress }), gcpCoverageSummary);
}

/** One line per project with totals, plus one line per service and location that was not fully read. */
export function gcpCoverageSummary(inventory: Inventory): string {
  const services = inventory.coverage.services.filter((s) => s.provider === 'gcp');
  const lines: string[] = [];
  for (const project of [...new Set(services.map((s) => s.account))].sort()) {
    const mine = services.filter((s) => s.account === project);
    const sum = (k: 'resources' | 'calls' | 'retries' | 'throttles') => mine.reduce((n, s) => n + s[k], 0);
    // an --organization / --folder entry counts the projects it found (its note), not resources
    const found = /^(organizations|folders)\//.test(project) ? mine.map((s) => s.note).find((n) => n?.includes('found')) : undefined;
    lines.push(`aispm: GCP ${project}: ${found ?? `${sum('resources')} resource${sum('resources') === 1 ? '' : 's'}`}, ${sum('calls')} API calls, ${sum('retries')} retries, ${sum('throttles')} throttled`);
    for (const s of mine.filter((x) => x.status !== 'ok')) lines.push(unreadServiceLine(inventory, s));
  }
  return lines.join('\n');
}

export const scanGcpSubcommand: ScanSubcommand = {
  register(scan: Command, ctx) {
    const sub = scan
      .command('gcp')
      .description('scan Google Cloud projects read-only (Cloud Storage, Vertex AI, Workbench); emulators: STORAGE_EMULATOR_HOST, AISPM_GCP_*_ENDPOINT')
      .option('--project <ids...>', 'project ids to scan (repeatable or comma-separated)')
      .option('--organization <number>', 'scan every active project under this organization, through its folders')
      .option('--folder <number>', 'scan every active project under this folder, through its sub-folders')
      .option('--locations <list>', 'comma-separated Vertex AI locations (default: every location the Vertex AI API lists)')
      .option('--key-file <file>', 'service account key JSON (default: Application Default Credentials)')
      .option('--impersonate-service-account <email>', 'impersonate this service account (needs roles/iam.serviceAccountTokenCreator on it)')
      .option('--trust-project <ids...>', 'GCP project ids or numbers whose access is expected (reported, not counted as external)')
      .option('--inventory-out <file>', 'also save the collected inventory as JSON (scan it later with: aispm scan --inventory FILE)');
    addScanModelsOptions(sub).action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals() as Record<string, unknown> & GcpCliOptions & { inventoryOut?: string; trustProject?: string[] };
      const flags = parseScanFlags(opts);
      flags.trust.trustedProjects = [...new Set([...flags.trust.trustedProjects, ...list(opts.trustProject)])];
      const settings = await resolveScanSettings(command, flags, ctx.io, true);
      const rules = loadRulesForFlags(settings.flags, ctx.io);
      const options = gcpScanOptions(opts, ctx.io);
      // --scan-models, or scanModels: true in the config file
      const modelLimits = scanModelsLimits({ ...(opts as ScanModelsFlags), scanModels: settings.scanModels });
      const startedAt = new Date().toISOString();
      const inventory = await collectGcpWithProgress(ctx.io, options);
      await writeInventoryOut(ctx.io, opts.inventoryOut, inventory);
      const models = await modelArtifactStage(ctx.io, inventory, modelLimits);
      await analyzeRecordAndReport(ctx, models.inventory, settings, rules, { startedAt, enrich: models.enrich });
    });
  },
};
