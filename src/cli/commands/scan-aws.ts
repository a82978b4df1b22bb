import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { collectAws, type AwsScanOptions } from '../../connectors/aws/index.js';
import { loadRulesForFlags, parseScanFlags } from '../scan-output.js';
import { resolveScanSettings } from '../scan-settings.js';
import { analyzeRecordAndReport } from '../recorded-scan.js';
import { addScanModelsOptions, modelArtifactStage, scanModelsLimits, type ScanModelsFlags } from '../model-artifact-step.js';
import { collectWithProgress, unreadServiceLine, writeInventoryOut } from '../collect-steps.js';
import type { CliIO } from '../io.js';
import type { ScanSubcommand } from './scan.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export interface AwsCliOptions {
  profile?: string;
  regions?: string;
  roleArn?: string;
  externalId?: string;
}

/** Turns the `scan aws` flags into connector options; every mistake is an InputError naming the flag. */
export function awsScanOptions(opts: AwsCliOptions, io: CliIO): AwsScanOptions {
  let regions: string[] | undefined;
  if (opts.regions !== undefined) {
    regions = [...new Set(opts.regions.split(',').map((r) => r.trim()).filter(Boolean))];
    const bad = regions.filter((r) => !REGION.test(r));
    if (regions.length === 0) throw new InputError('--regions: empty list; expected comma-separated region names such as us-east-1,eu-west-1');
    if (bad.length) throw new InputError(`--regions: ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a region name' : 'are not region names'}; expected names such as us-east-1,eu-west-1`);
  }
  if (opts.roleArn !== undefined && !ROLE_ARN.test(opts.roleArn)) throw new InputError(`--role-arn: "${opts.roleArn}" is not an IAM role ARN; expected arn:aws:iam::123456789012:role/NAME`);
  if (opts.externalId !== undefined && opts.roleArn === undefined) throw new InputError('--external-id needs --role-arn (the external id is sent when assuming that role)');
  // Static keys in the environment come first in the SDK's chain too, unless a profile is named; reading them
  // here (not in the connector) keeps process.env out of the connector and lets in-process runs pass their own env.
  const keys = !opts.profile && io.env.AWS_ACCESS_KEY_ID && io.env.AWS_SECRET_ACCESS_KEY;
  return {
    env: io.env,
    ...(keys ? { credentials: { accessKeyId: io.env.AWS_ACCESS_KEY_ID!, secretAccessKey: io.env.AWS_SECRET_ACCESS_KEY!, ...(io.env.AWS_SESSION_TOKEN ? { sessionToken: io.env.AWS_SESSION_TOKEN } : {}) } } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(regions ? { regions } : {}),
    ...(opts.roleArn ? { roleArn: opts.roleArn } : {}),
    ...(opts.externalId ? { externalId: opts.externalId } : {}),
  };
}

/** Collects with a progress display on a TTY, then tells the user on stderr what could not be read. */
export function collectAwsWithProgress(io: CliIO, options: AwsScanOptions): Promise<Inventory> {
  return collectWithProgress(io, (progress) => collectAws({ ...options, progress }), coverageSummary);
}

/** One line per service that was not fully read, plus totals: resources, calls, retries, throttles, gaps. */
export function coverageSummary(inventory: Inventory): string {
  const services = inventory.coverage.services.filter((s) => s.provider === 'aws');
  const sum = (k: 'resources' | 'calls' | 'retries' | 'throttles') => services.reduce((n, s) => n + s[k], 0);
  const target = inventory.targets.find((t) => t.provider === 'aws');
  const lines = [
    `aispm: AWS account ${target?.account ?? '?'} (${target?.regions.join(', ') ?? ''}): ${sum('resources')} resources, ${sum('calls')} API calls, ${sum('retries')} retries, ${sum('throttles')} throttled`,
  ];
  for (const s of services.filter((x) => x.status !== 'ok')) lines.push(unreadServiceLine(inventory, s));
  return lines.join('\n');
}

export const scanAwsSubcommand: ScanSubcommand = {
  register(scan: Command, ctx) {
    const sub = scan
      .command('aws')
      .description('scan an AWS account read-only (S3, SageMaker, Bedrock, IAM); endpoints honour AWS_ENDPOINT_URL[_<SERVICE>]')
      .option('--profile <name>', 'shared config/credentials profile (SSO and assume-role profiles work)')
      .option('--regions <list>', 'comma-separated regions (default: every region enabled for the account)')
      .option('--role-arn <arn>', 'assume this role for the scan (e.g. a read-only audit role in the target account)')
      .option('--external-id <id>', 'external id to pass when assuming --role-arn')
      .option('--inventory-out <file>', 'also save the collected inventory as JSON (scan it later with: aispm scan --inventory FILE)');
    addScanModelsOptions(sub).action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals() as Record<string, unknown> & AwsCliOptions & { inventoryOut?: string };
      const settings = await resolveScanSettings(command, parseScanFlags(opts), ctx.io, true);
      const rules = loadRulesForFlags(settings.flags, ctx.io);
      const options = awsScanOptions(opts, ctx.io);
      // --scan-models, or scanModels: true in the config file
      const modelLimits = scanModelsLimits({ ...(opts as ScanModelsFlags), scanModels: settings.scanModels });
      const startedAt = new Date().toISOString();
      const inventory = await collectAwsWithProgress(ctx.io, options);
      await writeInventoryOut(ctx.io, opts.inventoryOut, inventory);
      const models = await modelArtifactStage(ctx.io, inventory, modelLimits);
      await analyzeRecordAndReport(ctx, models.inventory, settings, rules, { startedAt, enrich: models.enrich });
    });
  },
};
