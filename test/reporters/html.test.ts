import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { htmlReporter } from '../../src/reporters/html/index.js';
import { buildDashboardData } from '../../src/reporters/html/data.js';
import { syntheticResult } from '../../bench/synthetic-result.js';
import { launchChromium } from '../helpers/browser.js';

describe('html dashboard', () => {
  const result = syntheticResult({ findings: 400, resources: 120, paths: 4 });
  const hostile = '<img src=x onerror=alert(1)></script>';
  result.findings[5].resource.name = hostile;
  (result.inventory.resources.find((r) => r.id === result.findings[5].resource.id) as { name: string }).name = hostile;

  it('inlines everything: no external URL is loaded', () => {
    const html = htmlReporter.render(result, { color: false });
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain('Content-Security-Policy');
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('interns strings so repeated values are stored once', () => {
    const data = buildDashboardData(result);
    expect(new Set(data.strings).size).toBe(data.strings.length);
    expect(data.findings).toHaveLength(400);
    expect(data.paths).toHaveLength(4);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => browser?.close());

    it('renders from disk with no console errors and no requests, escaping hostile names', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aispm-html-'));
      const file = join(dir, 'aispm.html');
      writeFileSync(file, htmlReporter.render(result, { color: false }));
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (r) => r.url().startsWith('file:') || requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready=true]');
      expect(await page.locator('[data-testid=queue-row]').count()).toBe(50);
      expect(await page.locator('[data-testid=queue-row]').first().textContent()).toContain('PATH-001');
      await page.click('[data-tab=paths]');
      expect(await page.locator('[data-testid=path-item]').count()).toBe(4);
      expect(await page.locator('[data-testid=hop]').count()).toBe(3);
      expect(await page.locator('[data-testid=path-edge]').count()).toBe(3);
      await page.click('[data-tab=bom]');
      await page.selectOption('[data-testid=bom-kind]', 'gcp.vertexai.model');
      const kinds = await page.locator('[data-testid=bom-row] td:nth-child(3)').allTextContents();
      expect(kinds.length).toBeGreaterThan(0);
      expect(new Set(kinds)).toEqual(new Set(['gcp.vertexai.model']));
      await page.click('[data-tab=queue]');
      await page.fill('[data-testid=queue-search]', 'onerror');
      await page.locator('[data-testid=queue-row]').first().click();
      expect(await page.locator('[data-testid=finding-detail]').textContent()).toContain('<img src=x onerror=alert(1)>');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });
  });
});
