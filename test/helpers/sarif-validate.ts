// Validates SARIF logs the way GitHub code scanning and SARIF viewers will read them: against the official 2.1.0 JSON
// schema (ajv) and with Microsoft's SARIF multitool, which also checks index and URI semantics. Reuse it for any SARIF.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
// CommonJS packages: under NodeNext the default import is module.exports, the class is on .default
const Ajv = ((AjvModule as any).default ?? AjvModule) as new (options: object) => { compile(schema: object): any };
const addFormats = ((formatsModule as any).default ?? formatsModule) as (ajv: object) => void;
const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const MULTITOOL = join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..', 'Sarif.Multitool');

let validateFn: ((log: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

/** ajv errors as "instancePath: message" lines; empty when the log is schema-valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validateFn) {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validateFn = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  }
  return validateFn(log) ? [] : (validateFn.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

// SARIF2006 fetches every URI in the log over HTTP: tests never leave loopback, so it is disabled.
const CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`;

/** Multitool `validate` error lines (": error "); its exit code is 0 even when there are errors, so the output is read. */
export async function sarifMultitoolErrors(logOrText: unknown): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-sarif-'));
  const file = join(dir, 'log.sarif');
  const config = join(dir, 'config.xml');
  writeFileSync(file, typeof logOrText === 'string' ? logOrText : JSON.stringify(logOrText));
  writeFileSync(config, CONFIG);
  const { stdout, stderr } = await promisify(execFile)(MULTITOOL, ['validate', file, '--config', config], {
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${stdout}\n${stderr}`;
  if (!/Done\. 1 files scanned/.test(output)) throw new Error(`SARIF multitool did not run to completion:\n${output}`);
  return output.split('\n').filter((l) => l.includes(': error '));
}

/** Both validators; each list is empty for a valid log. */
export async function validateSarif(logOrText: unknown): Promise<{ schema: string[]; multitool: string[] }> {
  const log = typeof logOrText === 'string' ? JSON.parse(logOrText) : logOrText;
  return { schema: sarifSchemaErrors(log), multitool: await sarifMultitoolErrors(logOrText) };
}
