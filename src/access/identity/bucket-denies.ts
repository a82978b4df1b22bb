import { statementsOf, type AwsS3Bucket, type PolicyStatement } from '../../model/index.js';
import { principalRefs, refCovers, type AwsPrincipalRef } from '../aws-principals.js';
import { denyUnlessRestrictions, hasCondition, type ConditionBlock } from '../s3/conditions.js';
import { denyCoversScope, statementCoversAction, type Scope } from '../s3/statement.js';

/**
 * Deny statements of a bucket policy that stop a given role from writing (IAM evaluation logic: an explicit deny in
 * any policy overrides every allow). Counted: an unconditional Deny whose Principal names the role, its account or
 * everyone (or whose NotPrincipal leaves the role out), and a "deny unless" on aws:PrincipalArn / aws:PrincipalAccount
 * whose values leave the role out. A Deny conditioned on anything else applies to some requests only and is not
 * counted (as for bucket grants).
 */
export class BucketDenies {
  private readonly byPolicy = new WeakMap<object, PolicyStatement[]>();

  /** Whether the bucket policy denies s3:PutObject in this scope to the role. */
  denies(bucket: AwsS3Bucket, role: { arn: string; account: string }, scope: Scope): boolean {
    const denies = this.putDenies(bucket);
    if (denies.length === 0) return false;
    const arn = bucket.arn || bucket.id;
    const roleRef: RoleRef = { kind: 'role', account: role.account, arn: role.arn, text: role.arn };
    return denies.some((st) => appliesTo(st, roleRef) && denyCoversScope(st, arn, 'object', scope));
  }

  private putDenies(bucket: AwsS3Bucket): PolicyStatement[] {
    const policy = bucket.policy;
    if (!policy) return [];
    let list = this.byPolicy.get(policy);
    if (!list) {
      list = statementsOf(policy).filter((st) => st.Effect === 'Deny' && statementCoversAction(st, 's3:PutObject'));
      this.byPolicy.set(policy, list);
    }
    return list;
  }
}

type RoleRef = Extract<AwsPrincipalRef, { kind: 'role' | 'user' }>;

function appliesTo(st: PolicyStatement, role: RoleRef): boolean {
  const named = st.NotPrincipal !== undefined ? !principalRefs(st.NotPrincipal).some((r) => refCovers(r, role)) : principalRefs(st.Principal).some((r) => refCovers(r, role));
  if (!named) return false;
  const cond = st.Condition as ConditionBlock | undefined;
  if (!hasCondition(cond)) return true;
  const unless = denyUnlessRestrictions(cond);
  if (!unless) return false;
  // the Deny applies when every entry holds, i.e. the role is outside each entry's values
  return unless.every((r) => {
    if (r.key === 'aws:principalarn') return !r.values.includes(role.arn);
    if (r.key === 'aws:principalaccount') return !r.values.includes(role.account);
    return false;
  });
}
