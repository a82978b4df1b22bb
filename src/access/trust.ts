import type { TrustSettings } from '../model/index.js';

export function isTrustedAwsAccount(trust: TrustSettings, account: string): boolean {
  return trust.trustedAccounts.includes(account);
}
export function isTrustedAwsOrganization(trust: TrustSettings, org: string): boolean {
  return trust.trustedOrganizations.includes(org);
}
export function isTrustedGcpProject(trust: TrustSettings, project: string): boolean {
  return trust.trustedProjects.includes(project);
}
export function isTrustedDomain(trust: TrustSettings, domain: string): boolean {
  const d = domain.toLowerCase();
  return trust.trustedDomains.some((t) => t.toLowerCase() === d);
}
