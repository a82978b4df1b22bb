import { describe, expect, it } from 'vitest';
import { tableReporter } from '../../src/reporters/table.js';
import { jsonReporter } from '../../src/reporters/json.js';
import { demoScan, richScan } from '../helpers/scan-fixture.js';
import { ScanResult } from '../../src/model/index.js';

describe('table reporter', () => {
  it('groups by severity, worst first, with failed and unknown counts', () => {
    const text = tableReporter.render(demoScan(), { color: false });
    const headings = text.split('\n').filter((l) => /^[A-Z]+ \(/.test(l));
    expect(headings.map((h) => h.split(' ')[0])).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].filter((s) => headings.some((h) => h.startsWith(s))));
    expect(text).toMatch(/UNKNOWN AWS-S3-001/);
    expect(text).toMatch(/FAIL {4}AWS-S3-001/);
    expect(text).toMatch(/\d+ resources, \d+ rules: \d+ failed \(.*\), \d+ unknown/);
  });

  it('renders attack paths as hops, hides suppressed findings, and uses colour only when asked', () => {
    const text = tableReporter.render(richScan(), { color: false });
    expect(text).toMatch(/^CRITICAL \(\d+ failed\)/m);
    expect(text).toMatch(/aws-account:444455556666 -\[can-write\]-> s3:\/\/acme-ml-training-data\/fraud\/train\/ -\[reads-from\]-> training-job\/fraud-detector-v3 -\[produces\]-> model\/fraud-detector-v3/);
    expect(text).toMatch(/1 suppressed finding not shown/);
    expect(text).not.toMatch(/\u001b\[/);
    expect(tableReporter.render(richScan(), { color: true })).toMatch(/\u001b\[/);
  });

  it('says so when there is nothing to report', () => {
    expect(tableReporter.render({ ...demoScan(), findings: [] }, { color: false })).toMatch(/No findings\./);
  });
});

describe('json reporter', () => {
  it('is the ScanResult, valid against its schema, deterministic', () => {
    const text = jsonReporter.render(demoScan(), { color: false });
    expect(ScanResult.safeParse(JSON.parse(text)).success).toBe(true);
    expect(jsonReporter.render(demoScan(), { color: false })).toBe(text);
  });
});
