// Reads a scenario file (YAML or JSON) into per-provider scenarios, validated with zod; errors name file and JSON path.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError, formatIssues } from '../src/model/errors.js';
import { AWS_SERVICES, AwsEstate, isAwsService, type AwsScenario } from './aws/scenario.js';
import { parseGcpScenario, type GcpScenario } from './gcp/scenario.js';

/** Top-level keys of a scenario file. Top-level faults/latencyMs/rateLimits are split between providers by service id. */
const ScenarioFile = z.strictObject({
  aws: z.unknown().optional(),
  gcp: z.unknown().optional(),
  faults: z.array(z.looseObject({ service: z.string() })).default([]),
  latencyMs: z.record(z.string(), z.unknown()).optional(),
  rateLimits: z.record(z.string(), z.unknown()).optional(),
});

export interface LoadedScenario {
  aws?: AwsScenario;
  /** validated by the GCP mock's parser, with the non-AWS top-level faults/latencyMs/rateLimits folded in */
  gcp?: GcpScenario;
}

const pick = (rec: Record<string, unknown> | undefined, keep: (k: string) => boolean) =>
  rec === undefined ? undefined : Object.fromEntries(Object.entries(rec).filter(([k]) => k === 'default' || keep(k)));

/** Validates an in-memory scenario document; `source` names it in error messages. BodyFile paths resolve against baseDir. */
export function parseScenario(doc: unknown, source = 'scenario', baseDir = process.cwd()): LoadedScenario {
  const top = ScenarioFile.safeParse(doc);
  if (!top.success) throw new InputError(`${source}: invalid scenario\n${formatIssues(top.error.issues, doc)}`);
  const { aws, gcp, faults, latencyMs, rateLimits } = top.data;
  const out: LoadedScenario = {};
  if (gcp === undefined) {
    const stray = faults.findIndex((f) => !isAwsService(f.service));
    if (stray >= 0) throw new InputError(`${source}: invalid scenario\n  at $.faults[${stray}].service: expected an AWS service id (${AWS_SERVICES.join(', ')}) since the file has no gcp section, found ${JSON.stringify(faults[stray].service)}`);
  }
  if (aws !== undefined) {
    const rawAws = aws as Record<string, any>;
    const merged = {
      ...rawAws,
      faults: [...(rawAws?.faults ?? []), ...faults.filter((f) => isAwsService(f.service))],
      latencyMs: rawAws?.latencyMs ?? pick(latencyMs, isAwsService),
      rateLimits: rawAws?.rateLimits ?? pick(rateLimits, isAwsService),
    };
    const parsed = AwsEstate.safeParse(merged);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ ...i, path: ['aws', ...i.path] }));
      throw new InputError(`${source}: invalid AWS scenario\n${formatIssues(issues, { aws: merged })}`);
    }
    for (const b of parsed.data.s3.buckets) for (const o of b.Objects) if (o.BodyFile) o.BodyFile = path.resolve(baseDir, o.BodyFile);
    out.aws = parsed.data;
  }
  if (gcp !== undefined) {
    const part = {
      ...(gcp as Record<string, unknown>),
      faults: [...(((gcp as Record<string, any>)?.faults as unknown[]) ?? []), ...faults.filter((f) => !isAwsService(f.service))],
      latencyMs: (gcp as Record<string, any>)?.latencyMs ?? pick(latencyMs, (k) => !isAwsService(k)),
      rateLimits: (gcp as Record<string, any>)?.rateLimits ?? pick(rateLimits, (k) => !isAwsService(k)),
    };
    out.gcp = parseGcpScenario(part, source, baseDir);
  }
  return out;
}

/** Loads a .yaml/.yml/.json scenario file. */
export async function loadScenario(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read scenario ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  if (file.endsWith('.json')) {
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new InputError(`${file}: not valid JSON: ${(err as Error).message}`);
    }
  } else {
    const parsed = parseDocument(text, { prettyErrors: true });
    if (parsed.errors.length) throw new InputError(`${file}: not valid YAML:\n${parsed.errors.map((e) => `  ${e.message}`).join('\n')}`);
    doc = parsed.toJS();
  }
  return parseScenario(doc, file, path.dirname(path.resolve(file)));
}
