import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { describePrincipal, isPrincipalId } from '../../src/model/principals.js';
import { captureIO } from '../cli/helpers-io.js';
import { launchChromium } from '../helpers/browser.js';

const ARTIFACTS = join(process.cwd(), 'test-output');
const DEMO_ENDPOINTS = ['fraud-detector-prod', 'defect-detector-prod'];

describe('the demo dashboard in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let result: any;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aispm-e2e-dash-'));
    const io = captureIO(dir, { HOME: dir });
    expect(await main(['node', 'aispm', 'demo', '--output', 'out'], io)).toBe(0);
    expect(io.err()).toContain(`open the dashboard: ${join('out', 'aispm.html')}`);
    result = JSON.parse(readFileSync(join(dir, 'out', 'aispm.json'), 'utf8'));
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => browser?.close());

  it('opens from disk, ranks the poisoning path first, draws every hop, filters the AI-BOM, with no errors or requests', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => r.url().startsWith('file:') || requests.push(r.url()));
    await page.goto(pathToFileURL(join(dir, 'out', 'aispm.html')).href);
    await page.waitForSelector('body[data-ready=true]');

    // the top of the risk queue is the demo's training-data poisoning path to a serving endpoint
    const top = result.findings[0];
    expect(top.ruleId).toBe('PATH-001');
    expect(top.hops[0].type).toBe('can-write');
    expect(DEMO_ENDPOINTS).toContain(top.resource.name);
    const firstRow = await page.locator('[data-testid=queue-row]').first().textContent();
    expect(firstRow).toContain(top.ruleId);
    expect(firstRow).toContain(top.resource.name);

    // the path view shows that path with every hop, drawn and listed
    await page.click('[data-tab=paths]');
    await page.locator('[data-testid=path-item]').first().click();
    const hops = page.locator('#view-paths [data-testid=hop]');
    expect(await hops.count()).toBe(top.hops.length);
    for (const [i, hop] of top.hops.entries()) {
      const text = await hops.nth(i).textContent();
      expect(text).toContain(`-[${hop.type}]->`);
      expect(text).toContain(isPrincipalId(hop.from) ? describePrincipal(hop.from) : hop.from);
      expect(text).toContain(hop.to);
    }
    expect(await page.locator('#view-paths [data-testid=path-edge]').count()).toBe(top.hops.length);
    expect(await page.locator('#view-paths [data-testid=path-node]').count()).toBe(top.hops.length + 1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-path.png') });

    // the AI-BOM filtered to Vertex models lists exactly the demo's Vertex models
    await page.click('[data-tab=bom]');
    await page.selectOption('[data-testid=bom-kind]', 'gcp.vertexai.model');
    const names = (await page.locator('[data-testid=bom-row] td:nth-child(4)').allTextContents()).sort();
    const expected = result.inventory.resources.filter((r: any) => r.kind === 'gcp.vertexai.model').map((r: any) => r.name).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(names).toEqual(expected);
    await page.locator('[data-testid=bom-row]').first().click();
    expect(await page.locator('[data-testid=bom-detail]').textContent()).toContain('Fed by');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-bom.png') });

    await page.click('[data-tab=queue]');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-queue.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});
