import { describe, expect, test } from 'vitest';
import { ObjectResources } from '../../src/access/identity/object-resources.js';
import { allowScopes } from '../../src/access/s3/statement.js';
import type { PolicyStatement } from '../../src/model/index.js';

// Checking a bucket only against the patterns that can match it must give what checking every pattern gives.
describe('object resources of an Allow statement', () => {
  const buckets = ['arn:aws:s3:::ml-data', 'arn:aws:s3:::ml-data-2', 'arn:aws:s3:::logs', 'arn:aws:s3:::ml'];
  const resources: PolicyStatement['Resource'][] = [
    '*',
    'arn:aws:s3:::*',
    'arn:aws:s3:::ml-data/*',
    ['arn:aws:s3:::ml-data/train/*', 'arn:aws:s3:::ml-data/*', 'arn:aws:s3:::logs/a/*'],
    ['arn:aws:s3:::ml-*/raw/*', 'arn:aws:s3:::ml-data/train/*', 'arn:aws:s3:::ml-data/train/x/*'],
    ['arn:aws:s3:::ml-data', 'arn:aws:s3:::ml?data/*', 'arn:aws:s3:::ml/*'],
    ['arn:aws:s3:::ml-*', 'arn:aws:s3:::logs/a/*'],
    ['arn:aws:s3:::ml-data*', 'arn:aws:s3:::ml-data-2/x/*'],
    ['arn:aws:*', 'arn:aws:s3:::ml-data/*'],
    'arn:aws:s3:::lo*',
    ['arn:aws:s3:::ml-data', 'arn:aws:s3:::ml-data/*', 'arn:aws:s3:::logs'],
    [],
  ];
  const statements: PolicyStatement[] = [
    ...resources.map((Resource): PolicyStatement => ({ Effect: 'Allow', Action: 's3:PutObject', Resource })),
    { Effect: 'Allow', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::logs/*' },
  ];
  test.each(statements.map((st) => [JSON.stringify(st.Resource ?? st.NotResource), st] as const))('%s', (_, st) => {
    const prepared = new ObjectResources(st);
    for (const b of buckets) expect(prepared.scopes(b), b).toEqual(allowScopes(st, b, 'object'));
  });
});
