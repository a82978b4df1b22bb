import { describe, expect, it } from 'vitest';
import { analyzeAccess } from '../../src/access/index.js';
import { INTERNET, noTrust, type AwsS3Bucket } from '../../src/model/index.js';
import { inventory, policy, s3Bucket } from './builders.js';

// Ids are unique in a well-formed inventory; when two buckets share one, the later one's analysis applies to both, and
// the id gets its grant edges once (as when analyses were kept in a map by id).
describe('buckets that share an id', () => {
  const publicRead = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::dup/*' });

  it('both get the last analysis, and the id its grant edges once', () => {
    const inv = analyzeAccess(inventory([s3Bucket('dup'), s3Bucket('other'), s3Bucket('dup', { policy: publicRead })]), noTrust());
    const [first, , last] = inv.resources as AwsS3Bucket[];
    expect(first.access?.publicRead).toBe(true);
    expect(last.access).toBe(first.access);
    expect(inv.edges.filter((e) => e.from === INTERNET && e.to === 'arn:aws:s3:::dup')).toHaveLength(1);
  });

  it('the earlier analysis when the later bucket is the private one', () => {
    const inv = analyzeAccess(inventory([s3Bucket('dup', { policy: publicRead }), s3Bucket('dup')]), noTrust());
    expect((inv.resources as AwsS3Bucket[]).map((r) => r.access?.publicRead)).toEqual([false, false]);
    expect(inv.edges.filter((e) => e.from === INTERNET)).toHaveLength(0);
  });
});
