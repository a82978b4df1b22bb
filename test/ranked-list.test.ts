import { describe, expect, it } from 'vitest';
import { rankBySegments, rankedList, segmentsOf, type RuleFindings } from '../src/rank-findings.js';
import { compareFindings } from '../src/graph/index.js';
import { TARGET_TIERS } from '../src/graph/path-finding.js';
import type { Finding, RuleDescriptor } from '../src/model/index.js';
import type { LoadedRule } from '../src/rules/load.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const RESOURCE_IDS = ['r0', 'r1', 'r2', 'r3', 'r4'];

/** A pseudo-random generator (LCG), so that a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

interface Case {
  rules: RuleFindings[];
  /** the rules' findings in rule order, each rule's in the order it made them (what listOf gives) */
  listed: Finding[];
  paths: Finding[];
  loaded: LoadedRule[];
  descriptors: RuleDescriptor[];
}

/**
 * Random rules' findings as the rules stage makes them: a rule of one kind has its findings in resource id order (the
 * canonical order), a rule of two kinds per kind, so in no order. Severities and `onPaths` vary within a rule, resource
 * ids repeat with equal or other fingerprints (real ones are equal: sha256 of rule and resource id), and attack paths
 * tie on every key but their position.
 */
function randomCase(seed: number): Case {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const ruleIds = ['R-1', 'R-2', 'R-3', 'R-4', 'R-5', 'R-6'].filter(() => next() < 0.6).sort(() => next() - 0.5);
  const c: Case = { rules: [], listed: [], paths: [], loaded: [], descriptors: [] };
  for (const ruleId of ruleIds) {
    const oneKind = next() < 0.5;
    let findings = Array.from({ length: Math.floor(next() * 9) }, () => {
      const id = pick(RESOURCE_IDS);
      return { type: 'resource', ruleId, severity: pick(SEVERITIES), onPaths: next() < 0.3 ? ['p'] : [], resource: { id }, fingerprint: `${ruleId}/${id}/${pick(['a', 'b'])}`, evidence: [] } as unknown as Finding;
    });
    if (oneKind) findings = findings.map((f, i) => ({ f, key: `${f.resource.id}\u0000${f.fingerprint}`, i })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i)).map(({ f }) => f);
    c.rules.push({ ruleId, count: findings.length, inResourceOrder: oneKind, forEach: (visit) => findings.forEach((f) => visit(f)) });
    c.listed.push(...findings);
    c.loaded.push({ id: ruleId, kinds: oneKind ? ['k'] : ['k', 'l'] } as unknown as LoadedRule);
    c.descriptors.push({ counts: { pass: 0, fail: findings.length, unknown: 0 } } as RuleDescriptor);
  }
  c.paths = Array.from({ length: Math.floor(next() * 5) }, () => {
    const value = { tier: pick([...TARGET_TIERS, undefined]) };
    return { type: 'path', ruleId: pick(['PATH-1', 'PATH-2']), severity: pick(SEVERITIES), onPaths: [], resource: { id: pick(RESOURCE_IDS) }, fingerprint: pick(['x', 'y']), source: pick(['principal:internet', 'arn:aws:iam::1:role/r']), hops: new Array(Math.floor(next() * 3)), evidence: [{ path: 'target', value }] } as unknown as Finding;
  });
  return c;
}

const sameOrder = (a: readonly Finding[], b: readonly Finding[]) => a.length === b.length && a.every((f, i) => f === b[i]);

describe('rankedList against a stable sort with compareFindings', () => {
  it('gives the order of a stable sort, as rankBySegments does, over random rules and attack paths', () => {
    for (let seed = 1; seed <= 2_000; seed++) {
      const c = randomCase(seed);
      const all = [...c.listed, ...c.paths];
      const sorted = [...all].sort(compareFindings);
      const ranked = rankedList(c.rules, c.paths);
      expect(ranked && sameOrder(ranked, sorted), `seed ${seed}`).toBe(true);
      expect(sameOrder(rankBySegments(all.slice(), segmentsOf(c.loaded, c.descriptors, 0, all, c.paths.length)), sorted), `seed ${seed}`).toBe(true);
    }
  });

  it('leaves two rules of one id to the caller', () => {
    const c = randomCase(3);
    expect(rankedList([...c.rules, { ...c.rules[0] }], c.paths)).toBeUndefined();
  });
});
