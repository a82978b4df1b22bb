import { describe, expect, it } from 'vitest';
import { ValueIds } from '../../src/access/value-ids.js';

describe('ValueIds.ofTextFrom', () => {
  it('gives the id ofText gives the rest of the text, whatever was asked before', () => {
    const asked: [string, number][] = [
      ['arn:aws:s3:::a/*', 13],
      ['arn:aws:s3:::bb/*', 14],
      ['arn:aws:s3:::a/x', 13],
      ['arn:aws:s3:::a', 13],
      ['arn:aws:s3:::ccc', 16],
      ['arn:aws:s3:::a/x', 13],
      ['arn:aws:s3:::a/*', 13],
    ];
    const sliced = new ValueIds();
    const from = new ValueIds();
    for (const [text, start] of asked) expect(from.ofTextFrom(text, start)).toBe(sliced.ofText(text.slice(start)));
  });
});
