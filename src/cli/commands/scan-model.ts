import type { Command } from 'commander';
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Storage } from '@google-cloud/storage';
import { InputError } from '../../model/errors.js';
import { INVENTORY_SCHEMA_VERSION } from '../../model/inventory.js';
import type { ScanResult } from '../../model/scan-result.js';
import { SEVERITIES } from '../../model/severity.js';
import { REPORTER_NAMES } from '../../reporters/index.js';
import { sortFindings } from '../../scan.js';
import { configuredEndpoint } from '../../connectors/aws/endpoints.js';
import { gcpEndpointsFromEnv } from '../../connectors/gcp/endpoints.js';
import { TotalBudget } from '../../artifacts/budget.js';
import { ARTIFACT_RULE_DESCRIPTORS, artifactFindings } from '../../artifacts/findings.js';
import { scanArtifact } from '../../artifacts/scan-artifact.js';
import { openSource, type SourceClients } from '../../artifacts/sources/resolve.js';
import { DEFAULT_LIMITS, type ArtifactLimits, type ArtifactScanResult } from '../../artifacts/types.js';
import { parseScanFlags, writeScanOutputs } from '../scan-output.js';
import { VERSION } from '../../version.js';
import type { CliIO } from '../io.js';
import type { CliCommand } from './types.js';

/** S3 and Cloud Storage clients from the standard configuration in the environment the CLI passes, created on first use. */
export function artifactClients(env: CliIO['env']): SourceClients {
  let s3: S3Client | undefined;
  let gcs: Storage | undefined;
  return {
    s3: () => {
      if (!s3) {
        const endpoint = configuredEndpoint('s3', env);
        s3 = new S3Client({
          region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
          followRegionRedirects: true,
          // keys in the environment the CLI passes win; otherwise the standard chain (profiles, SSO, IMDS)
          credentials:
            env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
              ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
              : fromNodeProviderChain(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
          ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
        });
      }
      return s3;
    },
    gcs: () => {
      if (!gcs) {
        const endpoints = gcpEndpointsFromEnv(env);
        const projectId = env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT || 'aispm-scan-model';
        gcs = new Storage({
          projectId,
          ...(endpoints.storage ? { apiEndpoint: endpoints.storage, useAuthWithCustomEndpoint: !endpoints.insecure } : {}),
          retryOptions: { maxRetries: 2 },
        });
      }
      return gcs;
    },
  };
}

function positiveNumber(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InputError(`${flag}: expected a positive number, found "${String(value)}"`);
  return n;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?)?$/i;

/** "500000", "64MB", "2GiB" -> bytes. */
export function parseByteSize(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const m = SIZE.exec(String(value).trim());
  if (!m) throw new InputError(`${flag}: expected a byte count such as 500000, 64MB or 2GiB, found "${String(value)}"`);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : 1;
  const n = Math.floor(Number(m[1]) * mult);
  if (n <= 0) throw new InputError(`${flag}: must be positive`);
  return n;
}

/** One line per artifact: verdict, format, size, bytes fetched and the main reason. */
export function artifactSummary(results: readonly ArtifactScanResult[]): string {
  const lines = ['Model artifacts', ''];
  for (const r of results) {
    const worst = r.issues.find((i) => (r.verdict === 'malicious' ? i.kind === 'dangerous' : i.kind === r.verdict));
    const size = r.size === undefined ? '?' : `${r.size} B`;
    lines.push(`  ${r.verdict.toUpperCase().padEnd(10)} ${r.uri}  [${r.format}, ${size}, fetched ${r.bytesFetched} B, ${r.durationMs} ms]`);
    if (worst) lines.push(`             ${worst.message}`);
    const called = r.globals.filter((g) => g.classification !== 'safe');
    for (const g of called.slice(0, 5)) lines.push(`             ${g.classification} global ${g.module}.${g.name} at ${g.member || '(artifact)'}@${g.offset}${g.called ? ` called by ${g.calls.map((c) => c.opcode).join(', ')}` : ''}`);
  }
  return `${lines.join('\n')}\n\n`;
}

export const scanModelCommand: CliCommand = {
  register(program: Command, ctx) {
    program
      .command('scan-model')
      .description('scan model artifacts (pickle, PyTorch, joblib, NumPy, Keras, safetensors, tar/zip) without loading them: local paths, s3:// and gs:// URIs')
      .argument('<targets...>', 'files, s3://bucket/key or gs://bucket/object')
      .option('--format <formats>', `comma-separated output formats: ${REPORTER_NAMES.join(', ')}`, 'table')
      .option('--output <dir>', 'write each format to a file in this directory; the table is also printed')
      .option('--max-bytes <size>', `bytes read per artifact before it is reported partial (default ${DEFAULT_LIMITS.maxBytesPerArtifact / 1024 ** 3}GiB)`)
      .option('--max-total-bytes <size>', `bytes read over all artifacts (default ${DEFAULT_LIMITS.maxTotalBytes / 1024 ** 3}GiB)`)
      .option('--timeout <seconds>', `per-artifact timeout (default ${DEFAULT_LIMITS.timeoutMs / 1000})`)
      .option('--fail-on <severity>', `exit 1 when a finding is at or above this severity (${SEVERITIES.join(', ')})`)
      .action(async (targets: string[], opts: Record<string, unknown>) => {
        const flags = parseScanFlags({ format: opts.format, output: opts.output, failOn: opts.failOn });
        const limits: Partial<ArtifactLimits> = {};
        const maxBytes = parseByteSize('--max-bytes', opts.maxBytes);
        if (maxBytes) limits.maxBytesPerArtifact = maxBytes;
        const maxTotal = parseByteSize('--max-total-bytes', opts.maxTotalBytes);
        if (maxTotal) limits.maxTotalBytes = maxTotal;
        const timeout = positiveNumber('--timeout', opts.timeout);
        if (timeout) limits.timeoutMs = timeout * 1000;
        const clients = artifactClients(ctx.io.env);
        const total = new TotalBudget(limits.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes);
        const startedAt = new Date().toISOString();
        const results: ArtifactScanResult[] = [];
        for (const target of targets) {
          let source;
          try {
            source = openSource(target, clients, ctx.io.cwd);
          } catch (e) {
            throw new InputError(`${target}: ${(e as Error).message}`);
          }
          results.push(await scanArtifact(source, { limits, total }));
        }
        const findings = sortFindings(results.flatMap((r) => artifactFindings(r)));
        const result: ScanResult = {
          tool: { name: 'aispm', version: VERSION },
          startedAt,
          finishedAt: new Date().toISOString(),
          inventory: { schemaVersion: INVENTORY_SCHEMA_VERSION, generatedAt: startedAt, targets: [], resources: [], edges: [], coverage: { services: [], failures: [] } },
          rules: ARTIFACT_RULE_DESCRIPTORS.map((d) => ({ ...d, counts: { pass: results.filter((r) => !findings.some((f) => f.ruleId === d.id && f.resource.id === r.uri)).length, fail: findings.filter((f) => f.ruleId === d.id && f.status === 'fail').length, unknown: findings.filter((f) => f.ruleId === d.id && f.status === 'unknown').length } })),
          findings,
          artifacts: results,
          suppressions: { stale: [], expired: [] },
          fixed: [],
        };
        if (flags.formats.includes('table') || flags.outputDir) ctx.io.stdout.write(artifactSummary(results));
        await writeScanOutputs(ctx, result, flags);
      });
  },
};
