import { ANY_AUTHENTICATED, INTERNET, awsCanonicalUserPrincipal, servicePrincipal, type S3Grant } from '../../model/index.js';
import type { AccessKind, Grant } from '../types.js';

export const ALL_USERS_URI = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS_URI = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY_URI = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/**
 * Bucket ACL permission -> access. READ lists objects; WRITE creates/overwrites/deletes objects; WRITE_ACP lets the
 * grantee grant itself READ and WRITE, so it counts as write and list; READ_ACP only reveals the ACL.
 * A bucket ACL never grants object reads (those come from object ACLs, which aispm does not collect).
 */
export const ACL_PERMISSION_ACCESS: Record<S3Grant['permission'], AccessKind[]> = {
  READ: ['list'],
  WRITE: ['write'],
  READ_ACP: [],
  WRITE_ACP: ['write', 'list'],
  FULL_CONTROL: ['write', 'list'],
};

export function granteeText(g: S3Grant): string {
  const e = g.grantee;
  if (e.type === 'Group') return `group ${e.uri ?? '?'}`;
  if (e.type === 'AmazonCustomerByEmail') return `email ${e.email ?? '?'}`;
  return `canonical user ${e.displayName ?? e.id ?? '?'}`;
}

export function aclGrants(acl: { ownerId?: string; grants: S3Grant[] }): Grant[] {
  const out: Grant[] = [];
  for (const g of acl.grants) {
    const access = ACL_PERMISSION_ACCESS[g.permission];
    if (access.length === 0) continue;
    const evidence = [{ source: 'acl' as const, detail: `bucket ACL grants ${g.permission} to ${granteeText(g)}`, grant: `${granteeText(g)}: ${g.permission}` }];
    const e = g.grantee;
    if (e.type === 'Group') {
      if (e.uri === ALL_USERS_URI) out.push({ principal: INTERNET, principalType: 'public', reach: 'public', access, conditional: false, evidence });
      else if (e.uri === AUTHENTICATED_USERS_URI) out.push({ principal: ANY_AUTHENTICATED, principalType: 'authenticated', reach: 'authenticated', access, conditional: false, evidence });
      else if (e.uri === LOG_DELIVERY_URI) out.push({ principal: servicePrincipal('logging.s3.amazonaws.com'), principalType: 'service', reach: 'internal', access, conditional: false, evidence });
      continue;
    }
    const id = e.type === 'CanonicalUser' ? e.id : e.email ? `email:${e.email}` : undefined;
    if (!id || (e.type === 'CanonicalUser' && id === acl.ownerId)) continue; // the owner's own grant
    out.push({ principal: awsCanonicalUserPrincipal(id), principalType: 'user', reach: 'external', access, conditional: false, evidence });
  }
  return out;
}
