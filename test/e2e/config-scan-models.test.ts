import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { loadScenario, startMockCloud } from '../../mocks/cloud.js';
import { captureIO } from '../cli/helpers-io.js';

const DEMO = fileURLToPath(new URL('../../mocks/scenarios/demo-aws.yaml', import.meta.url));

describe('scanModels in the config file', () => {
  it('a config-target scan with scanModels: true scans the artifacts and reports the malicious one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-e2e-cfgmodels-'));
    writeFileSync(join(dir, 'aispm.config.yaml'), ['targets:', '  aws:', '    - regions: [us-east-1]', 'scanModels: true', 'history:', '  enabled: false', 'output:', '  formats: [json]', '  dir: out', ''].join('\n'));
    const cloud = await startMockCloud(await loadScenario(DEMO));
    const io = captureIO(dir, { ...cloud.env, HOME: dir });
    try {
      expect(await main(['node', 'aispm', 'scan'], io)).toBe(0);
    } finally {
      await cloud.close();
    }
    expect(io.err()).toMatch(/model artifacts: \d+ scanned/);
    const result = JSON.parse(readFileSync(join(dir, 'out', 'aispm.json'), 'utf8'));
    expect(result.findings.some((f: { ruleId: string; resource: { name: string } }) => f.ruleId === 'ART-001' && f.resource.name === 'fraud-detector-v3')).toBe(true);
  }, 240_000);
});
