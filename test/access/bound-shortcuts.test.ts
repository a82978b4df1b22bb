import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACCESS_FLAGS, type AccessEvidence } from '../../src/model/index.js';
import { boundFlags, reasonsFor, type Flags, type UnknownInput } from '../../src/access/bounds.js';
import { markNeutralizerDependent } from '../../src/access/display.js';
import { underPap, withPap } from '../../src/access/gcs/analyze.js';
import { withoutHypothetical } from '../../src/access/flags.js';
import type { Grant } from '../../src/access/types.js';

const RUNS = { numRuns: 300 };

const flagsArb: fc.Arbitrary<Flags> = fc.tuple(...ACCESS_FLAGS.map(() => fc.boolean())).map((values) => Object.fromEntries(ACCESS_FLAGS.map((f, i) => [f, values[i]])) as Flags);

describe('boundFlags with one unknown', () => {
  // inputs are numbers: 0 the actual value, 1 the least, 2.. the most values; any table of flags (monotone or not)
  test('each gap names the reason the full search over the unknowns finds', () => {
    fc.assert(
      fc.property(fc.array(flagsArb, { minLength: 3, maxLength: 5 }), fc.integer({ min: 0, max: 3 }), (table, mostCount) => {
        const most = Array.from({ length: Math.min(mostCount, table.length - 2) }, (_, j) => () => 2 + j);
        const u: UnknownInput<number> = { kind: 'neutralizer', reason: 'setting unknown: AccessDenied', least: () => 1, most };
        const evaluate = (t: number) => table[t];
        const { gaps } = boundFlags(0, [u], evaluate);
        const min = evaluate(1);
        const max = Object.fromEntries(ACCESS_FLAGS.map((f) => [f, most.some((m) => table[m()][f])])) as Flags;
        expect(gaps.map((g) => g.path)).toEqual(ACCESS_FLAGS.filter((f) => min[f] !== max[f]).map((f) => `access.${f}`));
        for (const g of gaps) expect(g.reason).toBe(reasonsFor(g.path.slice('access.'.length) as (typeof ACCESS_FLAGS)[number], 0, [u], evaluate, min, max));
      }),
      RUNS,
    );
  });
});

const PAP: AccessEvidence = { source: 'public-access-prevention', setting: 'enforced', detail: 'public access prevention is enforced on the bucket' };
const UBLA: AccessEvidence = { source: 'uniform-bucket-level-access', setting: 'enabled', detail: 'uniform bucket-level access is on: ACLs are ignored' };

const grantArb: fc.Arbitrary<Grant> = fc
  .record({
    principal: fc.constantFrom('principal:internet', 'principal:any-authenticated', 'principal:gcp-project:p', 'principal:gcp-member:user:a@example.com'),
    reach: fc.constantFrom('public' as const, 'authenticated' as const, 'external' as const, 'internal' as const),
    access: fc.subarray(['read', 'write', 'list'] as const, { minLength: 1 }),
    conditional: fc.boolean(),
    detail: fc.constantFrom('grants A', 'grants B'),
    neutralizedBy: fc.option(fc.constantFrom(PAP, UBLA), { nil: undefined }),
  })
  .map(({ detail, neutralizedBy, access, ...g }) => ({
    ...g,
    principalType: 'user' as const,
    access: [...access],
    evidence: [{ source: 'iam-binding' as const, detail }],
    ...(neutralizedBy ? { neutralizedBy } : {}),
  }));

describe('public access prevention over grants', () => {
  test('underPap equals switching off each public grant still on, and is the same list when it switches none off', () => {
    fc.assert(
      fc.property(fc.array(grantArb, { maxLength: 6 }), fc.constantFrom('bucket' as const, 'organization' as const), (grants, pap) => {
        const full = grants.map((g) => (g.neutralizedBy ? g : withPap(pap, g)));
        const fast = underPap(grants, pap);
        expect(fast).toEqual(full);
        // a grant it leaves on is the same object, in the same list when it leaves all of them on
        fast.forEach((g, i) => expect(g === grants[i]).toBe(full[i] === grants[i]));
        expect(fast === grants).toBe(full.every((g, i) => g === grants[i]));
      }),
      RUNS,
    );
  });
});

describe('markNeutralizerDependent', () => {
  const neutralizer: UnknownInput<unknown> = { kind: 'neutralizer', reason: 'organization policy unknown', least: (t) => t, most: [(t) => t] };

  test('the same list shown and strict marks nothing, as the full comparison of two equal lists finds', () => {
    fc.assert(
      fc.property(fc.array(grantArb, { maxLength: 6 }), (grants) => {
        const full = markNeutralizerDependent(grants, grants.slice(), [neutralizer], 'public-access-prevention');
        expect(markNeutralizerDependent(grants, grants, [neutralizer], 'public-access-prevention')).toEqual(full);
        expect(full).toEqual(grants);
      }),
      RUNS,
    );
  });

  test('a grant on only while the neutralizer is off is marked conditional (the path the same-list shortcut skips)', () => {
    const on: Grant = { principal: 'principal:internet', principalType: 'public', reach: 'public', access: ['read'], conditional: false, evidence: [{ source: 'iam-binding', detail: 'grants A' }] };
    const [marked] = markNeutralizerDependent([on], underPap([on], 'organization'), [neutralizer], 'public-access-prevention');
    expect(marked.conditional).toBe(true);
    expect(marked.evidence.at(-1)?.detail).toContain('organization policy unknown');
  });
});

describe('withoutHypothetical', () => {
  test('hands back the list itself when no grant is hypothetical, and the others when one is', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(grantArb, fc.boolean()), { maxLength: 6 }), (pairs) => {
        const grants = pairs.map(([g, hypothetical]) => (hypothetical ? { ...g, hypothetical } : g));
        const kept = withoutHypothetical(grants);
        expect(kept).toEqual(grants.filter((g) => !g.hypothetical));
        expect(kept === grants).toBe(grants.every((g) => !g.hypothetical));
      }),
      RUNS,
    );
  });
});
