import { statementsOf, type AwsS3Bucket, type PolicyStatement } from '../../model/index.js';
import { principalRefs, refCovers, type AwsPrincipalRef } from '../aws-principals.js';
import { denyUnlessRestrictions, hasCondition, type ConditionBlock, type FixedRestriction } from '../s3/conditions.js';
import { denyCoversScope, statementCoversAction, type Scope } from '../s3/statement.js';

/** A Deny of s3:PutObject in a bucket policy, with what decides whom it applies to read once. */
interface PutDeny {
  st: PolicyStatement;
  /** the Principal, or the NotPrincipal when `exempts` */
  refs: AwsPrincipalRef[];
  exempts: boolean;
  /** undefined: unconditional; else a "deny unless" on principal keys */
  unless: FixedRestriction[] | undefined;
}

/**
 * Deny statements of a bucket policy that stop a given role from writing (IAM evaluation logic: an explicit deny in
 * any policy overrides every allow). Counted: an unconditional Deny whose Principal names the role, its account or
 * everyone (or whose NotPrincipal leaves the role out), and a "deny unless" on aws:PrincipalArn / aws:PrincipalAccount
 * whose values leave the role out. A Deny conditioned on anything else applies to some requests only and is not
 * counted (as for bucket grants), so it is dropped when the policy is first read. Each policy is read once, however
 * many roles are checked against it; conditions the reader shares between buckets are parsed once.
 */
export class BucketDenies {
  private readonly byPolicy = new WeakMap<object, readonly PutDeny[]>();
  private readonly unlessByCondition = new WeakMap<object, FixedRestriction[] | undefined>();

  /** Whether the bucket policy denies s3:PutObject in this scope to the role. */
  denies(bucket: AwsS3Bucket, role: { arn: string; account: string }, scope: Scope): boolean {
    const denies = this.putDenies(bucket);
    if (denies.length === 0) return false;
    const arn = bucket.arn || bucket.id;
    const roleRef: RoleRef = { kind: 'role', account: role.account, arn: role.arn, text: role.arn };
    return denies.some((d) => appliesTo(d, roleRef) && denyCoversScope(d.st, arn, 'object', scope));
  }

  private putDenies(bucket: AwsS3Bucket): readonly PutDeny[] {
    const policy = bucket.policy;
    if (!policy) return NONE;
    let list = this.byPolicy.get(policy);
    if (!list) this.byPolicy.set(policy, (list = this.readPutDenies(statementsOf(policy))));
    return list;
  }

  private readPutDenies(statements: readonly PolicyStatement[]): readonly PutDeny[] {
    const out: PutDeny[] = [];
    for (const st of statements) {
      if (st.Effect !== 'Deny' || !statementCoversAction(st, 's3:PutObject')) continue;
      const cond = st.Condition as ConditionBlock | undefined;
      let unless: FixedRestriction[] | undefined;
      if (hasCondition(cond)) {
        unless = this.unlessOf(cond as ConditionBlock);
        if (!unless) continue; // conditioned on something else: never counted
      }
      const exempts = st.NotPrincipal !== undefined;
      out.push({ st, refs: principalRefs(exempts ? st.NotPrincipal : st.Principal), exempts, unless });
    }
    return out.length > 0 ? out : NONE;
  }

  private unlessOf(cond: ConditionBlock): FixedRestriction[] | undefined {
    if (this.unlessByCondition.has(cond)) return this.unlessByCondition.get(cond);
    const unless = denyUnlessRestrictions(cond);
    this.unlessByCondition.set(cond, unless);
    return unless;
  }
}

const NONE: readonly PutDeny[] = Object.freeze([]);

type RoleRef = Extract<AwsPrincipalRef, { kind: 'role' | 'user' }>;

function appliesTo(d: PutDeny, role: RoleRef): boolean {
  const named = d.exempts ? !d.refs.some((r) => refCovers(r, role)) : d.refs.some((r) => refCovers(r, role));
  if (!named) return false;
  // the Deny applies when every entry holds, i.e. the role is outside each entry's values
  return (
    d.unless === undefined ||
    d.unless.every((r) => {
      if (r.key === 'aws:principalarn') return !r.values.includes(role.arn);
      if (r.key === 'aws:principalaccount') return !r.values.includes(role.account);
      return false;
    })
  );
}
