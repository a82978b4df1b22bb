import { describe, expect, it } from 'vitest';
import { parseRuleText } from '../../src/rules/load.js';
import { buildExample } from '../../src/rules/examples.js';
import { evaluateRuleOn } from '../../src/rules/evaluate.js';
import { overlaps, placeholderPath, withoutPaths } from '../../src/rules/unknown.js';
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

  it('a gap on a field whose name only begins another field\'s name changes nothing (a path prefix ends at a dot)', () => {
    expect(overlaps('account', 'accountPublicAccessBlock')).toBe(false);
    expect(overlaps('accountPublicAccessBlock', 'account')).toBe(false);
    expect(overlaps('accountPublicAccessBlock.blockPublicAcls', 'accountPublicAccessBlock')).toBe(true);
    const out = evaluateRuleOn(ruleWith('resource.accountPublicAccessBlock == null'), bucket({ accountPublicAccessBlock: null, gaps: [gap('account')] }));
    expect(out).toMatchObject({ status: 'fail', unknownFields: [] });
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

  describe('has() tests presence only: gaps at or above its path make it unknown, gaps below do not', () => {
    const reach = (partial: Record<string, unknown> = {}) => ({
      writableBuckets: [],
      assumableBy: [],
      wildcardS3Write: false,
      canPassRole: false,
      externallyAssumable: false,
      ...partial,
    });
    const role = (partial: Record<string, unknown>): Resource => {
      const built = buildExample('aws.iam.role', partial);
      if (!built.ok) throw new Error(built.message);
      return built.resource;
    };
    const status = (condition: string, r: Resource) => evaluateRuleOn(ruleWith(condition, 'aws.iam.role'), r).status;
    const guarded = 'has(resource.reach) && resource.reach.externallyAssumable';

    it('a gap below the has() path leaves the known fields deciding: fail and pass', () => {
      const gaps = [gap('reach.writableBuckets')];
      expect(status(guarded, role({ reach: reach({ externallyAssumable: true }), gaps }))).toBe('fail');
      expect(status(guarded, role({ reach: reach({ externallyAssumable: false }), gaps }))).toBe('pass');
      expect(status('!has(resource.reach)', role({ reach: reach(), gaps }))).toBe('pass');
      expect(evaluateRuleOn(ruleWith(guarded, 'aws.iam.role'), role({ reach: reach({ externallyAssumable: true }), gaps })).unknownFields).toEqual([]);
    });

    it('a gap at or above the has() path is unknown', () => {
      expect(status(guarded, role({ reach: reach({ externallyAssumable: true }), gaps: [gap('reach')] }))).toBe('unknown');
      expect(status('!has(resource.reach.wildcardS3Write)', role({ reach: reach(), gaps: [gap('reach')] }))).toBe('unknown');
      expect(status('!has(resource.reach.wildcardS3Write)', role({ reach: reach(), gaps: [gap('reach.wildcardS3Write')] }))).toBe('unknown');
    });

    it('a gap below has() that the condition also reads as a value is still unknown', () => {
      const r = role({ reach: reach({ externallyAssumable: true }), gaps: [gap('reach.externallyAssumable')] });
      expect(evaluateRuleOn(ruleWith(guarded, 'aws.iam.role'), r)).toMatchObject({ status: 'unknown', unknownFields: [gap('reach.externallyAssumable')] });
    });

    it('reading the whole object (size, comparison) depends on gaps below it', () => {
      const gaps = [gap('reach.writableBuckets')];
      expect(status('has(resource.reach) && size(resource.reach) > 0', role({ reach: reach(), gaps }))).toBe('unknown');
      expect(status('has(resource.reach) && size(resource.reach) > 0', role({ reach: reach(), gaps: [] }))).toBe('fail');
    });

    it('a gap below an absent or null placeholder makes the placeholder unknown, so has() on it is unknown', () => {
      expect(status('!has(resource.reach)', role({ gaps: [gap('reach.writableBuckets')] }))).toBe('unknown');
      const nullBlock = bucket({ publicAccessBlock: null, gaps: [gap('publicAccessBlock.blockPublicAcls')] });
      expect(evaluateRuleOn(ruleWith('!has(resource.publicAccessBlock)'), nullBlock).status).toBe('unknown');
      const knownBlock = bucket({
        publicAccessBlock: { blockPublicAcls: false, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
        gaps: [gap('publicAccessBlock.blockPublicAcls')],
      });
      expect(evaluateRuleOn(ruleWith('!has(resource.publicAccessBlock)'), knownBlock).status).toBe('pass');
      expect(evaluateRuleOn(ruleWith('has(resource.publicAccessBlock) && !resource.publicAccessBlock.ignorePublicAcls'), knownBlock).status).toBe('pass');
      expect(evaluateRuleOn(ruleWith('has(resource.publicAccessBlock) && !resource.publicAccessBlock.blockPublicAcls'), knownBlock).status).toBe('unknown');
    });
  });

  it('a macro judges list elements by the fields its body reads; the whole list used as a value depends on every gap in it', () => {
    const built = buildExample('aws.sagemaker.training-job', { inputs: [{ channelName: 'train', s3Uri: 's3://x/y' }], gaps: [gap('inputs[0].s3Uri')] });
    if (!built.ok) throw new Error(built.message);
    const job = built.resource;
    const on = (condition: string) => evaluateRuleOn(ruleWith(condition, 'aws.sagemaker.training-job'), job).status;
    expect(on(`resource.inputs.exists(i, i.channelName == 'train')`)).toBe('fail');
    expect(on(`resource.inputs.all(i, i.channelName == 'test')`)).toBe('pass');
    expect(on(`resource.inputs.exists(i, i.s3Uri.startsWith('s3://x'))`)).toBe('unknown');
    expect(on('size(resource.inputs) > 0')).toBe('unknown');
    expect(on(`resource.inputs.exists(i, i == {'channelName': 'train'})`)).toBe('unknown');
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

describe('withoutPaths and placeholderPath', () => {
  it('a removed field leaves the other members in their order, and the value itself unchanged', () => {
    const value = { a: 1, b: { c: 2, d: 3, e: 4 }, f: [{ g: 1, h: 2 }] };
    const copy = withoutPaths(value, ['b.d', 'f[0].g']);
    expect(JSON.stringify(copy)).toBe('{"a":1,"b":{"c":2,"e":4},"f":[{"h":2}]}');
    expect(JSON.stringify(value)).toBe('{"a":1,"b":{"c":2,"d":3,"e":4},"f":[{"g":1,"h":2}]}');
  });

  it('a gap below a scalar or null removes the placeholder; a path that is not there leaves the value as it is', () => {
    const value = { a: 'x', b: null, c: { d: 1 } };
    expect(JSON.stringify(withoutPaths(value, ['a.deeper', 'b.deeper']))).toBe('{"c":{"d":1}}');
    expect(withoutPaths(value, ['z.y'])).toBe(value);
  });

  it('a member named __proto__ (JSON can have one) stays an own member of the copy', () => {
    const value = JSON.parse('{"__proto__":{"x":1},"a":{"b":1,"c":2}}');
    const copy = withoutPaths(value, ['a.b']) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"x":1},"a":{"c":2}}');
  });

  it('placeholderPath: the gap path itself, or the first absent, null or scalar field on its way', () => {
    const value = { a: { b: { c: 1 } }, s: 'x', n: null, l: [{ m: { k: 1 } }, { m: 2 }] };
    expect(placeholderPath(value, 'a.b.c')).toBe('a.b.c');
    expect(placeholderPath(value, 'a[0].b.c')).toBe('a.b.c');
    expect(placeholderPath(value, 's.t.u')).toBe('s');
    expect(placeholderPath(value, 'n.t')).toBe('n');
    expect(placeholderPath(value, 'a.x.y')).toBe('a.x');
    expect(placeholderPath(value, 'l[1].m.k')).toBe('l.m');
  });
});
