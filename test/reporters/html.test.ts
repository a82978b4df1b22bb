import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { htmlReporter } from '../../src/reporters/html/index.js';
import { buildDashboardData } from '../../src/reporters/html/data.js';
import { page, scriptJson } from '../../src/reporters/html/template.js';
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

  describe('bounded for large estates (small configured bounds)', () => {
    const limits = { maxFindings: 100, maxResources: 60 };

    it('under the bounds nothing is left out and there is no cap record', () => {
      expect(buildDashboardData(result)).toEqual(buildDashboardData(result, { maxFindings: 400, maxResources: 120 }));
      expect(buildDashboardData(result).capped).toBeUndefined();
    });

    it('keeps the first (most important) findings, the resources they are on first, and counts everything', () => {
      const data = buildDashboardData(result, limits);
      expect(data.findings).toHaveLength(100);
      const ruleOf = (row: number[]) => data.rules[row[0]][0];
      expect(data.findings.map(ruleOf)).toEqual(result.findings.slice(0, 100).map((f) => f.ruleId));
      const shownIds = new Set(data.resources.map((r) => data.strings[r[0]]));
      expect(shownIds.size).toBeGreaterThanOrEqual(60);
      for (const f of result.findings.slice(0, 100)) expect(shownIds.has(f.resource.id)).toBe(true);
      const open = result.findings.filter((f) => !f.suppressed);
      expect(data.capped).toEqual({
        findings: { shown: 100, total: 400 },
        fixed: { shown: 0, total: 0 },
        resources: { shown: shownIds.size, total: 120 },
        counts: ['critical', 'high', 'medium', 'low', 'info'].map((sev) => ({
          fail: open.filter((f) => f.severity === sev && f.status === 'fail').length,
          unknown: open.filter((f) => f.severity === sev && f.status === 'unknown').length,
        })),
        suppressed: result.findings.length - open.length,
        paths: open.filter((f) => f.hops?.length).length,
      });
    });

    it('the text of messages and evidence is bounded too: findings stop where it would be exceeded', () => {
      const text = (f: (typeof result.findings)[number]) => f.message.length + (f.evidence.length || f.unknownFields.length ? JSON.stringify({ e: f.evidence, u: f.unknownFields }).length : 0);
      const budget = result.findings.slice(0, 30).reduce((n, f) => n + text(f), 0);
      const data = buildDashboardData(result, { maxFindingText: budget });
      expect(data.findings).toHaveLength(30);
      expect(data.capped?.findings).toEqual({ shown: 30, total: 400 });
      expect(buildDashboardData(result, { maxFindingText: budget - 1 }).findings).toHaveLength(29);
    });

    it('fixed findings fill what the bound leaves', () => {
      const withFixed = { ...result, findings: result.findings.slice(0, 90), fixed: result.findings.slice(90, 130).map((f) => ({ ...f, baselineState: 'absent' as const })) };
      expect(buildDashboardData(withFixed, limits).capped).toMatchObject({ findings: { shown: 90, total: 90 }, fixed: { shown: 10, total: 40 } });
      expect(buildDashboardData(withFixed, limits).findings).toHaveLength(100);
    });
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
      expect(await page.locator('[data-testid=capped-notice]').count()).toBe(0);
      await page.close();
    });

    it('a capped report says how many findings it shows of how many, and the summary counts all of them', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aispm-html-'));
      const file = join(dir, 'aispm.html');
      const data = buildDashboardData(result, { maxFindings: 100, maxResources: 60 });
      writeFileSync(file, page('aispm report', scriptJson(data)));
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(pathToFileURL(file).href);
      await tab.waitForSelector('body[data-ready=true]');
      const notice = await tab.locator('[data-testid=capped-notice]').textContent();
      expect(notice).toMatch(/^Showing 100 of 400 findings, the most important first .* and \d+ of 120 resources.*The JSON output \(--format json\) has all of them\.$/);
      expect(await tab.locator('[data-testid=queue] .pager').textContent()).toMatch(/100 rows/);
      await tab.click('[data-tab=summary]');
      expect(await tab.locator('[data-testid=count-critical] .card-num').textContent()).toBe(String(data.capped!.counts[0].fail));
      expect(await tab.locator('[data-testid=count-paths] .card-num').textContent()).toBe(String(data.capped!.paths));
      expect(errors).toEqual([]);
      await tab.close();
    });
  });
});
