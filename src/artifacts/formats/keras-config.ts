// Keras model configs (config.json in .keras, the model_config attribute in .h5): Lambda layers and custom objects.
import { classifyGlobal } from '../classify.js';

export interface KerasFinding {
  kind: 'dangerous' | 'suspicious';
  subject: string;
  message: string;
  path: string;
}

const KERAS_MODULE = /^(keras|tf_keras|tensorflow\.keras|tensorflow\.python\.keras|keras_core|keras_nlp|keras_cv|keras_hub)(\.|$)/;

/** Walks a parsed config; every Lambda layer is dangerous, modules outside Keras are classified like pickle globals. */
export function analyzeKerasConfig(config: unknown): KerasFinding[] {
  const findings: KerasFinding[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 200 || findings.length > 1000) return;
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const cls = typeof o.class_name === 'string' ? o.class_name : undefined;
    const name = typeof (o.config as Record<string, unknown> | undefined)?.name === 'string' ? String((o.config as Record<string, unknown>).name) : undefined;
    if (cls === 'Lambda' || cls === '__lambda__') {
      findings.push({
        kind: 'dangerous',
        subject: `Lambda layer ${name ?? '(unnamed)'}`,
        path,
        message: `${cls === 'Lambda' ? `Lambda layer ${JSON.stringify(name ?? '')}` : 'serialized lambda'} at ${path} carries a Python function that runs when the model is loaded or called`,
      });
    }
    if (typeof o.module === 'string' && cls && !KERAS_MODULE.test(o.module)) {
      const v = classifyGlobal(o.module, cls);
      if (v.classification !== 'safe') {
        findings.push({
          kind: v.classification,
          subject: `${o.module}.${cls}`,
          path,
          message: `${path} deserializes ${o.module}.${cls}, ${v.classification === 'dangerous' ? `which is dangerous: ${v.why}` : 'a custom object outside Keras (its code is imported at load time)'}`,
        });
      }
    } else if (typeof o.registered_name === 'string' && o.registered_name.includes('>')) {
      findings.push({ kind: 'suspicious', subject: o.registered_name, path, message: `${path} uses custom registered object ${JSON.stringify(o.registered_name)} (its code is imported at load time)` });
    }
    for (const [k, v] of Object.entries(o)) if (v !== null && typeof v === 'object') walk(v, `${path}.${k}`, depth + 1);
  };
  walk(config, '$', 0);
  return findings;
}

/** Finds JSON objects embedded in binary data that look like Keras configs (start with {"class_name"). */
export function findEmbeddedConfigs(data: Buffer, maxConfigs = 8): { offset: number; json: unknown }[] {
  const out: { offset: number; json: unknown }[] = [];
  const marker = Buffer.from('{"class_name"');
  let from = 0;
  while (out.length < maxConfigs) {
    const at = data.indexOf(marker, from);
    if (at === -1) break;
    const end = matchJsonObject(data, at);
    if (end === -1) {
      from = at + 1;
      continue;
    }
    try {
      out.push({ offset: at, json: JSON.parse(data.toString('utf8', at, end)) });
      from = end;
    } catch {
      from = at + 1;
    }
  }
  return out;
}

/** Index after the JSON object starting at `start` (string-aware brace matching), or -1. */
function matchJsonObject(data: Buffer, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < data.length; i++) {
    const c = data[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === 0) return -1;
  }
  return -1;
}
