import { describe, expect, it } from 'vitest';
import { analyzeAccess } from '../../src/access/index.js';
import { NamedBuckets, ascending } from '../../src/access/identity/named-buckets.js';
import { noTrust, type AwsIamRole } from '../../src/model/index.js';
import { OWNER, iamRole, inventory, policy, s3Bucket } from './builders.js';

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

  it('an ARN three buckets have gives all three places', () => {
    const index = new NamedBuckets();
    const thrice = [s3Bucket('b'), s3Bucket('a'), s3Bucket('b'), s3Bucket('b')];
    const named = new Set(['arn:aws:s3:::b']);
    index.of(thrice, named);
    expect(index.of(thrice, named)).toEqual([0, 2, 3]);
    expect(index.of(thrice, new Set(['arn:aws:s3:::a']))).toEqual([1]);
  });
});

describe('ascending', () => {
  it.each([0, 1, 2, 5, 32, 33, 100])('sorts %i numbers in place as sort does', (n) => {
    const list = Array.from({ length: n }, (_, i) => (i * 7919) % 13);
    const expected = [...list].sort((a, b) => a - b);
    expect(ascending(list)).toBe(list);
    expect(list).toEqual(expected);
  });
});

describe('roles that name their buckets, through the analysis', () => {
  it('a bucket whose policy grants the role write counts though its statements do not name it, also for a list indexed already', () => {
    const named = s3Bucket('named');
    const granted = s3Bucket('granted', {
      policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:role/second` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::granted/*' }),
    });
    const writesNamed = policy({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::named/*' })!;
    // the first role makes the account's list be asked about once; the second is answered by its index, if by any
    const roles = ['first', 'second'].map((name) => iamRole(name, { inlinePolicies: [{ name: 'write', document: writesNamed }] }));
    const out = analyzeAccess(inventory([named, granted, ...roles]), noTrust()).resources as AwsIamRole[];
    expect(out[2].reach!.writableBuckets.map((w) => w.bucket)).toEqual(['arn:aws:s3:::named']);
    expect(out[3].reach!.writableBuckets.map((w) => w.bucket)).toEqual(['arn:aws:s3:::named', 'arn:aws:s3:::granted']);
  });
});
