import { ANY_AUTHENTICATED, INTERNET, domainPrincipal, federatedPrincipal, gcpMemberPrincipal, gcpProjectPrincipal, type TrustSettings } from '../../model/index.js';
import { isTrustedDomain, isTrustedGcpProject } from '../trust.js';
import type { Grant } from '../types.js';

export interface GcpOwner {
  projectId: string;
  projectNumber?: string;
  /** service account email -> inventory resource id */
  serviceAccountIds: ReadonlyMap<string, string>;
  trust: TrustSettings;
}

export type Who = Pick<Grant, 'principal' | 'principalType' | 'reach'>;

const isOwnProject = (p: string, o: GcpOwner) => p === o.projectId || (o.projectNumber !== undefined && p === o.projectNumber);
const projectReach = (p: string | undefined, o: GcpOwner): Grant['reach'] => (p && (isOwnProject(p, o) || isTrustedGcpProject(o.trust, p)) ? 'internal' : 'external');
const domainReach = (d: string, o: GcpOwner): Grant['reach'] => (isTrustedDomain(o.trust, d) ? 'internal' : 'external');

/** Project id or number a service account email belongs to (user-managed, default compute, App Engine, service agents). */
export function serviceAccountProject(email: string): string | undefined {
  // a Kubernetes service account of a GKE workload identity pool: PROJECT_ID.svc.id.goog[NAMESPACE/KSA_NAME]
  const workloadPool = /^(.+)\.svc\.id\.goog\[[^\]]*\]$/.exec(email.toLowerCase());
  if (workloadPool) return workloadPool[1];
  const [local, domain = ''] = email.toLowerCase().split('@');
  const m = /^([a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(domain);
  if (m) return /^gcp-sa-/.test(m[1]) ? /^service-(\d+)$/.exec(local)?.[1] : m[1];
  if (domain === 'developer.gserviceaccount.com') return /^(\d+)-compute$/.exec(local)?.[1];
  if (domain === 'appspot.gserviceaccount.com') return local;
  if (domain === 'cloudservices.gserviceaccount.com') return local;
  return /^service-(\d+)$/.exec(local)?.[1];
}

// the project (by number) of a workload identity pool (principal://iam.googleapis.com/projects/N/locations/...), or of
// "all service accounts in a project" (principalSet://cloudresourcemanager.googleapis.com/projects/N/type/ServiceAccount);
// folders, organizations and workforce pools span more than one project
const projectOfPool = (member: string) => /^principal(?:Set)?:\/\/(?:iam\.googleapis\.com\/projects\/([^/]+)\/locations\/|cloudresourcemanager\.googleapis\.com\/projects\/([^/]+)\/type\/)/.exec(member)?.slice(1).find(Boolean);

function domainOf(email: string): string {
  return email.slice(email.indexOf('@') + 1);
}

/** An IAM policy member (allUsers, user:..., projectEditor:..., principalSet://...) as a grant principal. */
export function iamMember(member: string, o: GcpOwner): Who | undefined {
  if (member === 'allUsers') return { principal: INTERNET, principalType: 'public', reach: 'public' };
  if (member === 'allAuthenticatedUsers') return { principal: ANY_AUTHENTICATED, principalType: 'authenticated', reach: 'authenticated' };
  if (member.startsWith('deleted:')) return undefined;
  if (member.startsWith('principal://') || member.startsWith('principalSet://')) {
    return { principal: federatedPrincipal(member), principalType: 'federated', reach: projectReach(projectOfPool(member), o) };
  }
  const i = member.indexOf(':');
  const type = member.slice(0, i);
  const value = member.slice(i + 1).replace(/\?uid=.*$/, '');
  switch (type) {
    case 'user':
      return { principal: gcpMemberPrincipal(member), principalType: 'user', reach: domainReach(domainOf(value), o) };
    case 'group':
      return { principal: gcpMemberPrincipal(member), principalType: 'group', reach: domainReach(domainOf(value), o) };
    case 'domain':
      return { principal: domainPrincipal(value), principalType: 'domain', reach: domainReach(value, o) };
    case 'serviceAccount':
      return {
        principal: o.serviceAccountIds.get(value.toLowerCase()) ?? gcpMemberPrincipal(member),
        principalType: 'service-account',
        reach: projectReach(serviceAccountProject(value), o),
      };
    case 'projectOwner':
    case 'projectEditor':
    case 'projectViewer':
      return { principal: gcpProjectPrincipal(value === o.projectNumber ? o.projectId : value), principalType: 'project', reach: projectReach(value, o) };
    default:
      return { principal: gcpMemberPrincipal(member), principalType: 'user', reach: 'external' };
  }
}

/** A legacy ACL entity (allUsers, user-EMAIL, project-editors-N, domain-D, ...) as a grant principal. */
export function aclEntity(entity: string, o: GcpOwner): Who | undefined {
  if (entity === 'allUsers' || entity === 'allAuthenticatedUsers') return iamMember(entity, o);
  const project = /^project-(owners|editors|viewers)-(.+)$/.exec(entity);
  if (project) return { principal: gcpProjectPrincipal(project[2] === o.projectNumber ? o.projectId : project[2]), principalType: 'project', reach: projectReach(project[2], o) };
  const m = /^(user|group|domain)-(.+)$/.exec(entity);
  if (!m) return undefined;
  const [, kind, value] = m;
  if (kind === 'domain') return iamMember(`domain:${value}`, o);
  if (kind === 'user' && value.toLowerCase().endsWith('gserviceaccount.com')) return iamMember(`serviceAccount:${value}`, o);
  return value.includes('@') ? iamMember(`${kind}:${value}`, o) : { principal: gcpMemberPrincipal(`${kind}:${value}`), principalType: kind === 'group' ? 'group' : 'user', reach: 'external' };
}
