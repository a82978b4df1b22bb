import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRuleIssue, loadRuleDirs, loadRuleSet, parseRuleText } from '../../src/rules/load.js';

const GOOD = `id: AWS-S3-901
title: Versioning off
severity: medium
resource: aws.s3.bucket
condition: '!resource.versioning.enabled'
message: bucket {{resource.name}} has no versioning
description: risk
remediation: fix it
examples:
  fail:
    - versioning: { enabled: false, status: Disabled, mfaDelete: false }
  pass:
    - versioning: { enabled: true, status: Enabled, mfaDelete: false }
`;

const parseAs = (text: string, name = 'AWS-S3-901-x.yaml') => parseRuleText(text, { file: name, source: name });
const messages = (text: string, name?: string) => parseAs(text, name).errors.map(formatRuleIssue);

describe('rule loader', () => {
  it('loads a good rule and compiles its condition', () => {
    const r = parseAs(GOOD);
    expect(r.errors).toEqual([]);
    expect(r.rule?.reads.map((x) => x.path)).toEqual(['versioning.enabled']);
  });

  it('a misspelled top-level field names file:line and suggests the field', () => {
    const errs = messages(GOOD.replace('remediation:', 'remediaton:'));
    expect(errs).toContainEqual(expect.stringMatching(/^AWS-S3-901-x\.yaml:8:1: unknown field "remediaton" \(did you mean "remediation"\?\)/));
  });

  it('a CEL syntax error shows file:line:column and a caret under the column', () => {
    const text = GOOD.replace(`condition: '!resource.versioning.enabled'`, 'condition: |\n  resource.versioning.enabled &&\n    (resource.name == "a" ||');
    const [err] = messages(text);
    expect(err).toMatch(/^AWS-S3-901-x\.yaml:7:\d+: condition: CEL syntax error: /);
    const lines = err.split('\n');
    expect(lines[1]).toBe('      (resource.name == "a" ||');
    expect(lines[2]).toMatch(/^ +\^$/);
  });

  it('a caret in a one-line condition points at the column in the file', () => {
    const [err] = messages(GOOD.replace(`'!resource.versioning.enabled'`, `'!resource.versioning.enabled +* 1'`));
    expect(err).toMatch(/^AWS-S3-901-x\.yaml:5:\d+: condition: CEL syntax error/);
    const [, excerpt, caret] = err.split('\n');
    expect(excerpt.trim()).toBe('!resource.versioning.enabled +* 1');
    expect(caret.indexOf('^') - 4).toBe(excerpt.indexOf('*') - 4);
  });

  it('a field the model does not define is an error with a suggestion', () => {
    const errs = messages(GOOD.replace('resource.versioning.enabled', 'resource.versioning.enable'));
    expect(errs[0]).toMatch(/^AWS-S3-901-x\.yaml:5:\d+: condition: no field "enable" in resource.versioning \(did you mean "enabled"\?\)/);
  });

  it('checks fields read inside macros and through related/access', () => {
    const training = GOOD.replace('aws.s3.bucket', 'aws.sagemaker.training-job').replace(/examples:[\s\S]*/, '');
    expect(messages(training.replace(`'!resource.versioning.enabled'`, `"resource.inputs.exists(i, i.s3Url.startsWith('s3://'))"`))[0]).toMatch(/no field "s3Url" in resource.inputs \(did you mean "s3Uri"\?\)/);
    expect(messages(GOOD.replace('resource.versioning.enabled', 'resource.access.publicWrit'))[0]).toMatch(/no field "publicWrit" in resource.access/);
    expect(messages(GOOD.replace('resource.versioning.enabled', 'resource.related.feedsTrainin'))[0]).toMatch(/no field "feedsTrainin" in resource.related/);
    expect(messages(GOOD.replace('resource.versioning.enabled', 'resource.access.writers.exists(w, w.external)'))).toEqual([]);
  });

  it('an unknown kind lists the kinds and categories', () => {
    expect(messages(GOOD.replace('resource: aws.s3.bucket', 'resource: aws.s3.buckets'))[0]).toMatch(/^AWS-S3-901-x\.yaml:4: resource: a resource kind \(aws\.s3\.bucket, .*\) or a category/);
  });

  it('a bad severity names the allowed values', () => {
    expect(messages(GOOD.replace('severity: medium', 'severity: severe'))[0]).toMatch(/^AWS-S3-901-x\.yaml:3: severity: .*"critical".*found "severe"/);
  });

  it('an id that does not match the file name is an error', () => {
    expect(messages(GOOD, 'AWS-S3-902-other.yaml')[0]).toMatch(/^AWS-S3-902-other\.yaml:1: rule id AWS-S3-901 does not match the file name/);
  });

  it('a missing field is named', () => {
    expect(messages(GOOD.replace('title: Versioning off\n', ''))[0]).toMatch(/missing required field "title"/);
  });

  it('an invalid example names its line and JSON path', () => {
    const errs = messages(GOOD.replace('{ enabled: true, status: Enabled', '{ enabled: yes-please, status: Enabled'));
    expect(errs[0]).toMatch(/^AWS-S3-901-x\.yaml:13: examples\.pass\[0\]: example is not a valid aws\.s3\.bucket: at \$\.versioning\.enabled: /);
  });

  it('a message placeholder must be a model field', () => {
    expect(messages(GOOD.replace('{{resource.name}}', '{{resource.nme}}'))[0]).toMatch(/^AWS-S3-901-x\.yaml:6: message placeholder \{\{resource\.nme\}\}: no field "nme"/);
  });

  it('duplicate ids across directories are errors naming both files', () => {
    const root = mkdtempSync(join(tmpdir(), 'aispm-rules-'));
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'a', 'AWS-S3-901-x.yaml'), GOOD);
    writeFileSync(join(root, 'b', 'AWS-S3-901-y.yaml'), GOOD);
    const result = loadRuleDirs([join(root, 'a'), join(root, 'b')], root);
    expect(result.rules).toHaveLength(1);
    expect(result.errors.map(formatRuleIssue)).toEqual(['b/AWS-S3-901-y.yaml:1: duplicate rule id AWS-S3-901: already defined in a/AWS-S3-901-x.yaml']);
  });

  it('--rules adds to the built-in set and --only-rules replaces it', () => {
    const root = mkdtempSync(join(tmpdir(), 'aispm-rules-'));
    writeFileSync(join(root, 'AWS-S3-901-x.yaml'), GOOD);
    const builtin = loadRuleSet().rules.length;
    expect(loadRuleSet({ extraDirs: [root] }).rules.length).toBe(builtin + 1);
    expect(loadRuleSet({ onlyDirs: [root] }).rules.map((r) => r.id)).toEqual(['AWS-S3-901']);
    expect(loadRuleSet({ onlyDirs: [join(root, 'missing')] }).errors[0].message).toMatch(/cannot read rules directory: ENOENT/);
  });

  it('a category rule checks the field against every kind in the category', () => {
    const cat = GOOD.replace('resource: aws.s3.bucket', 'resource: storage.bucket').replace(/examples:[\s\S]*/, '');
    expect(messages(cat.replace('resource.versioning.enabled', 'resource.access.publicWrite'))).toEqual([]);
    const partial = parseAs(cat.replace(`'!resource.versioning.enabled'`, `'resource.uniformBucketLevelAccess'`));
    expect(partial.errors).toEqual([]);
    expect(partial.warnings[0].message).toMatch(/for aws\.s3\.bucket; on those kinds the rule reports unknown/);
  });

  it('a YAML syntax error names the line', () => {
    expect(messages('id: [unclosed\ntitle: x\n')[0]).toMatch(/^AWS-S3-901-x\.yaml:\d+:\d+: YAML syntax error/);
  });
});
