// Measures the HTML dashboard at scale: file size, and time until interactive in headless Chromium.
// Usage: npm run bench:html -- [--findings 100000] [--resources 20000] [--runs 3]
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { htmlReporter } from '../src/reporters/html/index.js';
import { syntheticResult } from './synthetic-result.js';
import { launchChromium } from '../test/helpers/browser.js';

export interface HtmlBenchRow {
  findings: number;
  resources: number;
  sizeMB: number;
  renderMs: number;
  loadMs: number;
  interactiveMs: number;
}

export async function benchHtml(findings: number, resources: number, runs = 3): Promise<HtmlBenchRow> {
  const result = syntheticResult({ findings, resources });
  const t0 = performance.now();
  const html = htmlReporter.render(result, { color: false });
  const renderMs = performance.now() - t0;
  const file = join(mkdtempSync(join(tmpdir(), 'aispm-bench-html-')), 'aispm.html');
  writeFileSync(file, html);
  const browser = await launchChromium();
  const loads: number[] = [];
  const interactive: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      const start = Date.now();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      loads.push(Date.now() - start);
      await page.waitForSelector('body[data-ready=true]');
      // interactive = the first click on the queue opens a detail panel
      await page.locator('[data-testid=queue-row]').first().click();
      await page.waitForSelector('[data-testid=finding-detail]');
      interactive.push(Date.now() - start);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { findings, resources, sizeMB: statSync(file).size / 1e6, renderMs, loadMs: median(loads), interactiveMs: median(interactive) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { findings: { type: 'string', default: '100000' }, resources: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' } } });
  const row = await benchHtml(Number(values.findings), Number(values.resources), Number(values.runs));
  console.log('| findings | resources | file size | render (node) | load | interactive (first click answered) | target |');
  console.log('|---:|---:|---:|---:|---:|---:|---|');
  console.log(
    `| ${row.findings} | ${row.resources} | ${row.sizeMB.toFixed(1)} MB | ${row.renderMs.toFixed(0)} ms | ${row.loadMs} ms | ${row.interactiveMs} ms | < 3000 ms, < 30 MB: ${row.interactiveMs < 3000 && row.sizeMB < 30 ? 'met' : 'MISSED'} |`,
  );
}
