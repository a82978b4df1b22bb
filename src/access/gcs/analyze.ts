import type { AccessEvidence, GcsBinding, TrustSettings } from '../../model/index.js';
import { boundFlags, displayInput, memoByFields, gapFor, type UnknownInput } from '../bounds.js';
import { bucketAccess, flagsOfGrants, isEffective } from '../flags.js';
import { markNeutralizerDependent, type BucketAnalysis } from '../display.js';
import type { AccessKind, Grant } from '../types.js';
import type { GcsAccessInputs } from './access-key.js';
import type { GcpOwner, Who } from './members.js';
import { SharedGcsParts, type AclEntry, type AclKind } from './shared-parts.js';
import { isCustomRole, rolePermissions } from './roles.js';
import { conditionScope } from './conditions.js';

export interface GcsInputs {
  /** the bucket's name, which IAM conditions on resource.name compare with */
  bucketName: string;
  bindings: GcsBinding[];
  customRoles: Record<string, string[]>;
  /** who enforces public access prevention, or false */
  pap: 'bucket' | 'organization' | false;
  ubla: boolean;
  acl: AclEntry[] | null;
  defaultObjectAcl: AclEntry[] | null;
}

// shared by every grant they are used in: frozen so that a change fails instead of reaching other buckets
const frozen = (access: AccessKind[]): AccessKind[] => Object.freeze(access) as AccessKind[];
// a bucket ACL entry is the legacy bucket role of the same name (READER = legacyBucketReader, ...): OWNER holds
// storage.buckets.setIamPolicy, so it can grant itself object reads (see accessOfPermissions)
const BUCKET_ACL_ACCESS: Record<string, AccessKind[]> = { READER: frozen(['list']), WRITER: frozen(['write', 'list']), OWNER: frozen(['read', 'write', 'list']) };
const OBJECT_ACL_ACCESS: Record<string, AccessKind[]> = { READER: frozen(['read']), OWNER: frozen(['read']) };

const PAP_EVIDENCE: Record<'bucket' | 'organization', AccessEvidence> = {
  bucket: { source: 'public-access-prevention', setting: 'enforced', detail: 'public access prevention is enforced on the bucket' },
  organization: { source: 'public-access-prevention', setting: 'enforced', detail: 'public access prevention is enforced by the storage.publicAccessPrevention organization policy' },
};
const UBLA_EVIDENCE: AccessEvidence = { source: 'uniform-bucket-level-access', setting: 'enabled', detail: 'uniform bucket-level access is on: ACLs are ignored' };

const isPublic = (g: Pick<Grant, 'reach'>) => g.reach === 'public' || g.reach === 'authenticated';

/** A grant, as a literal (a spread of the shared principal is several times slower). */
function grantOf(who: Who, access: AccessKind[], conditional: boolean, evidence: AccessEvidence[], neutralizedBy: AccessEvidence | undefined): Grant {
  return neutralizedBy
    ? { principal: who.principal, principalType: who.principalType, reach: who.reach, access, conditional, evidence, neutralizedBy }
    : { principal: who.principal, principalType: who.principalType, reach: who.reach, access, conditional, evidence };
}

/** A public grant as switched off by public access prevention, when it is enforced. */
export function withPap(pap: GcsInputs['pap'], g: Grant): Grant {
  return pap && isPublic(g) ? { ...g, neutralizedBy: PAP_EVIDENCE[pap] } : g;
}

/**
 * The grants with public access prevention enforced, from those without it: it switches off public grants still on.
 * The same list when it switches none off (no public grant), so that callers can tell nothing changed.
 */
export function underPap(grants: Grant[], pap: GcsInputs['pap']): Grant[] {
  let out: Grant[] | undefined;
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i];
    const changed = g.neutralizedBy ? g : withPap(pap, g);
    if (changed !== g) (out ??= grants.slice())[i] = changed;
  }
  return out ?? grants;
}

function aclGrantsOf(out: Grant[], entries: AclEntry[] | null, table: Record<string, AccessKind[]>, what: AclKind, t: GcsInputs, o: GcpOwner, shared: SharedGcsParts): void {
  if (!entries) return;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const access = table[e.role];
    if (!access) continue;
    const who = shared.aclPrincipalOf(e.entity, o);
    if (!who) continue;
    out.push(grantOf(who, access, false, shared.ofAclEntry(what, e), t.ubla ? UBLA_EVIDENCE : t.pap && isPublic(who) ? PAP_EVIDENCE[t.pap] : undefined));
  }
}

function gcsGrants(t: GcsInputs, o: GcpOwner, shared: SharedGcsParts = new SharedGcsParts()): Grant[] {
  const out: Grant[] = [];
  const pap = t.pap ? PAP_EVIDENCE[t.pap] : undefined;
  for (let i = 0; i < t.bindings.length; i++) {
    const b = t.bindings[i];
    const perms = rolePermissions(b.role, t.customRoles);
    if (!perms) continue;
    const scope = b.condition && conditionScope(b.condition.expression, t.bucketName);
    if (scope?.kind === 'nothing') continue;
    const access = scope?.kind === 'objects' ? shared.objectAccessOf(perms) : shared.accessOf(perms);
    if (access.length === 0) continue;
    const prefix = scope?.kind === 'objects' ? scope.prefix || undefined : undefined;
    for (let m = 0; m < b.members.length; m++) {
      const member = b.members[m];
      const who = shared.principalOf(member, o);
      if (!who) continue;
      const grant = grantOf(who, access, !!b.condition && !scope, shared.ofBinding(b, member), pap && isPublic(who) ? pap : undefined);
      out.push(prefix === undefined ? grant : { ...grant, prefix });
    }
  }
  aclGrantsOf(out, t.acl, BUCKET_ACL_ACCESS, 'bucket ACL', t, o, shared);
  aclGrantsOf(out, t.defaultObjectAcl, OBJECT_ACL_ACCESS, 'default object ACL', t, o, shared);
  return out;
}

const HYPOTHETICAL_MEMBERS = ['allUsers', 'allAuthenticatedUsers', 'user:hypothetical@external.invalid'];
const HYPOTHETICAL_BINDING: GcsBinding = Object.freeze({ role: 'roles/storage.admin', members: HYPOTHETICAL_MEMBERS });
const hypotheticalAcl = (role: string): AclEntry[] => Object.freeze(HYPOTHETICAL_MEMBERS.map((m) => Object.freeze({ entity: m.replace(/^user:/, 'user-'), role }))) as AclEntry[];
const HYPOTHETICAL_ACL = hypotheticalAcl('OWNER');
const HYPOTHETICAL_DEFAULT_ACL = hypotheticalAcl('READER');

// the bounding values of the unknowns, made once (tsx gives each closure made per bucket its name with a defineProperty)
const withoutBindings = (t: GcsInputs): GcsInputs => ({ ...t, bindings: [] });
const withHypotheticalBinding = (t: GcsInputs): GcsInputs => ({ ...t, bindings: [...t.bindings, HYPOTHETICAL_BINDING] });
const papOnBucket = (t: GcsInputs): GcsInputs => ({ ...t, pap: 'bucket' });
const papByOrganization = (t: GcsInputs): GcsInputs => ({ ...t, pap: 'organization' });
const papOff = (t: GcsInputs): GcsInputs => ({ ...t, pap: false });
const ublaOn = (t: GcsInputs): GcsInputs => ({ ...t, ubla: true });
const ublaOff = (t: GcsInputs): GcsInputs => ({ ...t, ubla: false });
const withoutAcl = (t: GcsInputs): GcsInputs => ({ ...t, acl: null });
const withHypotheticalAcl = (t: GcsInputs): GcsInputs => ({ ...t, acl: HYPOTHETICAL_ACL });
const withoutDefaultAcl = (t: GcsInputs): GcsInputs => ({ ...t, defaultObjectAcl: null });
const withHypotheticalDefaultAcl = (t: GcsInputs): GcsInputs => ({ ...t, defaultObjectAcl: HYPOTHETICAL_DEFAULT_ACL });

const orgPapUnknown = (reason: string): UnknownInput<GcsInputs> => ({
  kind: 'neutralizer',
  reason: `organization policy storage.publicAccessPrevention unknown: ${reason}`,
  least: papByOrganization,
  most: [papOff],
});
/** The unknown of most buckets whose own setting does not enforce prevention: the organization policy is not collected. */
const ORG_PAP_NOT_COLLECTED = Object.freeze(orgPapUnknown('not collected'));

function unknownsOf(bucket: GcsAccessInputs): UnknownInput<GcsInputs>[] {
  const out: UnknownInput<GcsInputs>[] = [];
  const iamGap = gapFor(bucket.gaps, 'iamPolicy');
  if (iamGap) out.push({ kind: 'data', reason: `bucket IAM policy unknown: ${iamGap.reason}`, least: withoutBindings, most: [withHypotheticalBinding] });
  const papGap = gapFor(bucket.gaps, 'publicAccessPrevention');
  const orgGap = gapFor(bucket.gaps, 'orgEnforcesPublicAccessPrevention');
  if (papGap) {
    out.push({ kind: 'neutralizer', reason: `public access prevention unknown: ${papGap.reason}`, least: papOnBucket, most: [papOff] });
  } else if (bucket.publicAccessPrevention !== 'enforced' && (orgGap || bucket.orgEnforcesPublicAccessPrevention === undefined)) {
    out.push(orgGap ? orgPapUnknown(orgGap.reason) : ORG_PAP_NOT_COLLECTED);
  }
  const ublaGap = gapFor(bucket.gaps, 'uniformBucketLevelAccess');
  if (ublaGap) out.push({ kind: 'neutralizer', reason: `uniform bucket-level access unknown: ${ublaGap.reason}`, least: ublaOn, most: [ublaOff] });
  const aclMaybeOn = ublaGap || !bucket.uniformBucketLevelAccess;
  const aclGap = gapFor(bucket.gaps, 'acl');
  if (aclGap && aclMaybeOn) out.push({ kind: 'data', reason: `bucket ACL unknown: ${aclGap.reason}`, least: withoutAcl, most: [withHypotheticalAcl] });
  const defaultAclGap = gapFor(bucket.gaps, 'defaultObjectAcl');
  if (defaultAclGap && aclMaybeOn) {
    out.push({ kind: 'data', reason: `default object ACL unknown: ${defaultAclGap.reason}`, least: withoutDefaultAcl, most: [withHypotheticalDefaultAcl] });
  }
  const bindings = iamGap ? [] : bucket.iamPolicy.bindings;
  for (let i = 0; i < bindings.length; i++) {
    const b = bindings[i];
    if (b.condition && !conditionScope(b.condition.expression, bucket.name)) out.push(undecidedCondition(b));
  }
  const unknownRoles: string[] = [];
  for (let i = 0; i < bindings.length; i++) {
    const role = bindings[i].role;
    if (rolePermissions(role, bucket.customRoles) === undefined && !unknownRoles.includes(role)) unknownRoles.push(role);
  }
  for (const role of unknownRoles) out.push(unknownRole(role));
  return out;
}

function undecidedCondition(b: GcsBinding): UnknownInput<GcsInputs> {
  return {
    kind: 'condition',
    reason: `IAM condition on ${b.role} for ${b.members.join(', ')} is not evaluated: ${b.condition!.title ? `"${b.condition!.title}" ` : ''}${b.condition!.expression}`,
    least: (t) => ({ ...t, bindings: t.bindings.filter((x) => x !== b) }),
    most: [(t) => ({ ...t, bindings: t.bindings.map((x) => (x === b ? { role: b.role, members: b.members } : x)) })],
  };
}

function unknownRole(role: string): UnknownInput<GcsInputs> {
  return {
    kind: 'data',
    reason: `permissions of role ${role} unknown: ${isCustomRole(role) ? 'custom role definition not collected' : 'role not in the built-in table'}`,
    least: (t) => ({ ...t, customRoles: { ...t.customRoles, [role]: [] } }),
    most: [(t) => ({ ...t, customRoles: { ...t.customRoles, [role]: ['storage.buckets.setIamPolicy'] } })],
  };
}

/** `shared` is shared across the buckets of one analysis so that equal bindings and ACL entries share their parts. */
export function analyzeGcsBucket(bucket: GcsAccessInputs, serviceAccountIds: ReadonlyMap<string, string>, trust: TrustSettings, shared = new SharedGcsParts()): BucketAnalysis {
  const o: GcpOwner = { projectId: bucket.account, projectNumber: bucket.projectNumber, serviceAccountIds, trust };
  const actual: GcsInputs = {
    bucketName: bucket.name,
    bindings: bucket.iamPolicy.bindings,
    customRoles: bucket.customRoles ?? {},
    pap: bucket.publicAccessPrevention === 'enforced' ? 'bucket' : bucket.orgEnforcesPublicAccessPrevention === true ? 'organization' : false,
    ubla: bucket.uniformBucketLevelAccess,
    acl: bucket.acl,
    defaultObjectAcl: bucket.defaultObjectAcl,
  };
  const unknowns = unknownsOf(bucket);
  // public access prevention only switches grants off, so its bounding values reuse the grants computed without it
  const grantsOf = memoByFields((t: GcsInputs): Grant[] => (t.pap ? underPap(grantsOf({ ...t, pap: false }), t.pap) : gcsGrants(t, o, shared)));
  const { flags, gaps } = boundFlags(actual, unknowns, (t) => flagsOfGrants(grantsOf(t)));
  const shown = grantsOf(displayInput(actual, unknowns));
  const strict = grantsOf(displayInput(actual, unknowns, true));
  const grants = markNeutralizerDependent(shown, strict, unknowns as UnknownInput<unknown>[], 'public-access-prevention');
  const conditionalPublic = grants.some((g) => isEffective(g) && (g.reach === 'public' || g.reach === 'authenticated') && g.conditional);
  return { access: bucketAccess(grants, flags, conditionalPublic), gaps, grants: grants.filter(isEffective) };
}
