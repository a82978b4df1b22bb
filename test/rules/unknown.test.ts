import { describe, expect, it } from 'vitest';
import { parseRuleText } from '../../src/rules/load.js';
import { buildExample } from '../../src/rules/examples.js';
import { evaluateRuleOn } from '../../src/rules/evaluate.js';
import type { Resource } from '../../src/model/index.js';

function ruleWith(condition: string, resource = 'aws.s3.bucket') {
  const text = `id: AWS-S3-950\ntitle: t\nseverity: low\nresource: ${resource}\ncondition: ${JSON.stringify(condition)}\nmessage: m\ndescription: d\nremediation: r\n`;
  const parsed = parseRuleText(text, { file: 'AWS-S3-950.yaml', source: 'AWS-S3-950.yaml' });
  expect(parsed.errors).toEqual([]);
  return { ...parsed.rule!, file: 'AWS-S3-950.yaml' };
}

function bucket(partial: Record<string, unknown>): Resource {
  const built = buildExample('aws.s3.bucket', partial);
  if (!built.ok) throw new Error(built.message);
  return built.resource;
}

const gap = (path: string) => ({ path, reason: `AccessDenied for ${path}` });

describe('unknown is not false', () => {
  it('a condition that reads a gapped field is unknown, listing the gap', () => {
    const out = evaluateRuleOn(ruleWith('!resource.versioning.enabled'), bucket({ gaps: [gap('versioning')] }));
    expect(out.status).toBe('unknown');
    expect(out.unknownFields).toEqual([gap('versioning')]);
  });

  it('gaps above and below the read path count (prefix either way)', () => {
    expect(evaluateRuleOn(ruleWith('!resource.versioning.enabled'), bucket({ gaps: [gap('versioning.enabled')] })).status).toBe('unknown');
    expect(evaluateRuleOn(ruleWith('resource.access.publicWrite'), bucket({ gaps: [gap('access')] })).status).toBe('unknown');
    expect(evaluateRuleOn(ruleWith('resource.publicAccessBlock == null'), bucket({ gaps: [gap('publicAccessBlock.blockPublicAcls')] })).status).toBe('unknown');
  });

  it('a gap on a field the condition does not read changes nothing', () => {
    const out = evaluateRuleOn(ruleWith('!resource.versioning.enabled'), bucket({ gaps: [gap('policy')] }));
    expect(out).toMatchObject({ status: 'fail', unknownFields: [] });
  });

  it('the gapped placeholder value is never used: a gap on a field holding a "good" value is still unknown', () => {
    const b = bucket({ versioning: { enabled: true, status: 'Enabled', mfaDelete: false }, gaps: [gap('versioning')] });
    expect(evaluateRuleOn(ruleWith('!resource.versioning.enabled'), b).status).toBe('unknown');
  });

  it('is precise: when the known fields decide the outcome, the gap does not matter', () => {
    const rule = ruleWith('!resource.versioning.enabled || !resource.logging.enabled');
    const decided = bucket({ logging: { enabled: false }, gaps: [gap('versioning')] });
    expect(evaluateRuleOn(rule, decided).status).toBe('fail');
    const undecided = bucket({ logging: { enabled: true }, gaps: [gap('versioning')] });
    expect(evaluateRuleOn(rule, undecided).status).toBe('unknown');
    const and = ruleWith('!resource.versioning.enabled && !resource.logging.enabled');
    expect(evaluateRuleOn(and, undecided).status).toBe('pass');
  });

  it('has() on a gapped field is unknown (presence itself is unknown)', () => {
    const rule = ruleWith('!has(resource.volumeKmsKeyId)', 'aws.sagemaker.training-job');
    const built = buildExample('aws.sagemaker.training-job', { gaps: [gap('volumeKmsKeyId')] });
    if (!built.ok) throw new Error(built.message);
    expect(evaluateRuleOn(rule, built.resource).status).toBe('unknown');
  });

  it('gaps inside lists (inputs[0].s3Uri) match element reads in macros', () => {
    const rule = ruleWith(`resource.inputs.exists(i, i.s3Uri.startsWith('s3://public'))`, 'aws.sagemaker.training-job');
    const built = buildExample('aws.sagemaker.training-job', { inputs: [{ channelName: 'train', s3Uri: 's3://x/y' }], gaps: [gap('inputs[0].s3Uri')] });
    if (!built.ok) throw new Error(built.message);
    expect(evaluateRuleOn(rule, built.resource).status).toBe('unknown');
  });

  it('a runtime error on one resource is unknown with the error as the reason, never a crash', () => {
    const out = evaluateRuleOn(ruleWith('resource.access.publicWrite'), bucket({}));
    expect(out.status).toBe('unknown');
    expect(out.unknownFields[0]).toMatchObject({ path: '(condition)', reason: expect.stringMatching(/evaluation error: No such key: access/) });
  });

  it('a non-boolean result is unknown', () => {
    const out = evaluateRuleOn(ruleWith('resource.name'), bucket({}));
    expect(out.unknownFields[0].reason).toMatch(/returned a string, expected true or false/);
  });

  it('whole-number model fields compare and compute with CEL int literals', () => {
    const rule = ruleWith('resource.softDeleteRetentionSeconds * 2 < 86400 && resource.softDeleteRetentionSeconds >= 0.5', 'gcp.storage.bucket');
    const built = buildExample('gcp.storage.bucket', { softDeleteRetentionSeconds: 3600 });
    if (!built.ok) throw new Error(built.message);
    expect(evaluateRuleOn(rule, built.resource).status).toBe('fail');
  });

  it('evidence lists the read paths and their values', () => {
    const out = evaluateRuleOn(ruleWith('!resource.versioning.enabled || resource.logging.enabled == false'), bucket({}));
    expect(out.evidence).toEqual([
      { path: 'logging.enabled', value: false },
      { path: 'versioning.enabled', value: false },
    ]);
  });
});
