import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/model/index.js';
import { loadPathRules, loadPathRulesFrom, parsePathRule } from '../../src/graph/index.js';

const valid = `id: PATH-901
title: t
description: d
severity: high
source: node.principal && node.external
target: node.category == "ml.model"
edges: [can-write, stored-in]
maxHops: 3
remediation: r
frameworks: { mitreAtlas: [AML.T0020] }
`;

describe('path rule loading', () => {
  it('loads every shipped path rule', async () => {
    const rules = await loadPathRules(resolve('rules/paths'));
    expect(rules.map((r) => r.id)).toEqual(['PATH-001', 'PATH-002', 'PATH-003', 'PATH-004', 'PATH-005', 'PATH-070']);
  });

  it('accepts a minimal rule and applies defaults', () => {
    const { rule, errors } = parsePathRule(valid, 'PATH-901-x.yaml');
    expect(errors).toEqual([]);
    expect(rule).toMatchObject({ report: 'longest', severityByTarget: [], tags: [], frameworks: { owaspMl: [] } });
  });

  const cases: [string, string, RegExp][] = [
    ['unknown field', valid + 'sevrity: high\n', /PATH-901-x\.yaml:11: rule: unknown field "sevrity"/],
    ['bad severity', valid.replace('severity: high', 'severity: severe'), /PATH-901-x\.yaml:4: severity: Invalid option/],
    ['unknown edge type', valid.replace('[can-write, stored-in]', '[can-write, stores]'), /PATH-901-x\.yaml:7: edges\.1/],
    ['CEL syntax error', valid.replace('node.category == "ml.model"', 'node.category =='), /PATH-901-x\.yaml:6: target: CEL syntax error/],
    ['unknown node field', valid.replace('node.external', 'node.isExternal'), /PATH-901-x\.yaml:5: source: unknown node field node\.isExternal; expected one of: id, kind/],
    ['unknown node field under a negation', valid.replace('node.external', '!node.isExternal'), /:5: source: unknown node field node\.isExternal/],
    ['non-boolean selector', valid.replace('node.category == "ml.model"', 'node.category'), /:6: target: .*boolean/],
    ['file name without the id', valid, /PATH-902-x\.yaml:1: file name must start with the rule id "PATH-901-"/],
    ['bad id', valid.replace('PATH-901', 'PATH-9'), /:1: id: a path rule id like PATH-001/],
    ['first hop outside edges', valid + 'firstHop: [can-assume]\n', /:11: firstHop: every first-hop edge type must also be listed in edges/],
    ['YAML error', valid + 'edges: [a\n', /PATH-901-x\.yaml:\d+: YAML error/],
    ['merging into itself', valid + 'mergeInto: [PATH-901]\n', /:11: mergeInto: a rule cannot merge into itself/],
    ['a bad id to merge into', valid + 'mergeInto: [PATH-1]\n', /mergeInto\.0: a path rule id like PATH-001/],
  ];
  it.each(cases)('rejects %s with file:line', (_name, text, expected) => {
    const file = _name === 'file name without the id' ? 'PATH-902-x.yaml' : 'PATH-901-x.yaml';
    const { rule, errors } = parsePathRule(text, file);
    expect(rule).toBeUndefined();
    expect(errors.join('\n')).toMatch(expected);
  });

  describe('a directory', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'aispm-path-rules-'));
      await writeFile(join(dir, 'PATH-901-a.yaml'), valid);
      await writeFile(join(dir, 'PATH-901-b.yaml'), valid);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('reports duplicate ids naming both files', async () => {
      const { errors } = await loadPathRulesFrom(dir);
      expect(errors).toEqual(['PATH-901-b.yaml:1: duplicate rule id PATH-901, already defined in PATH-901-a.yaml']);
      expect(() => loadPathRules(dir)).toThrow(InputError);
    });

    it('a missing directory is an error, not an empty rule set', async () => {
      const { errors } = await loadPathRulesFrom(join(dir, 'nope'));
      expect(errors[0]).toMatch(/cannot read path rules directory .*nope: ENOENT/);
    });
  });
});
