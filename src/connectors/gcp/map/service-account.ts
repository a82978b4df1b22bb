import type { GcpIamServiceAccount, Gap } from '../../../model/index.js';
import { isKnown, type Read } from './read.js';

export const isDefaultComputeEmail = (email: string) => /^\d+-compute@developer\.gserviceaccount\.com$/.test(email);

export interface ProjectRef {
  projectId: string;
  projectNumber?: string;
}

/** The project that owns a service account, from its email; the scanned project when the email does not say. */
export function serviceAccountProject(email: string, scanned: ProjectRef): string {
  const user = /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email);
  if (user) return user[1];
  const appspot = /^([a-z][a-z0-9-]{4,28}[a-z0-9])@appspot\.gserviceaccount\.com$/.exec(email);
  if (appspot) return appspot[1];
  const compute = /^(\d+)-compute@developer\.gserviceaccount\.com$/.exec(email);
  if (compute && compute[1] !== scanned.projectNumber) return compute[1];
  return scanned.projectId;
}

export const serviceAccountId = (email: string, scanned: ProjectRef) => `projects/${serviceAccountProject(email, scanned)}/serviceAccounts/${email}`;

/** Roles a member holds in a project IAM policy (conditional bindings included: they may apply). */
export function rolesOfMember(bindings: ReadonlyArray<{ role?: string | null; members?: readonly string[] | null }>, member: string): string[] {
  return [...new Set(bindings.filter((b) => (b.members ?? []).includes(member)).map((b) => String(b.role)))].sort();
}

/**
 * A service account an AI resource runs as -> gcp.iam.service-account. projectRoles come from the IAM policy of the
 * project where it is used; when that policy could not be read the field is a gap.
 */
export function mapServiceAccount(email: string, scanned: ProjectRef, projectPolicy: Read<ReadonlyArray<{ role?: string | null; members?: readonly string[] | null }>>): GcpIamServiceAccount {
  const gaps: Gap[] = [];
  let projectRoles: string[] = [];
  if (isKnown(projectPolicy)) projectRoles = rolesOfMember(projectPolicy.value, `serviceAccount:${email}`);
  else gaps.push({ path: 'projectRoles', reason: projectPolicy.gap });
  return {
    id: serviceAccountId(email, scanned),
    kind: 'gcp.iam.service-account',
    category: 'identity.role',
    provider: 'gcp',
    account: serviceAccountProject(email, scanned),
    region: 'global',
    name: email,
    tags: {},
    gaps,
    email,
    isDefaultCompute: isDefaultComputeEmail(email),
    projectRoles,
  };
}
