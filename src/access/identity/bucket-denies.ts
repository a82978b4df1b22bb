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
 * Deny statements of bucket policies that stop a given role from writing (IAM evaluation logic: an explicit deny in
 * any policy overrides every allow). Counted: an unconditional Deny whose Principal names the role, its account or
 * everyone (or whose NotPrincipal leaves the role out), and a "deny unless" on aws:PrincipalArn / aws:PrincipalAccount
 * whose values leave the role out. A Deny conditioned on anything else applies to some requests only and is not
 * counted (as for bucket grants). Each policy is read once, when the buckets are given, and only buckets with a Deny
 * that can count are kept: checking a role against any other bucket is one lookup in a map of those few.
 */
export class BucketDenies {
  private readonly byBucket = new Map<AwsS3Bucket, PolicyPutDenies>();

  constructor(buckets: readonly AwsS3Bucket[]) {
    const conditions: DenyConditions = new Map();
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i];
      if (!bucket.policy) continue;
      const denies = putDenies(statementsOf(bucket.policy), conditions);
      if (denies.length > 0) this.byBucket.set(bucket, new PolicyPutDenies(denies, bucket.arn || bucket.id));
    }
  }

  /** The Deny statements of this bucket's policy that can stop a role from writing, if any. */
  of(bucket: AwsS3Bucket): PolicyPutDenies | undefined {
    return this.byBucket.size === 0 ? undefined : this.byBucket.get(bucket);
  }
}

/** The s3:PutObject denies of one bucket policy that can count for a role. */
export class PolicyPutDenies {
  constructor(
    private readonly list: readonly PutDeny[],
    private readonly bucketArn: string,
  ) {}

  /** Whether the policy denies s3:PutObject in this scope to the role. */
  denies(role: { arn: string; account: string }, scope: Scope): boolean {
    const roleRef: RoleRef = { kind: 'role', account: role.account, arn: role.arn, text: role.arn };
    return this.list.some((d) => appliesTo(d, roleRef) && denyCoversScope(d.st, this.bucketArn, 'object', scope));
  }
}

/** What each condition block (shared by the reader between buckets) means for a Deny: see `denyCondition`. */
type DenyConditions = Map<object, FixedRestriction[] | null | undefined>;

/** undefined: no condition (the Deny always applies); null: a condition on anything else (never counted); else a "deny unless". */
function denyCondition(cond: ConditionBlock | undefined, conditions: DenyConditions): FixedRestriction[] | null | undefined {
  if (cond === undefined) return undefined;
  let meaning = conditions.get(cond);
  if (meaning === undefined && !conditions.has(cond)) conditions.set(cond, (meaning = hasCondition(cond) ? (denyUnlessRestrictions(cond) ?? null) : undefined));
  return meaning;
}

/** The Deny statements of s3:PutObject that can count for some role. */
function putDenies(statements: readonly PolicyStatement[], conditions: DenyConditions): PutDeny[] {
  const out: PutDeny[] = [];
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    if (st.Effect !== 'Deny') continue;
    const unless = denyCondition(st.Condition as ConditionBlock | undefined, conditions);
    if (unless === null || !statementCoversAction(st, 's3:PutObject')) continue;
    const exempts = st.NotPrincipal !== undefined;
    out.push({ st, refs: principalRefs(exempts ? st.NotPrincipal : st.Principal), exempts, unless });
  }
  return out;
}

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
