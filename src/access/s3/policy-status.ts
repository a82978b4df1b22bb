import type { PolicyStatement } from '../../model/index.js';
import { isPublicIdentityProvider, principalRefs, refCovers, type AwsPrincipalRef } from '../aws-principals.js';
import { actionMatches } from '../glob.js';
import { allowRestrictions, denyUnlessRestrictions, hasCondition, type ConditionBlock } from './conditions.js';
import { allowScopes } from './statement.js';

const cond = (st: PolicyStatement) => st.Condition as ConditionBlock | undefined;
const asArray = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
const PUBLIC: AwsPrincipalRef = { kind: 'public', text: '*' };

/** Whether a Deny statement's Principal (or everyone outside its NotPrincipal) covers the given principal. */
export function denyPrincipalCovers(st: PolicyStatement, target: AwsPrincipalRef): boolean {
  if (st.NotPrincipal !== undefined) return !principalRefs(st.NotPrincipal).some((r) => refCovers(r, target));
  return principalRefs(st.Principal).some((r) => refCovers(r, target));
}

function hasPublicPrincipal(st: PolicyStatement): boolean {
  if (st.NotPrincipal !== undefined) return true;
  return principalRefs(st.Principal).some((r) => r.kind === 'public' || (r.kind === 'federated' && !r.account && isPublicIdentityProvider(r.provider)));
}

/** Whether two action lists (Action or NotAction) may share an action; NotAction lists are taken to share one with anything. */
function mayShareAction(allow: PolicyStatement, deny: PolicyStatement): boolean {
  const allowed = asArray(allow.Action);
  const denied = asArray(deny.Action);
  if (!allowed || !denied) return true;
  return allowed.some((p) => denied.some((q) => actionMatches(q, p) || actionMatches(p, q)));
}

/**
 * A Deny that may take the public statement away: it applies to the public, may share an action with it, and has no
 * condition or is a "deny unless listed key = fixed values". Its resources are not compared, so a Deny on part of the
 * bucket counts too: a statement is called public only when no Deny could touch it.
 */
function mayBeDenied(st: PolicyStatement, statements: readonly PolicyStatement[]): boolean {
  return statements.some(
    (d) => d.Effect === 'Deny' && denyPrincipalCovers(d, PUBLIC) && mayShareAction(st, d) && (!hasCondition(cond(d)) || denyUnlessRestrictions(cond(d)) !== undefined),
  );
}

/**
 * Whether the policy is public through a statement whatever its actions: "Principal": "*" (or NotPrincipal, or a
 * public identity provider) without a fixed listed-key condition makes a policy public (S3 User Guide, "The meaning of
 * public"), and RestrictPublicBuckets then applies to the whole policy, even when that statement grants an action other
 * than GetObject / PutObject / ListBucket (e.g. s3:GetObjectTagging or s3:GetBucketLocation). Statements any Deny
 * could take away are left out, so an unsure case keeps the policy non-public and its cross-account grants reported.
 */
export function hasPublicStatement(statements: readonly PolicyStatement[], bucketArn: string): boolean {
  return statements.some(
    (st) =>
      st.Effect === 'Allow' &&
      hasPublicPrincipal(st) &&
      allowRestrictions(cond(st)).length === 0 &&
      (allowScopes(st, bucketArn, 'bucket').length > 0 || allowScopes(st, bucketArn, 'object').length > 0) &&
      !mayBeDenied(st, statements),
  );
}
