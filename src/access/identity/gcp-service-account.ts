import type { AccessEvidence, Gap, GcpIamServiceAccount, GcpStorageBucket, IdentityReach } from '../../model/index.js';
import { gapFor } from '../bounds.js';
import { accessOfPermissions, rolePermissions } from '../gcs/roles.js';
import type { Grant, GrantsById } from '../types.js';
import type { Writable } from './aws-role.js';

/**
 * Permissions that let the holder act as a service account: attach it to a workload (actAs), mint its tokens
 * (getAccessToken, signJwt, ...; "Service account permissions"), or grant itself either (setIamPolicy). Held at
 * project level they apply to every service account of the project.
 */
const ACT_AS_PERMISSIONS = [
  'iam.serviceAccounts.actAs',
  'iam.serviceAccounts.getAccessToken',
  'iam.serviceAccounts.getOpenIdToken',
  'iam.serviceAccounts.implicitDelegation',
  'iam.serviceAccounts.signBlob',
  'iam.serviceAccounts.signJwt',
  'iam.serviceAccounts.setIamPolicy',
];
/** Predefined roles with one of them (Service Account User, Token Creator, Admin, Workload Identity User; basic roles). */
const ACT_AS_ROLES = [
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.workloadIdentityUser',
  'roles/editor',
  'roles/owner',
];

const grantsActAs = (perms: readonly string[]) =>
  perms.some((p) => p === '*' || p === 'iam.*' || p === 'iam.serviceAccounts.*' || ACT_AS_PERMISSIONS.includes(p));

/** The bucket's write grants to this principal, or undefined when it has none. */
function writeGrantsTo(grants: readonly Grant[] | undefined, principal: string): Grant[] | undefined {
  let out: Grant[] | undefined;
  if (grants) for (let i = 0; i < grants.length; i++) if (grants[i].principal === principal && grants[i].access.includes('write')) (out ??= []).push(grants[i]);
  return out;
}

export interface ServiceAccountAnalysis {
  reach: IdentityReach;
  gaps: Gap[];
  writable: Writable;
}

/**
 * Buckets a service account can write: bindings naming it in bucket IAM policies (already evaluated per bucket) and
 * project-level roles with storage write permissions, which reach every bucket of its project.
 */
export function analyzeGcpServiceAccount(sa: GcpIamServiceAccount, buckets: readonly GcpStorageBucket[], bucketGrants: GrantsById): ServiceAccountAnalysis {
  const writable: Writable = { entries: [], conditional: [] };
  const projectWriteRoles = sa.projectRoles.filter((r) => accessOfPermissions(rolePermissions(r, sa.customRoles) ?? []).includes('write'));
  // the same for every bucket of the project: made once, shared (and frozen)
  const projectEvidence: readonly AccessEvidence[] = Object.freeze(
    projectWriteRoles.map((role): AccessEvidence => ({ source: 'iam-binding', detail: `project ${sa.account} IAM policy grants ${role} to ${sa.email}`, role, member: `serviceAccount:${sa.email}` })),
  );
  for (let b = 0; b < buckets.length; b++) {
    const bucket = buckets[b];
    if (projectWriteRoles.length && bucket.account === sa.account) {
      writable.entries.push({ bucket: bucket.id, evidence: projectEvidence as AccessEvidence[] });
      writable.conditional.push(false);
      continue;
    }
    const grants = writeGrantsTo(bucketGrants.get(bucket.id), sa.id);
    if (!grants) continue;
    // grants limited to object prefixes (IAM conditions on resource.name) give one entry per prefix, unless an
    // unconditional grant on the whole bucket covers them
    const wholeBucket = grants.some((g) => g.prefix === undefined && !g.conditional);
    for (const prefix of new Set(grants.map((g) => g.prefix))) {
      if (prefix !== undefined && wholeBucket) continue;
      const held = grants.filter((g) => g.prefix === prefix);
      // one grant's evidence list is shared as it is (grant evidence is never changed)
      const evidence = held.length === 1 ? held[0].evidence : held.flatMap((g) => g.evidence);
      writable.entries.push(prefix === undefined ? { bucket: bucket.id, evidence } : { bucket: bucket.id, prefix, evidence });
      writable.conditional.push(held.every((g) => g.conditional));
    }
  }
  const gaps: Gap[] = [];
  const rolesGap = gapFor(sa.gaps, 'projectRoles');
  const unknownRoles = sa.projectRoles.filter((r) => rolePermissions(r, sa.customRoles) === undefined && !r.startsWith('roles/'));
  if (rolesGap || unknownRoles.length) {
    const reason = rolesGap ? `project roles unknown: ${rolesGap.reason}` : `permissions of custom role(s) ${unknownRoles.join(', ')} not collected`;
    gaps.push({ path: 'reach.writableBuckets', reason });
    if (!projectWriteRoles.length) gaps.push({ path: 'reach.wildcardS3Write', reason });
  }
  const canPassRole = sa.projectRoles.some((r) => ACT_AS_ROLES.includes(r) || grantsActAs(sa.customRoles?.[r] ?? []));
  if (!canPassRole && (rolesGap || unknownRoles.length)) {
    gaps.push({ path: 'reach.canPassRole', reason: rolesGap ? `project roles unknown: ${rolesGap.reason}` : `permissions of custom role(s) ${unknownRoles.join(', ')} not collected` });
  }
  // who can impersonate a service account is in the service account's own IAM policy, which is not collected
  const reason = 'the service account IAM policy (who can impersonate it) is not collected';
  gaps.push({ path: 'reach.assumableBy', reason }, { path: 'reach.externallyAssumable', reason });
  return {
    reach: {
      writableBuckets: writable.entries,
      assumableBy: [],
      wildcardS3Write: projectWriteRoles.length > 0,
      canPassRole,
      externallyAssumable: false,
    },
    gaps,
    writable,
  };
}
