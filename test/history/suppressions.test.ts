import { describe, expect, it } from 'vitest';
import { applySuppressions, globToRegExp } from '../../src/history/suppressions.js';
import { makeFinding } from '../helpers/findings.js';

const now = new Date('2026-11-26T12:00:00Z');
const tags: Record<string, Record<string, string>> = { 'arn:aws:s3:::dev-data': { env: 'dev' }, 'arn:aws:s3:::prod-data': { env: 'prod' } };
const tagsOf = (id: string) => tags[id];

describe('suppressions', () => {
  const findings = [
    makeFinding('AWS-S3-001', 'arn:aws:s3:::dev-data'),
    makeFinding('AWS-S3-002', 'arn:aws:s3:::prod-data'),
    makeFinding('AWS-SM-001', 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb'),
  ];

  it('globs match across slashes and colons', () => {
    expect(globToRegExp('arn:aws:sagemaker:*:notebook-instance/*').test('arn:aws:sagemaker:us-east-1:1:notebook-instance/nb')).toBe(true);
    expect(globToRegExp('AWS-S3-00?').test('AWS-S3-001')).toBe(true);
    expect(globToRegExp('AWS-S3-00?').test('AWS-S3-0011')).toBe(false);
  });

  it('marks matches by rule glob, resource glob, account and tags, keeping the findings', () => {
    const out = applySuppressions(
      findings,
      [
        { rule: 'AWS-S3-*', tags: { env: 'dev' }, reason: 'dev buckets are scratch space' },
        { resource: 'arn:aws:sagemaker:*', account: '111122223333', reason: 'notebooks reviewed' },
      ],
      now,
      tagsOf,
    );
    expect(out.findings).toHaveLength(3);
    expect(out.findings.map((f) => f.suppressed?.reason)).toEqual(['dev buckets are scratch space', undefined, 'notebooks reviewed']);
    expect(out.findings[0].suppressed?.matchedBy).toContain('suppressions[0]');
    expect(out.stale).toEqual([]);
  });

  it('an expired entry stops applying and is reported as expired', () => {
    const out = applySuppressions(findings, [{ rule: 'AWS-S3-001', reason: 'temporary', expires: '2026-11-25' }], now, tagsOf);
    expect(out.findings[0].suppressed).toBeUndefined();
    expect(out.expired).toEqual(['suppressions[0] (rule=AWS-S3-001) expired on 2026-11-25']);
    expect(out.stale).toEqual([]);
  });

  it('an entry that expires today still applies', () => {
    const out = applySuppressions(findings, [{ rule: 'AWS-S3-001', reason: 'temporary', expires: '2026-11-26' }], now, tagsOf);
    expect(out.findings[0].suppressed?.expires).toBe('2026-11-26');
  });

  it('an entry matching nothing is reported as stale', () => {
    const out = applySuppressions(findings, [{ rule: 'GCP-*', reason: 'no gcp here' }, { account: '999999999999', reason: 'other account' }], now, tagsOf);
    expect(out.stale).toEqual(['suppressions[0] (rule=GCP-*) matched no finding', 'suppressions[1] (account=999999999999) matched no finding']);
    expect(out.findings.every((f) => !f.suppressed)).toBe(true);
  });
});
