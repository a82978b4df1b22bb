import type { AccessEvidence, GcpStorageBucket, GcsBinding, TrustSettings } from '../../model/index.js';
import { boundFlags, displayInput, memoByFields, gapFor, type UnknownInput } from '../bounds.js';
import { bucketAccess, flagsOfGrants, isEffective } from '../flags.js';
import { markNeutralizerDependent, type BucketAnalysis } from '../display.js';
import type { AccessKind, Grant } from '../types.js';
import { aclEntity, iamMember, type GcpOwner } from './members.js';
import { accessOfPermissions, isCustomRole, rolePermissions } from './roles.js';

type AclEntry = { entity: string; role: string };

export interface GcsInputs {
  bindings: GcsBinding[];
  customRoles: Record<string, string[]>;
  /** who enforces public access prevention, or false */
  pap: 'bucket' | 'organization' | false;
  ubla: boolean;
  acl: AclEntry[] | null;
  defaultObjectAcl: AclEntry[] | null;
}

const BUCKET_ACL_ACCESS: Record<string, AccessKind[]> = { READER: ['list'], WRITER: ['write', 'list'], OWNER: ['write', 'list'] };
const OBJECT_ACL_ACCESS: Record<string, AccessKind[]> = { READER: ['read'], OWNER: ['read'] };

function papEvidence(pap: GcsInputs['pap']): AccessEvidence {
  return {
    source: 'public-access-prevention',
    setting: 'enforced',
    detail: pap === 'bucket' ? 'public access prevention is enforced on the bucket' : 'public access prevention is enforced by the storage.publicAccessPrevention organization policy',
  };
}

const bindingText = (b: GcsBinding) => `${b.role}${b.condition ? ` if ${b.condition.title ? `"${b.condition.title}" ` : ''}(${b.condition.expression})` : ''}`;

export function gcsGrants(t: GcsInputs, o: GcpOwner): Grant[] {
  const out: Grant[] = [];
  const neutralize = (g: Grant): Grant => (t.pap && (g.reach === 'public' || g.reach === 'authenticated') ? { ...g, neutralizedBy: papEvidence(t.pap) } : g);
  for (const b of t.bindings) {
    const perms = rolePermissions(b.role, t.customRoles);
    if (!perms) continue;
    const access = accessOfPermissions(perms);
    if (access.length === 0) continue;
    for (const member of b.members) {
      const who = iamMember(member, o);
      if (!who) continue;
      const evidence: AccessEvidence[] = [
        {
          source: 'iam-binding',
          detail: `bucket IAM policy grants ${bindingText(b)} to ${member}`,
          role: b.role,
          member,
          ...(b.condition ? { condition: b.condition.expression } : {}),
        },
      ];
      out.push(neutralize({ ...who, access, conditional: !!b.condition, evidence }));
    }
  }
  const acls: [AclEntry[] | null, Record<string, AccessKind[]>, string][] = [
    [t.acl, BUCKET_ACL_ACCESS, 'bucket ACL'],
    [t.defaultObjectAcl, OBJECT_ACL_ACCESS, 'default object ACL'],
  ];
  for (const [entries, table, what] of acls) {
    for (const e of entries ?? []) {
      const access = table[e.role] ?? [];
      const who = aclEntity(e.entity, o);
      if (!who || access.length === 0) continue;
      const g: Grant = { ...who, access, conditional: false, evidence: [{ source: 'acl', detail: `${what} grants ${e.role} to ${e.entity}`, grant: `${e.entity}: ${e.role}` }] };
      if (t.ubla) {
        out.push({ ...g, neutralizedBy: { source: 'uniform-bucket-level-access', setting: 'enabled', detail: 'uniform bucket-level access is on: ACLs are ignored' } });
      } else out.push(neutralize(g));
    }
  }
  return out;
}

const HYPOTHETICAL_MEMBERS = ['allUsers', 'allAuthenticatedUsers', 'user:hypothetical@external.invalid'];

function unknownsOf(bucket: GcpStorageBucket): UnknownInput<GcsInputs>[] {
  const out: UnknownInput<GcsInputs>[] = [];
  const gap = (p: string) => gapFor(bucket.gaps, p);
  const iamGap = gap('iamPolicy');
  if (iamGap) {
    out.push({
      kind: 'data',
      reason: `bucket IAM policy unknown: ${iamGap.reason}`,
      least: (t) => ({ ...t, bindings: [] }),
      most: [(t) => ({ ...t, bindings: [...t.bindings, { role: 'roles/storage.admin', members: HYPOTHETICAL_MEMBERS }] })],
    });
  }
  const papGap = gap('publicAccessPrevention');
  const orgGap = gap('orgEnforcesPublicAccessPrevention');
  if (papGap) {
    out.push({ kind: 'neutralizer', reason: `public access prevention unknown: ${papGap.reason}`, least: (t) => ({ ...t, pap: 'bucket' }), most: [(t) => ({ ...t, pap: false })] });
  } else if (bucket.publicAccessPrevention !== 'enforced' && (orgGap || bucket.orgEnforcesPublicAccessPrevention === undefined)) {
    out.push({
      kind: 'neutralizer',
      reason: `organization policy storage.publicAccessPrevention unknown: ${orgGap?.reason ?? 'not collected'}`,
      least: (t) => ({ ...t, pap: 'organization' }),
      most: [(t) => ({ ...t, pap: false })],
    });
  }
  const ublaGap = gap('uniformBucketLevelAccess');
  if (ublaGap) {
    out.push({ kind: 'neutralizer', reason: `uniform bucket-level access unknown: ${ublaGap.reason}`, least: (t) => ({ ...t, ubla: true }), most: [(t) => ({ ...t, ubla: false })] });
  }
  const aclMaybeOn = ublaGap || !bucket.uniformBucketLevelAccess;
  const aclGap = gap('acl');
  if (aclGap && aclMaybeOn) {
    out.push({
      kind: 'data',
      reason: `bucket ACL unknown: ${aclGap.reason}`,
      least: (t) => ({ ...t, acl: null }),
      most: [(t) => ({ ...t, acl: [...HYPOTHETICAL_MEMBERS.map((m) => m.replace(/^user:/, 'user-'))].map((entity) => ({ entity, role: 'OWNER' })) })],
    });
  }
  const defaultAclGap = gap('defaultObjectAcl');
  if (defaultAclGap && aclMaybeOn) {
    out.push({
      kind: 'data',
      reason: `default object ACL unknown: ${defaultAclGap.reason}`,
      least: (t) => ({ ...t, defaultObjectAcl: null }),
      most: [(t) => ({ ...t, defaultObjectAcl: HYPOTHETICAL_MEMBERS.map((m) => ({ entity: m.replace(/^user:/, 'user-'), role: 'READER' })) })],
    });
  }
  const bindings = iamGap ? [] : bucket.iamPolicy.bindings;
  for (const b of bindings) {
    if (b.condition) {
      out.push({
        kind: 'condition',
        reason: `IAM condition on ${b.role} for ${b.members.join(', ')} is not evaluated: ${b.condition.title ? `"${b.condition.title}" ` : ''}${b.condition.expression}`,
        least: (t) => ({ ...t, bindings: t.bindings.filter((x) => x !== b) }),
        most: [(t) => ({ ...t, bindings: t.bindings.map((x) => (x === b ? { role: b.role, members: b.members } : x)) })],
      });
    }
  }
  const unknownRoles = [...new Set(bindings.map((b) => b.role))].filter((r) => rolePermissions(r, bucket.customRoles) === undefined);
  for (const role of unknownRoles) {
    out.push({
      kind: 'data',
      reason: `permissions of role ${role} unknown: ${isCustomRole(role) ? 'custom role definition not collected' : 'role not in the built-in table'}`,
      least: (t) => ({ ...t, customRoles: { ...t.customRoles, [role]: [] } }),
      most: [(t) => ({ ...t, customRoles: { ...t.customRoles, [role]: ['storage.buckets.setIamPolicy'] } })],
    });
  }
  return out;
}

export function analyzeGcsBucket(bucket: GcpStorageBucket, serviceAccountIds: ReadonlyMap<string, string>, trust: TrustSettings): BucketAnalysis {
  const o: GcpOwner = { projectId: bucket.account, projectNumber: bucket.projectNumber, serviceAccountIds, trust };
  const actual: GcsInputs = {
    bindings: bucket.iamPolicy.bindings,
    customRoles: bucket.customRoles ?? {},
    pap: bucket.publicAccessPrevention === 'enforced' ? 'bucket' : bucket.orgEnforcesPublicAccessPrevention === true ? 'organization' : false,
    ubla: bucket.uniformBucketLevelAccess,
    acl: bucket.acl,
    defaultObjectAcl: bucket.defaultObjectAcl,
  };
  const unknowns = unknownsOf(bucket);
  const grantsOf = memoByFields((t: typeof actual) => gcsGrants(t, o));
  const { flags, gaps } = boundFlags(actual, unknowns, (t) => flagsOfGrants(grantsOf(t)));
  const shown = grantsOf(displayInput(actual, unknowns));
  const strict = grantsOf(displayInput(actual, unknowns, true));
  const grants = markNeutralizerDependent(shown, strict, unknowns as UnknownInput<unknown>[], 'public-access-prevention');
  const conditionalPublic = grants.some((g) => isEffective(g) && (g.reach === 'public' || g.reach === 'authenticated') && g.conditional);
  return { access: bucketAccess(grants, flags, conditionalPublic), gaps, grants: grants.filter(isEffective) };
}
