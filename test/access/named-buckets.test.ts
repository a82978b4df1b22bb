import { describe, expect, it } from 'vitest';
import { NamedBuckets } from '../../src/access/identity/named-buckets.js';
import { s3Bucket } from './builders.js';

describe('NamedBuckets', () => {
  const buckets = [s3Bucket('a'), s3Bucket('b'), { ...s3Bucket('c'), arn: 'arn:aws:s3:::c/odd' }, s3Bucket('d'), s3Bucket('b'), { ...s3Bucket('e'), arn: '' }];

  it('from the second role on: the places of the named buckets, repeats of an ARN included, and of those with a / in their ARN, ascending', () => {
    const index = new NamedBuckets();
    const named = new Set(['arn:aws:s3:::d', 'arn:aws:s3:::b', 'arn:aws:s3:::c/odd', 'arn:aws:s3:::e', 'arn:aws:s3:::none']);
    expect(index.of(buckets, named)).toBeUndefined();
    expect(index.of(buckets, named)).toEqual([1, 2, 3, 4, 5]);
    expect(index.of(buckets, new Set(['arn:aws:s3:::a']))).toEqual([0, 2]);
    expect(index.of(buckets, new Set())).toEqual([2]);
    // another list has its own count
    expect(index.of(buckets.slice(0, 2), new Set(['arn:aws:s3:::a']))).toBeUndefined();
  });
});
