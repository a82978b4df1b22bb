import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../bench/synthetic-inventory.js';
import { analyzeInventory, SCAN_STAGES, sortFindings, type ScanState } from '../src/scan.js';
import { rankBySegments, segmentsOf } from '../src/rank-findings.js';
import { Inventory, noTrust, plainFinding, type Finding } from '../src/model/index.js';
import { loadRuleSet, parseRuleText, type LoadedRule } from '../src/rules/load.js';
import { evaluateRules } from '../src/rules/evaluate.js';
import { demoInventory } from './helpers/scan-fixture.js';
import { linkFindingsToPaths, pathsByNode } from '../src/graph/index.js';
import { canonicalOrder } from '../src/canonical-order.js';

const synthetic = (n: number, seed: number) => {
  const parts = syntheticInventoryParts(n, seed);
  return Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
};

/** A category rule (two kinds: S3 and Cloud Storage buckets), so its findings come per kind, not in resource id order. */
const CATEGORY_RULE = `id: CUSTOM-001
title: Any bucket
severity: high
resource: storage.bucket
condition: 'resource.name != ""'
message: bucket {{resource.name}}
description: every bucket
remediation: none
`;

function customRule(): LoadedRule {
  const parsed = parseRuleText(CATEGORY_RULE, { file: 'CUSTOM-001.yaml', source: 'CUSTOM-001.yaml' });
  expect(parsed.errors).toEqual([]);
  return { ...parsed.rule!, file: 'CUSTOM-001.yaml' } as LoadedRule;
}

const sameOrder = (a: readonly Finding[], b: readonly Finding[]) => a.length === b.length && a.every((f, i) => f === b[i]);

describe('rankBySegments: the final order without sorting the resource findings', () => {
  it('gives exactly sortFindings order on the synthetic estate, attack paths included', () => {
    const result = analyzeInventory(synthetic(3_000, 5), { rules: loadRuleSet().rules, now: () => new Date(0) });
    expect(result.findings.some((f) => f.type === 'path')).toBe(true);
    expect(sameOrder(result.findings, sortFindings(result.findings))).toBe(true);
  });

  it('merges a multi-kind rule by resource id, and keeps duplicate resource ids in input order', () => {
    const inventory = demoInventory();
    const bucket = inventory.resources.find((r) => r.kind === 'aws.s3.bucket')!;
    const withDuplicate = { ...inventory, resources: [...inventory.resources, { ...bucket, name: 'same-id-second-copy' }] };
    const rules = [...loadRuleSet().rules, customRule()];
    const result = analyzeInventory(withDuplicate, { rules, now: () => new Date(0) });
    const custom = result.findings.filter((f) => f.ruleId === 'CUSTOM-001');
    expect(new Set(custom.map((f) => f.resource.kind))).toEqual(new Set(['aws.s3.bucket', 'gcp.storage.bucket']));
    expect(sameOrder(result.findings, sortFindings(result.findings))).toBe(true);
  });

  it('the scan stages hand over a list in its final order, the attack paths ranked with the resource findings', () => {
    const rules = loadRuleSet().rules;
    let state: ScanState = { inventory: canonicalOrder(synthetic(3_000, 5)), findings: [], rules: [] };
    for (const stage of SCAN_STAGES) state = stage.run(state, { rules, trust: noTrust() });
    expect(state.findings.some((f) => f.type === 'path')).toBe(true);
    expect(state.rankedFindings).toBe(state.findings);
    expect(sameOrder(state.findings, sortFindings(state.findings))).toBe(true);
  });

  it('rankBySegments reorders the list of the rules and the attack paths after them in place', () => {
    const rules = loadRuleSet().rules;
    // in canonical (resource id) order, as analyzeInventory hands the stages the inventory
    let state: ScanState = { inventory: canonicalOrder(synthetic(3_000, 5)), findings: [], rules: [] };
    for (const stage of SCAN_STAGES.slice(0, 2)) state = stage.run(state, { rules, trust: noTrust() });
    const paths = state.findings;
    expect(paths.length).toBeGreaterThan(0);
    const { findings: list, rules: descriptors, ranked } = evaluateRules(rules, state.inventory.resources, { pathsByNode: pathsByNode(paths), findingsAfter: paths });
    expect(ranked).toBe(false);
    expect(list.slice(-paths.length)).toEqual(paths);
    const segments = segmentsOf(rules, descriptors, 0, list, paths.length);
    expect(segments?.at(-1)?.end).toBe(list.length - paths.length);
    const sorted = sortFindings(list);
    expect(rankBySegments(list, segments)).toBe(list);
    expect(sameOrder(list, sorted)).toBe(true);
  });

  it('rankedList leaves two rules of one id, or a resource finding after the rules, to the caller', () => {
    // in canonical order, as the scan hands it to the rules: a rule of one kind makes its findings in resource id order
    const inventory = canonicalOrder(demoInventory());
    const rules = loadRuleSet().rules;
    const once = evaluateRules(rules, inventory.resources, { ranked: true });
    expect(once.ranked).toBe(true);
    expect(sameOrder(once.findings, sortFindings(once.findings))).toBe(true);
    expect(evaluateRules([...rules, rules[0]], inventory.resources, { ranked: true }).ranked).toBe(false);
    const after = evaluateRules(rules, inventory.resources, { ranked: true, findingsAfter: [once.findings[0]] });
    expect(after.ranked).toBe(false);
    expect(after.findings.at(-1)).toBe(once.findings[0]);
    const twice = analyzeInventory(inventory, { rules: [...rules, rules[0]], now: () => new Date(0) });
    expect(sameOrder(twice.findings, sortFindings(twice.findings))).toBe(true);
  });

  it('takes the general sort when the segments do not account for the findings', () => {
    const inventory = demoInventory();
    const rules = loadRuleSet().rules;
    const { findings, rules: descriptors } = evaluateRules(rules, inventory.resources);
    expect(segmentsOf(rules, descriptors, 0, findings)).toBeDefined();
    expect(segmentsOf(rules, descriptors, 0, findings.slice(1))).toBeUndefined();
    // findings that follow the rules' own (the attack paths) are counted as trailing
    expect(segmentsOf(rules, descriptors, 0, [...findings, findings[0]], 1)).toEqual(segmentsOf(rules, descriptors, 0, findings));
    expect(segmentsOf(rules, descriptors, 0, [...findings, findings[0]])).toBeUndefined();
    const shuffled = [...findings].reverse();
    // wrong segments (here: none describe the list) must not change the order, only its cost
    expect(sameOrder(rankBySegments(shuffled, undefined), sortFindings(shuffled))).toBe(true);
  });
});

describe('resource findings made with their attack paths', () => {
  it('carry the same onPaths that linking them to the paths afterwards gives', () => {
    const { findings } = analyzeInventory(synthetic(3_000, 7), { rules: loadRuleSet().rules, now: () => new Date(0) });
    const paths = findings.filter((f) => f.type === 'path');
    const onAPath = findings.filter((f) => f.type === 'resource' && f.onPaths.length);
    expect(onAPath.length).toBeGreaterThan(0);
    const unlinked = findings.map((f) => (f.type === 'path' ? f : { ...plainFinding(f), onPaths: [] }));
    expect(JSON.stringify(linkFindingsToPaths(unlinked, paths))).toBe(JSON.stringify(findings));
  });
});
