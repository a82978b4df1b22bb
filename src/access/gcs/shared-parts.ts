import type { AccessEvidence, GcsBinding, TrustSettings } from '../../model/index.js';
import type { AccessKind } from '../types.js';
import { aclEntity, iamMember, type GcpOwner } from './members.js';
import { accessOfPermissions, objectAccessOfPermissions } from './roles.js';

export type AclEntry = { entity: string; role: string };
export type AclKind = 'bucket ACL' | 'default object ACL';

const bindingText = (b: GcsBinding) => `${b.role}${b.condition ? ` if ${b.condition.title ? `"${b.condition.title}" ` : ''}(${b.condition.expression})` : ''}`;

type Who = ReturnType<typeof iamMember>;

/**
 * Parts of Cloud Storage grants made once per distinct binding member, ACL entry or permission list and shared by
 * every bucket that has it (most buckets of a project carry the same default bindings and ACL entries): evidence,
 * access lists and principals. The shared arrays are frozen; the evidence objects must not be changed either.
 */
export class SharedGcsParts {
  /** project id -> project number -> member -> principal */
  private readonly members = new Map<string, Map<string, Map<string, Who>>>();
  /** the same for ACL entities */
  private readonly aclEntities = new Map<string, Map<string, Map<string, Who>>>();
  private membersOf?: { trust: TrustSettings; serviceAccountIds: ReadonlyMap<string, string> };
  private readonly bindings = new Map<string, Map<string, AccessEvidence[]>>();
  private readonly aclEntries = new Map<string, Map<string, AccessEvidence[]>>();
  private readonly access = new Map<string[], AccessKind[]>();
  private readonly objectAccess = new Map<string[], AccessKind[]>();

  /** The grant principal of an IAM policy member in the owner's project (see `iamMember`). */
  principalOf(member: string, o: GcpOwner): Who {
    return this.whoOf(this.members, member, o, iamMember);
  }

  /** The grant principal of a legacy ACL entity in the owner's project (see `aclEntity`). */
  aclPrincipalOf(entity: string, o: GcpOwner): Who {
    return this.whoOf(this.aclEntities, entity, o, aclEntity);
  }

  private whoOf(cache: Map<string, Map<string, Map<string, Who>>>, name: string, o: GcpOwner, make: (name: string, o: GcpOwner) => Who): Who {
    // principals depend on the trust settings and service accounts too: start over if they change
    if (this.membersOf?.trust !== o.trust || this.membersOf.serviceAccountIds !== o.serviceAccountIds) {
      this.members.clear();
      this.aclEntities.clear();
      this.membersOf = { trust: o.trust, serviceAccountIds: o.serviceAccountIds };
    }
    let byNumber = cache.get(o.projectId);
    if (!byNumber) cache.set(o.projectId, (byNumber = new Map()));
    let byName = byNumber.get(o.projectNumber ?? '');
    if (!byName) byNumber.set(o.projectNumber ?? '', (byName = new Map()));
    if (!byName.has(name)) byName.set(name, make(name, o));
    return byName.get(name);
  }

  /** What the permissions allow, one (frozen) list per permission list. */
  accessOf(perms: string[]): AccessKind[] {
    let access = this.access.get(perms);
    if (!access) this.access.set(perms, (access = Object.freeze(accessOfPermissions(perms)) as AccessKind[]));
    return access;
  }

  /** What the permissions allow on objects alone, one (frozen) list per permission list. */
  objectAccessOf(perms: string[]): AccessKind[] {
    let access = this.objectAccess.get(perms);
    if (!access) this.objectAccess.set(perms, (access = Object.freeze(objectAccessOfPermissions(perms)) as AccessKind[]));
    return access;
  }

  ofBinding(b: GcsBinding, member: string): AccessEvidence[] {
    const key = b.condition ? `${member}\u0000${b.condition.title || ''}\u0000${b.condition.expression}` : member;
    return cached(this.bindings, b.role, key, () => {
      const e: AccessEvidence = { source: 'iam-binding', detail: `bucket IAM policy grants ${bindingText(b)} to ${member}`, role: b.role, member };
      if (b.condition) e.condition = b.condition.expression;
      return e;
    });
  }

  ofAclEntry(what: AclKind, e: AclEntry): AccessEvidence[] {
    return cached(this.aclEntries, `${what}\u0000${e.role}`, e.entity, () => ({ source: 'acl', detail: `${what} grants ${e.role} to ${e.entity}`, grant: `${e.entity}: ${e.role}` }));
  }
}

function cached(map: Map<string, Map<string, AccessEvidence[]>>, outer: string, inner: string, make: () => AccessEvidence): AccessEvidence[] {
  let byInner = map.get(outer);
  if (!byInner) map.set(outer, (byInner = new Map()));
  let evidence = byInner.get(inner);
  if (!evidence) byInner.set(inner, (evidence = Object.freeze([make()]) as AccessEvidence[]));
  return evidence;
}
