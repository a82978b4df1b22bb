import { describe, expect, test } from 'vitest';
import { AccessEdges } from '../../src/access/edges.js';
import { sameEvidence } from '../../src/access/same-evidence.js';
import type { AccessEvidence, Edge } from '../../src/model/index.js';

const ev = (detail: string): AccessEvidence => ({ source: 'acl', detail });

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
