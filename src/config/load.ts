import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AispmConfig } from './schema.js';
import { parseYamlSource } from './yaml-document.js';
import { InputError, jsonPath } from '../model/errors.js';

export const DEFAULT_CONFIG_FILE = 'aispm.config.yaml';

export interface LoadedConfig {
  config: AispmConfig;
  file: string | undefined;
  /** Directory relative paths in the config resolve against. */
  baseDir: string;
}

/** Parses and validates a config; every problem is reported as file:line, JSON path and expectation. */
export function parseConfig(text: string, file: string): AispmConfig {
  const source = parseYamlSource(text, file);
  const parsed = AispmConfig.safeParse(source.value ?? {});
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const what =
      issue.code === 'unrecognized_keys'
        ? `unknown field "${issue.keys.join('", "')}"`
        : issue.code === 'invalid_type' && /received undefined/.test(issue.message)
          ? `missing required field (expected ${issue.expected})`
          : issue.message;
    return `  ${file}:${source.lineOf(path)}: ${jsonPath(path)}: ${what}`;
  });
  throw new InputError(`invalid config ${file}:\n${lines.join('\n')}`);
}

export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig> {
  const file = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return { config: AispmConfig.parse({}), file: undefined, baseDir: cwd };
    throw new InputError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { config: parseConfig(text, file), file, baseDir: dirname(file) };
}
