import { describe, expect, test } from 'vitest';
import { noTrust } from '../../src/model/index.js';
import { loadRuleSet } from '../../src/rules/load.js';
import { evaluateRules } from '../../src/rules/evaluate.js';
import { analyzeAccess } from '../../src/access/index.js';
import { evidenceWithAccess } from '../../src/access/finding-evidence.js';
import { inventory, policy, s3Bucket } from './builders.js';

const { rules } = loadRuleSet();

describe('access evidence on findings', () => {
  const analyzed = analyzeAccess(inventory([s3Bucket('open-data', { policy: policy({ Sid: 'PublicPut', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::open-data/*' }) })]), noTrust());
  const { findings } = evaluateRules(rules, analyzed.resources);

  test('findings of rules that read an access field carry the analysis evidence when evaluateRules makes them', () => {
    const publicWrite = findings.find((f) => f.ruleId === 'AWS-S3-051')!;
    expect(publicWrite.evidence.map((e) => e.path)).toContain('access.publicWrite');
    expect(publicWrite.evidence.at(-1)?.path).toBe('access.evidence.publicWrite');
    // nothing is left to add afterwards: the same evidence list comes back for every finding
    for (const f of findings) expect(evidenceWithAccess(analyzed.resources[0], f.evidence, f.unknownFields)).toBe(f.evidence);
  });

  test('findings of other rules keep the evidence of their condition only', () => {
    const versioning = findings.find((f) => f.ruleId === 'AWS-S3-001')!;
    expect(versioning.evidence.every((e) => !e.path.startsWith('access.'))).toBe(true);
  });

  test('evidenceWithAccess returns the same list when there is nothing to add, and adds each path once', () => {
    const bucket = analyzed.resources[0];
    const none = [{ path: 'versioning.enabled', value: false }];
    expect(evidenceWithAccess(bucket, none, [])).toBe(none);
    const twice = evidenceWithAccess(bucket, [{ path: 'access.publicWrite', value: true }], [{ path: 'access.publicWrite', reason: 'r' }]);
    expect(twice.map((e) => e.path)).toEqual(['access.publicWrite', 'access.evidence.publicWrite']);
  });

  test('evidenceWithAccess adds for unknown fields too, after the evidence, and only for access.<flag> itself', () => {
    const bucket = analyzed.resources[0];
    const evidence = [{ path: 'access.publicWrite.nested', value: 1 }, { path: 'access.', value: 1 }, { path: 'versioning.enabled', value: false }];
    expect(evidenceWithAccess(bucket, evidence, [])).toBe(evidence);
    const added = evidenceWithAccess(bucket, evidence, [{ path: 'access.publicWrite', reason: 'r' }, { path: 'access.publicWrite', reason: 'again' }]);
    expect(added.map((e) => e.path)).toEqual(['access.publicWrite.nested', 'access.', 'versioning.enabled', 'access.evidence.publicWrite']);
    const kept = [{ path: 'access.evidence.publicWrite', value: 'mine' }];
    expect(evidenceWithAccess(bucket, kept, [{ path: 'access.publicWrite', reason: 'r' }])).toBe(kept);
  });
});
