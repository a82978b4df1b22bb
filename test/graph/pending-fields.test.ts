import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { analyzeAccess, annotateAccess } from '../../src/access/index.js';
import { buildGraph, builtinPathRules, runGraphStage } from '../../src/graph/index.js';
import type { AccessAnnotation } from '../../src/model/index.js';
import { Inventory, awsAccountPrincipal, noTrust, type AccessGrant, type Resource } from '../../src/model/index.js';
import { OTHER, iamRole, inventory, s3Bucket } from '../access/builders.js';

/** Moves `key` (with the value given) to just after `after` in the resource's key order. */
function withKeyAfter(r: Resource, after: string, key: string, value: unknown): Resource {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === key) continue;
    out[k] = v;
    if (k === after) out[key] = value;
  }
  return out as Resource;
}

// The scan pipeline leaves the access analysis's fields to the graph stage's one copy of each resource: the result must
// be what copying for the access analysis, then again for `related`, gives, down to the key order of the JSON.
describe('graph stage with the access annotations pending', () => {
  const parts = syntheticInventoryParts(3_000, 5);
  const parsed = Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
  const resources = parsed.resources;
  const bucket = resources.findIndex((r) => r.kind === 'aws.s3.bucket');
  const gcs = resources.findIndex((r) => r.kind === 'gcp.storage.bucket');
  const role = resources.findIndex((r) => r.kind === 'aws.iam.role');
  // keys the analysis replaces, already present in the middle of the resource (an inventory written by an earlier scan)
  resources[bucket] = withKeyAfter(resources[bucket], 'name', 'access', { stale: true });
  resources[role] = withKeyAfter(resources[role], 'name', 'reach', { stale: true });
  resources[gcs] = withKeyAfter(resources[gcs], 'kind', 'related', { stale: true });
  // ids that repeat are not graph nodes, but get their access fields
  resources.push({ ...resources[bucket], name: 'repeated bucket' }, { ...resources[role], name: 'repeated role' });
  const inv: Inventory = { ...parsed, resources };
  const trust = noTrust();

  it('gives the same inventory, key order included, and the same attack paths as two copies', () => {
    const before = JSON.stringify(inv);
    const twice = runGraphStage(analyzeAccess(inv, trust), builtinPathRules(), trust);
    const { edges, byPosition } = annotateAccess(inv, trust);
    const once = runGraphStage({ ...inv, edges }, builtinPathRules(), trust, undefined, { pending: byPosition });
    expect(JSON.stringify(inv)).toBe(before);
    expect(JSON.stringify(once.inventory)).toBe(JSON.stringify(twice.inventory));
    expect(JSON.stringify(once.findings)).toBe(JSON.stringify(twice.findings));
    expect(once.findings.length).toBeGreaterThan(0);
    const keys = (r: Resource) => Object.keys(r);
    expect(keys(once.inventory.resources[bucket]).indexOf('access')).toBe(keys(inv.resources[bucket]).indexOf('access'));
    expect(keys(once.inventory.resources[gcs]).indexOf('related')).toBe(keys(inv.resources[gcs]).indexOf('related'));
    expect(keys(once.inventory.resources[gcs]).at(-1)).toBe('access');
    expect(keys(once.inventory.resources[role]).indexOf('reach')).toBe(keys(inv.resources[role]).indexOf('reach'));
    expect(keys(once.inventory.resources[role]).at(-1)).toBe('related');
    expect(once.inventory.resources.at(-1)).toMatchObject({ name: 'repeated role', reach: (byPosition[role] as { reach: unknown }).reach });
    expect('related' in once.inventory.resources.at(-1)!).toBe(false);
  });

  it('in place: the same inventory, key order included, with the fields set on the resources themselves', () => {
    const { edges, byPosition } = annotateAccess(inv, trust);
    const copied = runGraphStage({ ...inv, edges }, builtinPathRules(), trust, undefined, { pending: byPosition });
    // fresh objects to hand over; one frozen, and one object at two positions (its id repeats: only the first is a node)
    const own = inv.resources.map((r) => ({ ...r }));
    own[gcs] = Object.freeze(own[gcs]);
    const shared = own.findIndex((r) => r.kind === 'aws.sagemaker.model');
    own.push(own[shared]);
    const sharedCopy = { ...copied.inventory.resources[shared] } as Record<string, unknown>;
    delete sharedCopy.related;
    const expected = [...copied.inventory.resources, sharedCopy];
    const handedOver: Inventory = { ...inv, resources: own, edges };
    const inPlace = runGraphStage(handedOver, builtinPathRules(), trust, undefined, { pending: [...byPosition, undefined], inPlace: true });
    expect(JSON.stringify(inPlace.inventory.resources)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(inPlace.findings)).toBe(JSON.stringify(copied.findings));
    expect(inPlace.inventory.resources).not.toBe(own);
    expect(inPlace.inventory.resources[bucket]).toBe(own[bucket]);
    expect(inPlace.inventory.resources[role]).toBe(own[role]);
    expect(inPlace.inventory.resources[gcs]).not.toBe(own[gcs]);
    expect((own[gcs] as { related?: unknown }).related).toEqual({ stale: true });
    expect(inPlace.inventory.resources.at(-1)).not.toBe(own[shared]);
  });
});

describe('graph build with pending access fields', () => {
  // a principal the trust model calls external (an account no resource is in), which the access analysis calls internal
  const stranger = awsAccountPrincipal('999988887777');
  const internalGrant: AccessGrant = { principal: stranger, principalType: 'account', external: false, access: ['write'], conditional: false, evidence: [] };

  it('reads bucket writers and role assumers from the pending fields in place of the resources', () => {
    const inv = analyzeAccess(inventory([s3Bucket('data'), iamRole('exec'), s3Bucket('other', { account: OTHER })]), noTrust());
    const edges = [...inv.edges, { from: stranger, to: inv.resources[0].id, type: 'can-write' as const }];
    const graph = (pending?: (AccessAnnotation | undefined)[]) => buildGraph({ ...inv, edges }, { pending });
    const isExternal = (pending?: (AccessAnnotation | undefined)[]) => {
      const g = graph(pending);
      return g.external[g.index.get(stranger)!];
    };
    expect(isExternal()).toBe(1);
    const bucket = inv.resources[0];
    const role = inv.resources[1];
    if (bucket.kind !== 'aws.s3.bucket' || role.kind !== 'aws.iam.role') throw new Error('fixture');
    expect(isExternal([{ access: { ...bucket.access!, writers: [internalGrant] }, gaps: [] }])).toBe(0);
    expect(isExternal([undefined, { reach: { ...role.reach!, assumableBy: [internalGrant] }, gaps: [] }])).toBe(0);
  });
});
