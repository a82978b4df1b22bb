/** Principal node ids shared by the access analysis, the graph and the reporters. */
export const INTERNET = 'principal:internet';
export const ANY_AUTHENTICATED = 'principal:any-authenticated';

export const awsAccountPrincipal = (account: string) => `principal:aws-account:${account}`;
export const awsOrganizationPrincipal = (orgId: string) => `principal:aws-organization:${orgId}`;
export const servicePrincipal = (service: string) => `principal:service:${service}`;
export const federatedPrincipal = (provider: string) => `principal:federated:${provider}`;
export const gcpProjectPrincipal = (project: string) => `principal:gcp-project:${project}`;
export const domainPrincipal = (domain: string) => `principal:domain:${domain}`;
export const gcpMemberPrincipal = (member: string) => `principal:gcp-member:${member}`;

export function isPrincipalId(id: string): boolean {
  return id.startsWith('principal:');
}

export function describePrincipal(id: string): string {
  if (id === INTERNET) return 'internet';
  if (id === ANY_AUTHENTICATED) return 'any-authenticated';
  return id.replace(/^principal:/, '');
}

/** An S3 canonical user id (ACL grantee or CanonicalUser principal) whose account aispm cannot resolve. */
export const awsCanonicalUserPrincipal = (id: string) => `principal:aws-canonical-user:${id}`;
