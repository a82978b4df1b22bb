import { describe, expect, test } from 'vitest';
import { AccessEdges } from '../../src/access/edges.js';
import { sameEvidence } from '../../src/access/same-evidence.js';
import type { Writable } from '../../src/access/identity/aws-role.js';
import type { Grant } from '../../src/access/types.js';
import type { AccessEvidence, Edge } from '../../src/model/index.js';

const ev = (detail: string): AccessEvidence => ({ source: 'acl', detail });

/** Reach entries with their conditionality, as the identity analyses hand them over. */
const writable = (list: readonly { bucket: string; prefix?: string; conditional: boolean; evidence: AccessEvidence[] }[]): Writable => ({
  entries: list.map((w) => (w.prefix !== undefined ? { bucket: w.bucket, prefix: w.prefix, evidence: w.evidence } : { bucket: w.bucket, evidence: w.evidence })),
  conditional: list.map((w) => w.conditional),
});

describe('access edges', () => {
  test('one edge per principal, type, target and prefix; evidence united, unconditional wins', () => {
    const shared = Object.freeze([ev('a')]) as AccessEvidence[];
    const edges = new AccessEdges([]);
    edges.add({ from: 'p', to: 'b', conditional: true, evidence: shared, type: 'can-write' });
    edges.add({ from: 'p', to: 'b', conditional: false, evidence: [ev('a'), ev('b')], type: 'can-write' });
    edges.add({ from: 'p', to: 'b', prefix: 'x/', conditional: true, evidence: shared, type: 'can-write' });
    edges.add({ from: 'p', to: 'b', conditional: true, evidence: shared, type: 'can-read' });
    const out = edges.values();
    expect(out.map((e) => [e.type, e.prefix, e.conditional, e.evidence?.map((x) => x.detail)])).toEqual([
      ['can-write', undefined, false, ['a', 'b']],
      ['can-write', 'x/', true, ['a']],
      ['can-read', undefined, true, ['a']],
    ]);
    // the shared (frozen) evidence array was copied before the merge added to it
    expect(shared.map((x) => x.detail)).toEqual(['a']);
  });

  test('edges already in the inventory are not added again; other edge types do not count', () => {
    const existing: Edge[] = [
      { from: 'p', to: 'b', type: 'can-read', evidence: [] },
      { from: 'p', to: 'c', type: 'reads-from' },
    ];
    const edges = new AccessEdges(existing);
    edges.add({ from: 'p', to: 'b', type: 'can-read', evidence: [ev('a')] });
    edges.add({ from: 'p', to: 'c', type: 'can-read', evidence: [ev('a')] });
    expect(edges.values().map((e) => e.to)).toEqual(['c']);
  });
});

describe('grant edges of buckets that share a grant list', () => {
  const grant = (principal: string, conditional: boolean, detail: string, access: Grant['access'] = ['write']): Grant => ({
    principal,
    principalType: 'role',
    reach: 'internal',
    access,
    conditional,
    evidence: [ev(detail)],
  });
  const grants = [grant('role-1', true, 'a'), grant('p', false, 'b', ['read', 'write']), grant('role-1', false, 'c'), grant('p', true, 'd')];
  const identityEdge = (to: string): Edge => ({ from: 'role-1', to, conditional: true, evidence: [ev('reach')], type: 'can-write' });

  // a list long enough to be merged through a map rather than searched
  const many = Array.from({ length: 24 }, (_, i) => grant(`p${i % 9}`, i % 2 === 0, `e${i % 5}`, i % 3 === 0 ? ['read', 'write'] : ['write']));

  test('a long grant list: the same edges as adding each edge', () => {
    const expected = new AccessEdges([]);
    const shared = new AccessEdges([], new Set(['p1']));
    for (const bucket of ['b1', 'b2']) {
      for (const g of many) {
        if (g.access.includes('write')) expected.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-write' });
        if (g.access.includes('read')) expected.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-read' });
      }
      shared.addGrants(bucket, many);
    }
    expect(shared.values()).toEqual(expected.values());
    expect(shared.values().length).toBe(2 * (9 + 3));
  });

  test('are what adding each edge gives, whatever is indexed, in the same order', () => {
    const expected = new AccessEdges([]);
    const shared = new AccessEdges([], new Set(['role-1']));
    for (const bucket of ['b1', 'b2']) {
      for (const g of grants) {
        if (g.access.includes('write')) expected.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-write' });
        if (g.access.includes('read')) expected.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-read' });
      }
      shared.addGrants(bucket, grants);
    }
    for (const set of [expected, shared]) set.add(identityEdge('b2'));
    expect(shared.values()).toEqual(expected.values());
    expect(shared.values().find((e) => e.from === 'role-1' && e.to === 'b2')?.evidence?.map((x) => x.detail)).toEqual(['a', 'c', 'reach']);
    // the edge of the other bucket keeps its own evidence
    expect(shared.values().find((e) => e.from === 'role-1' && e.to === 'b1')?.evidence?.map((x) => x.detail)).toEqual(['a', 'c']);
  });

  test('a grant list given again after an edge was merged into its first bucket\'s edges: the next bucket gets the list\'s edges, not the merged one', () => {
    for (const later of [undefined, new Set(['role-1'])]) {
      const expected = new AccessEdges([]);
      const shared = new AccessEdges([], later);
      const give = (set: AccessEdges, bucket: string) => {
        if (set === shared) return shared.addGrants(bucket, grants);
        for (const g of grants) {
          if (g.access.includes('write')) set.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-write' });
          if (g.access.includes('read')) set.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-read' });
        }
      };
      for (const set of [expected, shared]) {
        give(set, 'b1');
        set.add({ ...identityEdge('b1'), conditional: false });
        give(set, 'b2');
      }
      expect(shared.values()).toEqual(expected.values());
      const b2 = shared.values().find((e) => e.from === 'role-1' && e.to === 'b2' && e.type === 'can-write');
      expect([b2?.conditional, b2?.evidence?.map((x) => x.detail)]).toEqual([false, ['a', 'c']]);
      const b1 = shared.values().find((e) => e.from === 'role-1' && e.to === 'b1' && e.type === 'can-write');
      expect(b1?.evidence?.map((x) => x.detail)).toEqual(['a', 'c', 'reach']);
    }
  });

  test('an identity\'s reach entries given with their buckets\' positions merge into its grant edges as through the map', () => {
    const at: Record<string, number> = { b1: 3, b2: 7, b3: 9 };
    const expected = new AccessEdges([]);
    const walked = new AccessEdges([], new Set(['role-1']));
    for (const bucket of ['b1', 'b2', 'b3']) {
      const list = bucket === 'b3' ? [grant('p', false, 'b')] : grants;
      for (const g of list) {
        if (g.access.includes('write')) expected.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-write' });
        if (g.access.includes('read')) expected.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-read' });
      }
      walked.addGrants(bucket, list, at[bucket]);
    }
    const entries = [
      { bucket: 'b1', conditional: true, evidence: [ev('reach-1')] },
      { bucket: 'b1', prefix: 'x/', conditional: true, evidence: [ev('reach-2')] },
      { bucket: 'b2', conditional: true, evidence: [ev('c'), ev('reach-3')] },
      { bucket: 'b3', conditional: false, evidence: [ev('reach-4')] },
    ];
    for (const w of entries) expected.add({ from: 'role-1', to: w.bucket, type: 'can-write', ...(w.prefix !== undefined ? { prefix: w.prefix } : {}), conditional: w.conditional, evidence: w.evidence });
    walked.addWritable('role-1', writable(entries), 11, entries.map((w) => at[w.bucket]));
    // a later edge from the identity finds its edges too
    for (const set of [expected, walked]) set.add(identityEdge('b3'));
    expect(walked.values()).toEqual(expected.values());
    expect(walked.values().filter((e) => e.from === 'role-1').map((e) => [e.to, e.prefix, e.evidence?.map((x) => x.detail)])).toEqual([
      ['b1', undefined, ['a', 'c', 'reach-1']],
      ['b2', undefined, ['a', 'c', 'reach-3']],
      ['b1', 'x/', ['reach-2']],
      ['b3', undefined, ['reach-4', 'reach']],
    ]);
  });

  test('grant edges given out of bucket order, or reach entries whose positions descend, merge as through the map', () => {
    const byGrants = (order: string[]) => {
      const at: Record<string, number> = { b1: 3, b2: 7 };
      const expected = new AccessEdges([]);
      const walked = new AccessEdges([], new Set(['role-1']));
      for (const bucket of order) {
        const g = grant('role-1', false, `grant-${bucket}`);
        expected.add({ from: g.principal, to: bucket, conditional: g.conditional, evidence: g.evidence, type: 'can-write' });
        walked.addGrants(bucket, [g], at[bucket]);
      }
      const entries = [
        { bucket: 'b2', conditional: true, evidence: [ev('reach-2')] },
        { bucket: 'b1', conditional: true, evidence: [ev('reach-1')] },
      ];
      for (const w of entries) expected.add({ from: 'role-1', to: w.bucket, type: 'can-write', conditional: w.conditional, evidence: w.evidence });
      walked.addWritable('role-1', writable(entries), 11, entries.map((w) => at[w.bucket]));
      expect(walked.values()).toEqual(expected.values());
      expect(walked.values().map((e) => [e.to, e.evidence?.map((x) => x.detail)])).toEqual(
        order.map((b) => [b, [`grant-${b}`, `reach-${b.slice(1)}`]]),
      );
    };
    byGrants(['b1', 'b2']);
    byGrants(['b2', 'b1']);
  });
});

describe('reach edges of identities', () => {
  const entry = (bucket: string, conditional: boolean, detail: string, prefix?: string) => ({ bucket, conditional, evidence: [ev(detail)], ...(prefix !== undefined ? { prefix } : {}) });

  test('merge as adding each edge does: within one identity, with a later edge from it, and with the identity written twice', () => {
    const writes = [
      ['role-1', [entry('b1', true, 'a'), entry('b2', true, 'b'), entry('b1', false, 'c'), entry('b1', true, 'd', 'x/')]],
      ['role-2', [entry('b1', true, 'e')]],
      ['role-1', [entry('b2', false, 'f')]],
    ] as const;
    const later: Edge[] = [
      { from: 'role-2', to: 'b1', conditional: false, evidence: [ev('g')], type: 'can-write' },
      { from: 'role-2', to: 'role-1', conditional: false, evidence: [ev('h')], type: 'can-assume' },
    ];
    const expected = new AccessEdges([]);
    const reach = new AccessEdges([]);
    for (const [id, list] of writes) {
      for (const w of list) expected.add({ from: id, to: w.bucket, type: 'can-write', ...('prefix' in w ? { prefix: w.prefix } : {}), conditional: w.conditional, evidence: w.evidence });
      reach.addWritable(id, writable(list));
    }
    for (const e of later) {
      expected.add({ ...e });
      reach.add({ ...e });
    }
    expect(reach.values()).toEqual(expected.values());
    expect(reach.values().map((e) => [e.from, e.to, e.prefix, e.conditional, e.evidence?.map((x) => x.detail)])).toEqual([
      ['role-1', 'b1', undefined, false, ['a', 'c']],
      ['role-1', 'b2', undefined, false, ['b', 'f']],
      ['role-1', 'b1', 'x/', true, ['d']],
      ['role-2', 'b1', undefined, false, ['e', 'g']],
      ['role-2', 'role-1', undefined, false, ['h']],
    ]);
  });

  test('with the buckets\' positions (each bucket\'s entries together): the same edges, merged within a bucket\'s run, and their ends', () => {
    const at: Record<string, number> = { b1: 3, b2: 7 };
    const writes = [
      ['role-1', [entry('b1', true, 'a'), entry('b1', false, 'c'), entry('b1', true, 'd', 'x/'), entry('b1', true, 'e', 'x/'), entry('b2', true, 'b')]],
      ['role-2', [entry('b1', true, 'e'), entry('b2', false, 'f'), entry('b2', false, 'g')]],
      ['role-1', [entry('b2', false, 'f')]],
    ] as const;
    const byMap = new AccessEdges([]);
    const byRun = new AccessEdges([]);
    for (const [id, list] of writes) {
      byMap.addWritable(id, writable(list));
      byRun.addWritable(id, writable(list), id === 'role-1' ? 11 : 12, list.map((w) => at[w.bucket]));
    }
    expect(byRun.values()).toEqual(byMap.values());
    expect(byRun.values().map((e) => [e.from, e.to, e.prefix, e.conditional, e.evidence?.map((x) => x.detail)])).toEqual([
      ['role-1', 'b1', undefined, false, ['a', 'c']],
      ['role-1', 'b1', 'x/', true, ['d', 'e']],
      ['role-1', 'b2', undefined, false, ['b', 'f']],
      ['role-2', 'b1', undefined, true, ['e']],
      ['role-2', 'b2', undefined, false, ['f', 'g']],
    ]);
    const ends = byRun.ends();
    expect({ from: [...ends.from], to: [...ends.to] }).toEqual({ from: [11, 11, 11, 12, 12], to: [3, 3, 7, 3, 7] });
  });
});

describe('evidence equality', () => {
  test('equal when the JSON is equal', () => {
    expect(sameEvidence(ev('a'), ev('a'))).toBe(true);
    expect(sameEvidence(ev('a'), ev('b'))).toBe(false);
    expect(sameEvidence({ source: 'acl', detail: 'a', sid: 'S' }, { source: 'acl', detail: 'a' })).toBe(false);
    // key order is part of the JSON text
    expect(sameEvidence({ source: 'acl', detail: 'a', sid: 'S', grant: 'g' }, { source: 'acl', detail: 'a', grant: 'g', sid: 'S' })).toBe(false);
    // an undefined field is absent from the JSON
    expect(sameEvidence({ source: 'acl', detail: 'a', sid: undefined }, { source: 'acl', detail: 'a' })).toBe(true);
  });
});
