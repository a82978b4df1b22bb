import { describe, expect, test } from 'vitest';
import { actionMatches, coversEveryKeyWith, globMatches, remaindersAfter } from '../../src/access/glob.js';

describe('IAM wildcards', () => {
  test.each([
    ['s3:Get*', 's3:GetObject', true],
    ['s3:get*', 'S3:GETOBJECT', true],
    ['s3:GetObject?', 's3:GetObject', false],
    ['s3:GetObject?', 's3:GetObjectX', true],
    ['*', 's3:PutObject', true],
    ['s3:*Object', 's3:PutObject', true],
    ['iam:PassRole', 's3:PassRole', false],
  ] as const)('action %s vs %s', (p, a, ok) => expect(actionMatches(p, a)).toBe(ok));

  test('resources compare case-sensitively and * crosses /', () => {
    expect(globMatches('arn:aws:s3:::B/*', 'arn:aws:s3:::b/x')).toBe(false);
    expect(globMatches('arn:aws:s3:::*', 'arn:aws:s3:::b/deep/key')).toBe(true);
  });

  test.each([
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/', ['*']],
    ['arn:aws:s3:::b/data/*', 'arn:aws:s3:::b/', ['data/*']],
    ['arn:aws:s3:::b', 'arn:aws:s3:::b/', []],
    ['arn:aws:s3:::other/*', 'arn:aws:s3:::b/', []],
    ['arn:aws:s3:::ml-*/*', 'arn:aws:s3:::ml-raw/', ['*']],
    ['arn:aws:s3:::ml-*/*', 'arn:aws:s3:::logs/', []],
  ] as const)('remainders of %s after %s', (p, lit, out) => {
    const got = remaindersAfter(p, lit);
    for (const r of out) expect(got).toContain(r);
    if (out.length === 0) expect(got).toEqual([]);
  });

  test('a Deny pattern covers a prefix only when it is literal text followed by stars', () => {
    expect(coversEveryKeyWith('*', 'data/')).toBe(true);
    expect(coversEveryKeyWith('data/*', 'data/train/')).toBe(true);
    expect(coversEveryKeyWith('data/train/*', 'data/')).toBe(false);
    expect(coversEveryKeyWith('*.csv', '')).toBe(false);
  });
});
