import { ANY_AUTHENTICATED, INTERNET, type Inventory, type Resource, type TrustSettings } from '../model/index.js';

/** Principal type of a node that can act (principal ids and IAM ARNs); undefined for other resources. */
export type PrincipalType =
  | 'public'
  | 'authenticated'
  | 'account'
  | 'organization'
  | 'service'
  | 'federated'
  | 'project'
  | 'domain'
  | 'user'
  | 'group'
  | 'service-account'
  | 'role'
  | 'member';

export interface PrincipalInfo {
  type: PrincipalType;
  /** account, project or domain the principal belongs to, when the id says */
  owner?: string;
}

const IAM_ARN = /^arn:aws[\w-]*:iam::(\d{12}):(role|user|root|oidc-provider|saml-provider)\b/;

/** Reads the principal type and owner from a principal node id (src/model/principals.ts) or an IAM ARN. */
export function principalInfo(id: string): PrincipalInfo | undefined {
  if (id === INTERNET) return { type: 'public' };
  if (id === ANY_AUTHENTICATED) return { type: 'authenticated' };
  const m = /^principal:([a-z-]+):(.*)$/.exec(id);
  if (m) {
    const [, kind, rest] = m;
    switch (kind) {
      case 'aws-account':
        return { type: 'account', owner: rest };
      case 'aws-canonical-user':
        return { type: 'account' };
      case 'aws-organization':
        return { type: 'organization', owner: rest };
      case 'service':
        return { type: 'service', owner: rest };
      case 'federated':
        return { type: 'federated', owner: IAM_ARN.exec(rest)?.[1] ?? rest };
      case 'gcp-project':
        return { type: 'project', owner: rest };
      case 'domain':
        return { type: 'domain', owner: rest };
      case 'gcp-member':
        return gcpMemberInfo(rest);
      default:
        return { type: 'member', owner: rest };
    }
  }
  const arn = IAM_ARN.exec(id);
  if (arn) return { type: arn[2] === 'role' ? 'role' : arn[2] === 'user' ? 'user' : 'account', owner: arn[1] };
  return undefined;
}

function gcpMemberInfo(member: string): PrincipalInfo {
  const [prefix, value = ''] = member.split(/:(.*)/s);
  const emailDomain = value.includes('@') ? value.slice(value.indexOf('@') + 1) : undefined;
  switch (prefix) {
    case 'serviceAccount': {
      const project = /^([^.]+)\.iam\.gserviceaccount\.com$/.exec(emailDomain ?? '')?.[1];
      return { type: 'service-account', owner: project ?? emailDomain };
    }
    case 'user':
      return { type: 'user', owner: emailDomain };
    case 'group':
      return { type: 'group', owner: emailDomain };
    case 'domain':
      return { type: 'domain', owner: value };
    case 'projectOwner':
    case 'projectEditor':
    case 'projectViewer':
      return { type: 'project', owner: value };
    default:
      return { type: 'member', owner: value || undefined };
  }
}

/** Decides whether a principal is outside the scanned accounts/projects and not declared trusted. */
export class TrustModel {
  private readonly own = new Set<string>();
  private readonly trusted = new Set<string>();

  constructor(targets: Inventory['targets'], trust: TrustSettings | undefined) {
    for (const t of targets) this.own.add(t.account);
    for (const list of [trust?.trustedAccounts, trust?.trustedOrganizations, trust?.trustedProjects, trust?.trustedDomains]) {
      for (const v of list ?? []) this.trusted.add(v);
    }
  }

  /** Every collected resource's account (and a GCS bucket's project number) is one of the scan's own. */
  addOwnResource(r: Resource): void {
    this.own.add(r.account);
    if (r.kind === 'gcp.storage.bucket' && r.projectNumber) this.own.add(r.projectNumber);
  }

  isExternal(info: PrincipalInfo): boolean {
    switch (info.type) {
      case 'public':
      case 'authenticated':
        return true;
      case 'service':
        return false;
      default:
        return info.owner === undefined || !(this.own.has(info.owner) || this.trusted.has(info.owner));
    }
  }
}
