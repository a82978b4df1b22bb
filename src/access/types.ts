import type { AccessEvidence, AccessGrant } from '../model/index.js';

export type AccessKind = 'read' | 'write' | 'list';

/**
 * How far a grant reaches: `public` (anyone, or any AWS account), `authenticated` (any signed-in user of the
 * provider; also public), `external` (a named principal outside the owner and not trusted), `internal`.
 */
export type Reach = 'public' | 'authenticated' | 'external' | 'internal';

export interface Grant {
  principal: string;
  principalType: AccessGrant['principalType'];
  reach: Reach;
  access: AccessKind[];
  prefix?: string;
  conditional: boolean;
  evidence: AccessEvidence[];
  /** the setting that switched this grant off (Block Public Access, Object Ownership, public access prevention, UBLA) */
  neutralizedBy?: AccessEvidence;
  /** a Deny statement that removed this grant */
  deniedBy?: AccessEvidence;
  /** true for grants made up to bound an unknown input: they decide flags, never appear in output */
  hypothetical?: boolean;
}

/** Write grants by bucket id (a Map will do). */
export interface GrantsById {
  get(bucketId: string): readonly Grant[] | undefined;
}

export const isPublicReach = (r: Reach) => r === 'public' || r === 'authenticated';
