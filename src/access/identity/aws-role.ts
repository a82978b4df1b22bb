import {
  INTERNET,
  awsAccountPrincipal,
  awsCanonicalUserPrincipal,
  awsOrganizationPrincipal,
  federatedPrincipal,
  servicePrincipal,
  statementsOf,
  type AccessEvidence,
  type AccessGrant,
  type AwsIamRole,
  type AwsS3Bucket,
  type Gap,
  type IdentityReach,
  type PolicyDocument,
  type PolicyStatement,
  type TrustSettings,
} from '../../model/index.js';
import { principalRefs, refCovers, type AwsPrincipalRef } from '../aws-principals.js';
import { BucketDenies } from './bucket-denies.js';
import { gapFor } from '../bounds.js';
import { coversEveryKeyWith, literalPrefix, remaindersAfter } from '../glob.js';
import { allowRestrictions, conditionText, hasCondition, parseOperator, type ConditionBlock } from '../s3/conditions.js';
import { denyCoversScope, statementCoversAction, type Scope } from '../s3/statement.js';
import { isTrustedAwsAccount, isTrustedAwsOrganization } from '../trust.js';
import { NamedBuckets } from './named-buckets.js';
import { ObjectResources } from './object-resources.js';
import { SharedEvidence } from './shared-evidence.js';
import { SharedAssumers, SharedWritable, type Assumers } from './shared-role-parts.js';
import type { Grant, GrantsById } from '../types.js';

interface NamedStatement {
  policy: string;
  index: number;
  st: PolicyStatement;
  /** what the analysis asks of each statement, read once per role (each was read up to three times) */
  coversPut: boolean;
  coversPassRole: boolean;
  conditional: boolean;
}

type CoversFlag = 'coversPut' | 'coversPassRole';

const cond = (st: PolicyStatement) => st.Condition as ConditionBlock | undefined;
/**
 * The middle of an evidence list with nothing between a statement and a boundary: one array, so that roles with the same
 * statement share one list (a new `[]` per role was a key of its own in SharedEvidence, and a list and two Maps more).
 */
const NO_MIDDLE: readonly AccessEvidence[] = Object.freeze([]);

/** The statements of the role's inline policies, then of its managed policies whose document was collected. */
function identityStatements(role: AwsIamRole): NamedStatement[] {
  const out: NamedStatement[] = [];
  const inline = role.inlinePolicies;
  for (let i = 0; i < inline.length; i++) addStatements(out, `inline policy ${inline[i].name}`, inline[i].document);
  const managed = role.attachedPolicies;
  for (let i = 0; i < managed.length; i++) if (managed[i].document) addStatements(out, `managed policy ${managed[i].name}`, managed[i].document!);
  return out;
}

function addStatements(out: NamedStatement[], policy: string, doc: PolicyDocument): void {
  const statements = statementsOf(doc);
  for (let index = 0; index < statements.length; index++) {
    const st = statements[index];
    const asked = st.Effect === 'Allow' || st.Effect === 'Deny';
    out.push({
      policy,
      index,
      st,
      coversPut: asked && statementCoversAction(st, 's3:PutObject'),
      coversPassRole: asked && statementCoversAction(st, 'iam:PassRole'),
      conditional: hasCondition(cond(st)),
    });
  }
}

function evidenceOf(s: NamedStatement, source: AccessEvidence['source'], detail: string): AccessEvidence {
  const condition = conditionText(cond(s.st));
  return { source, detail, statementIndex: s.index, ...(s.st.Sid ? { sid: s.st.Sid } : {}), ...(condition ? { condition } : {}) };
}

const where = (s: NamedStatement) => `${s.policy} statement ${s.index}${s.st.Sid ? ` (${s.st.Sid})` : ''}`;
const resourcesText = (st: PolicyStatement) => JSON.stringify(st.Resource ?? { NotResource: st.NotResource });

/** A Resource that reaches every bucket: "*", arn:aws:s3:::*, arn:aws:s3:::*\/*, or a NotResource. */
function reachesEveryBucket(st: PolicyStatement): boolean {
  if (st.NotResource !== undefined) return true;
  const resources = st.Resource === undefined ? [] : Array.isArray(st.Resource) ? st.Resource : [st.Resource];
  return resources.some((p) => remaindersAfter(p, 'arn:aws:s3:::').some((r) => r.startsWith('*')));
}

function deniedUnconditionally(statements: readonly NamedStatement[], action: CoversFlag, covers: (st: PolicyStatement, account: string) => boolean, account: string): boolean {
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (s.st.Effect === 'Deny' && !s.conditional && s[action] && covers(s.st, account)) return true;
  }
  return false;
}

/** A bucket (or prefix) an identity can write, as `reach.writableBuckets` lists it. */
export type WritableBucket = IdentityReach['writableBuckets'][number];

/**
 * The buckets an identity can write: `entries` (its `reach.writableBuckets`, the same array) and, by entry, whether
 * the write holds only under a condition (the can-write edge's `conditional`), kept beside them rather than in a
 * second object per entry.
 */
export interface Writable {
  entries: WritableBucket[];
  conditional: boolean[];
}

export interface RoleAnalysis {
  reach: IdentityReach;
  gaps: Gap[];
  writable: Writable;
  assumers: Grant[];
}

/**
 * Buckets the role can write (s3:PutObject after the role's own Deny statements). A bucket in another account also
 * needs its bucket policy to grant the role, its account or the public.
 */
function writableBuckets(
  role: AwsIamRole,
  statements: NamedStatement[],
  buckets: readonly AwsS3Bucket[],
  bucketGrants: GrantsById,
  shared: SharedEvidence,
  context: RoleContext,
): Writable {
  const out: Writable = { entries: [], conditional: [] };
  const boundary = role.permissionsBoundaryArn;
  const allows: NamedStatement[] = [];
  const denies: NamedStatement[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (!s.coversPut) continue;
    if (s.st.Effect === 'Allow') allows.push(s);
    else if (s.st.Effect === 'Deny' && !s.conditional) denies.push(s);
  }
  // same account: a bucket policy naming the role's ARN grants on its own ("allowed by an identity-based policy, a
  // resource-based policy, or both"); a grant to the account root still needs the identity policy
  const grantedToRole = context.grantedToRole;
  if (allows.length === 0 && grantedToRole.size === 0) return out;
  const resources = allows.map((s) => new ObjectResources(s.st));
  const reachable = onlyNamed(resources);
  const sharing = !reachable && grantedToRole.size === 0 ? context.sharedWritable : undefined;
  const key = sharing?.keyOf(role.account, buckets, boundary, allows, denies);
  if (key !== undefined) {
    const known = sharing!.get(key);
    if (known) return known;
  }
  // evidence that is the same for every bucket is made once per role and shared (never changed afterwards)
  const allowEvidence = allows.map((s) => shared.one(evidenceOf(s, 'identity-policy', `${where(s)} allows s3:PutObject on ${resourcesText(s.st)}`)));
  const boundaryEvidence = boundary ? shared.one({ source: 'identity-policy', detail: `permissions boundary ${boundary} may narrow this (not evaluated)` }) : undefined;
  const allowOnly = allowEvidence.map((e) => shared.list(e, NO_MIDDLE, boundaryEvidence));
  const allowConditional = allows.map((s) => s.conditional || !!boundary);
  // another account's bucket counts only when its policy names this role or its account: a bucket anyone can write is
  // reported once (publicWrite and the public principal's edge), not again in every identity's reach
  const accountPrincipal = awsAccountPrincipal(role.account);
  let roleDependent = false;
  const group = new BucketGroup(); // one bucket's entries, reused
  // with no bucket policy naming the role, only the buckets its statements name (or with a `/` in their ARN) count
  const visit = reachable && grantedToRole.size === 0 ? context.namedBuckets?.of(buckets, reachable) : undefined;
  const count = visit ? visit.length : buckets.length;
  for (let i = 0; i < count; i++) {
    const bucket = buckets[visit ? visit[i] : i];
    const arn = bucket.arn || bucket.id;
    const sameAccount = bucket.account === role.account;
    const ownGrants = sameAccount && grantedToRole.size > 0 && grantedToRole.has(bucket.id) ? roleGrants(bucketGrants.get(bucket.id), role.id) : undefined;
    if (!ownGrants && reachable && !reachable.has(arn) && !arn.includes('/')) continue;
    let crossAccountGrant: Grant | undefined;
    if (!sameAccount) {
      roleDependent = true;
      crossAccountGrant = (bucketGrants.get(bucket.id) ?? []).find((g) => g.access.includes('write') && (g.principal === role.id || g.principal === accountPrincipal));
      if (!crossAccountGrant) continue;
    }
    // one entry per prefix and conditionality
    group.clear(bucket.id);
    const bucketDenies = context.bucketDenies.of(bucket);
    if (bucketDenies) roleDependent = true;
    for (let allow = 0; allow < allows.length; allow++) {
      const scopes = resources[allow].scopes(arn);
      for (let i = 0; i < scopes.length; i++) {
        const scope = scopes[i];
        if (denies.length > 0 && deniesScope(denies, arn, scope)) continue;
        if (bucketDenies && bucketDenies.denies(role, scope)) continue;
        const evidence = crossAccountGrant ? shared.list(allowEvidence[allow], crossAccountGrant.evidence, boundaryEvidence) : allowOnly[allow];
        group.add(scope, allowConditional[allow] || !!crossAccountGrant?.conditional, evidence);
      }
    }
    if (ownGrants) {
      for (const g of ownGrants) {
        const scope = g.prefix !== undefined ? { prefix: g.prefix } : {};
        if (bucketDenies && bucketDenies.denies(role, scope)) continue;
        group.add(scope, g.conditional || !!boundary, g.evidence);
      }
    }
    group.addTo(out);
  }
  if (key !== undefined && !roleDependent) sharing!.keep(key, out);
  return out;
}

/**
 * The entries of one bucket: one per prefix and conditionality. Reused from bucket to bucket (its arrays are kept, so
 * a bucket with one entry allocates nothing but the entry).
 */
class BucketGroup {
  private readonly entries: WritableBucket[] = [];
  private readonly conditional: boolean[] = [];
  private size = 0;
  private bucketId = '';

  clear(bucketId: string): void {
    this.size = 0;
    this.bucketId = bucketId;
  }

  /** A new entry per prefix and conditionality, else the evidence it lacks (a copy: the entry's evidence list may be shared). */
  add(scope: Scope, conditional: boolean, evidence: AccessEvidence[]): void {
    const prefix = scope.prefix ?? '';
    for (let at = 0; at < this.size; at++) {
      const prev = this.entries[at];
      if ((prev.prefix ?? '') !== prefix || this.conditional[at] !== conditional) continue;
      const added = evidence.filter((e) => !prev.evidence.some((x) => x.detail === e.detail));
      if (added.length) this.entries[at] = { ...prev, evidence: [...prev.evidence, ...added] };
      return;
    }
    const bucket = this.bucketId;
    this.conditional[this.size] = conditional;
    this.entries[this.size++] = scope.prefix !== undefined ? { bucket, prefix: scope.prefix, evidence } : { bucket, evidence };
  }

  /** Appends the entries to `out`, except prefix entries absorbed by a whole-bucket entry of the same conditionality. */
  addTo(out: Writable): void {
    for (let i = 0; i < this.size; i++) {
      const w = this.entries[i];
      if (this.size === 1 || w.prefix === undefined || !this.hasWholeBucket(this.conditional[i])) {
        out.entries.push(w);
        out.conditional.push(this.conditional[i]);
      }
    }
  }

  private hasWholeBucket(conditional: boolean): boolean {
    for (let i = 0; i < this.size; i++) if (this.entries[i].prefix === undefined && this.conditional[i] === conditional) return true;
    return false;
  }
}

/** Bucket-policy write grants naming the role itself (not its account). */
function roleGrants(grants: readonly Grant[] | undefined, roleId: string): Grant[] | undefined {
  const own = grants?.filter((g) => g.principal === roleId && g.principalType === 'role' && g.access.includes('write'));
  return own && own.length > 0 ? own : undefined;
}

/** What the role analysis needs from the buckets besides their grants. */
export interface RoleContext {
  /** where a role that names its buckets finds them in a candidate list (shared by the roles of one analysis) */
  namedBuckets?: NamedBuckets;
  /** ids of buckets whose policy grants write to this role */
  grantedToRole: ReadonlySet<string>;
  bucketDenies: BucketDenies;
  /** writable buckets shared by roles that walk the same list with the same statements (SharedWritable) */
  sharedWritable?: SharedWritable;
  /** who can assume, shared by roles with the same trust policy in one account */
  sharedAssumers?: SharedAssumers;
}

function deniesScope(denies: readonly NamedStatement[], arn: string, scope: Scope): boolean {
  for (const d of denies) if (denyCoversScope(d.st, arn, 'object', scope)) return true;
  return false;
}

/** The buckets the statements can reach when every one of them names its buckets, else undefined (any bucket). */
function onlyNamed(resources: readonly ObjectResources[]): Set<string> | undefined {
  const out = new Set<string>();
  for (const r of resources) {
    const named = r.namedBuckets();
    if (!named) return undefined;
    for (const arn of named) out.add(arn);
  }
  return out;
}

/** Whether an Allow of the action reaches everything `covers` asks for, and no unconditional Deny of it does. */
function everythingAllowed(statements: readonly NamedStatement[], action: CoversFlag, covers: (st: PolicyStatement, account: string) => boolean, account: string): boolean {
  let allowed = false;
  for (let i = 0; i < statements.length && !allowed; i++) {
    const s = statements[i];
    allowed = s.st.Effect === 'Allow' && s[action] && covers(s.st, account);
  }
  return allowed && !deniedUnconditionally(statements, action, covers, account);
}

/**
 * A Resource that reaches every role of the account: "*", `arn:aws:iam::ACCOUNT:role/*`, `arn:aws:iam::*:role/*`, ...
 * (any pattern that matches every name after `role/`), or a NotResource.
 */
function reachesEveryRole(st: PolicyStatement, account: string): boolean {
  if (st.NotResource !== undefined) return true;
  const roles = `arn:aws:iam::${account}:role/`;
  const resources = st.Resource === undefined ? [] : Array.isArray(st.Resource) ? st.Resource : [st.Resource];
  return resources.some((p) => remaindersAfter(p, roles).some((r) => coversEveryKeyWith(r, '')));
}

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/**
 * Providers whose audience is the same for every customer, so only a subject condition limits who can assume: GitHub
 * Actions tokens all carry aud "sts.amazonaws.com", and AWS recommends a `token.actions.githubusercontent.com:sub`
 * condition in every role that trusts GitHub's provider (IAM User Guide, "Configuring a role for GitHub OIDC").
 */
const SUBJECT_REQUIRED = ['token.actions.githubusercontent.com'];

/** Whether a federated trust's conditions limit which of the provider's identities can assume the role. */
function federationControlled(provider: string, c: ConditionBlock | undefined): boolean {
  if (!hasCondition(c)) return false;
  const host = SUBJECT_REQUIRED.find((h) => provider === h || provider.endsWith(`oidc-provider/${h}`));
  if (!host) return true;
  // a positive sub condition with a literal owner ("repo:org/...") limits it; "*" or "repo:*" does not
  return Object.entries(c ?? {}).some(([op, entries]) => {
    const parsed = parseOperator(op);
    if (!['stringequals', 'stringlike'].includes(parsed.op) || parsed.set === 'forallvalues') return false;
    return Object.entries(entries ?? {}).some(([key, raw]) => {
      if (key.toLowerCase() !== `${host}:sub`) return false;
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      return values.length > 0 && values.every((v) => literalPrefix(v).length > 'repo:'.length);
    });
  });
}

type Assumer = Omit<Grant, 'access' | 'evidence' | 'conditional'>;

function accountReach(account: string, role: AwsIamRole, trust: TrustSettings): Grant['reach'] {
  return account === role.account || isTrustedAwsAccount(trust, account) ? 'internal' : 'external';
}

function assumer(ref: AwsPrincipalRef, st: PolicyStatement, role: AwsIamRole, roleIds: ReadonlySet<string>, trust: TrustSettings): Assumer[] {
  switch (ref.kind) {
    case 'public': {
      // "*" narrowed by a principal condition is what the condition names: the most specific key decides (the entries
      // are ANDed), each of its values is one assumer (the values are ORed)
      const rs = allowRestrictions(cond(st));
      const arns = rs.find((r) => r.key === 'aws:principalarn')?.values;
      if (arns) return arns.flatMap((a) => principalRefs({ AWS: a }).flatMap((r) => assumer(r, st, role, roleIds, trust)));
      const accounts = rs.find((r) => r.key === 'aws:principalaccount')?.values;
      if (accounts) return accounts.map((a) => ({ principal: awsAccountPrincipal(a), principalType: 'account', reach: accountReach(a, role, trust) }));
      const orgs = rs.find((r) => r.key === 'aws:principalorgid')?.values;
      if (orgs) return orgs.map((o) => ({ principal: awsOrganizationPrincipal(o), principalType: 'organization', reach: isTrustedAwsOrganization(trust, o) ? 'internal' : 'external' }));
      return [{ principal: INTERNET, principalType: 'public', reach: 'public' }];
    }
    case 'account':
      return [{ principal: awsAccountPrincipal(ref.account), principalType: 'account', reach: accountReach(ref.account, role, trust) }];
    case 'role':
    case 'user':
      return [{ principal: roleIds.has(ref.arn) ? ref.arn : awsAccountPrincipal(ref.account), principalType: ref.kind, reach: accountReach(ref.account, role, trust) }];
    case 'service':
      return [{ principal: servicePrincipal(ref.service), principalType: 'service', reach: 'internal' }];
    case 'federated':
      // identities come from outside AWS; a trust condition (aud, sub, ...) is what limits them
      return [{ principal: federatedPrincipal(ref.provider), principalType: 'federated', reach: federationControlled(ref.provider, cond(st)) ? 'internal' : 'external' }];
    case 'canonical':
      return [{ principal: awsCanonicalUserPrincipal(ref.id), principalType: 'user', reach: 'external' }];
  }
}

function assumableBy(role: AwsIamRole, roleIds: ReadonlySet<string>, trust: TrustSettings): Grant[] {
  const statements = statementsOf(role.trustPolicy);
  const out: Grant[] = [];
  statements.forEach((st, index) => {
    if (st.Effect !== 'Allow' || !ASSUME_ACTIONS.some((a) => statementCoversAction(st, a))) return;
    const written: AwsPrincipalRef[] = st.NotPrincipal !== undefined ? [{ kind: 'public', text: 'NotPrincipal' }] : principalRefs(st.Principal);
    // a Deny with NotPrincipal denies everyone but the principals it lists: of a public Allow, only they remain
    const narrowing = statements.find((d) => d.Effect === 'Deny' && d.NotPrincipal !== undefined && !hasCondition(cond(d)) && ASSUME_ACTIONS.some((a) => statementCoversAction(d, a)));
    const refs = narrowing ? written.flatMap((r) => (r.kind === 'public' && allowRestrictions(cond(st)).length === 0 ? principalRefs(narrowing.NotPrincipal) : [r])) : written;
    for (const ref of refs) {
      const denied = statements.some(
        (d) =>
          d.Effect === 'Deny' &&
          !hasCondition(cond(d)) &&
          ASSUME_ACTIONS.some((a) => statementCoversAction(d, a)) &&
          (d.NotPrincipal !== undefined ? !principalRefs(d.NotPrincipal).some((r) => refCovers(r, ref)) : principalRefs(d.Principal).some((r) => refCovers(r, ref))),
      );
      if (denied) continue;
      const condition = conditionText(cond(st));
      const externalId = condition?.includes('sts:ExternalId') ? ', requires sts:ExternalId' : '';
      const evidence: AccessEvidence = {
        source: 'trust-policy',
        detail: `trust policy statement ${index}${st.Sid ? ` (${st.Sid})` : ''} lets ${ref.text} assume the role${externalId}`,
        statementIndex: index,
        ...(st.Sid ? { sid: st.Sid } : {}),
        ...(condition ? { condition } : {}),
      };
      for (const a of assumer(ref, st, role, roleIds, trust)) out.push({ ...a, access: [], conditional: hasCondition(cond(st)), evidence: [evidence] });
    }
  });
  return out;
}

const asAccessGrant = (g: Grant): AccessGrant => ({ principal: g.principal, principalType: g.principalType, external: g.reach !== 'internal', access: [], conditional: g.conditional, evidence: g.evidence });

function assumersOf(role: AwsIamRole, roleIds: ReadonlySet<string>, trust: TrustSettings): Assumers {
  const grants = assumableBy(role, roleIds, trust);
  return { grants, reach: grants.map(asAccessGrant), external: grants.some((g) => g.reach !== 'internal') };
}

/** A role whose trust policy is unknown: one answer for all, in every scan (frozen: a result's list is this one). */
const NO_ASSUMERS: Assumers = Object.freeze({ grants: Object.freeze<Grant[]>([]) as Grant[], reach: Object.freeze<AccessGrant[]>([]) as AccessGrant[], external: false });

const NOTHING_UNREAD: readonly Gap[] = Object.freeze([]);

/** Why identity policies of the role are unknown: its gaps, and managed policies whose document was not collected. */
function unreadPolicies(role: AwsIamRole): readonly Gap[] {
  const inline = gapFor(role.gaps, 'inlinePolicies');
  const attached = gapFor(role.gaps, 'attachedPolicies');
  let out: Gap[] | undefined;
  if (inline) (out ??= []).push(inline);
  if (attached) (out ??= []).push(attached);
  const managed = role.attachedPolicies;
  for (let i = 0; i < managed.length; i++) {
    if (!managed[i].document) (out ??= []).push({ path: 'attachedPolicies', reason: `document of ${managed[i].arn} not collected` });
  }
  return out ?? NOTHING_UNREAD;
}

export function analyzeAwsRole(
  role: AwsIamRole,
  buckets: readonly AwsS3Bucket[],
  bucketGrants: GrantsById,
  roleIds: ReadonlySet<string>,
  trust: TrustSettings,
  shared = new SharedEvidence(),
  context: RoleContext = { grantedToRole: new Set(), bucketDenies: new BucketDenies(buckets) },
): RoleAnalysis {
  const statements = identityStatements(role);
  const writable = writableBuckets(role, statements, buckets, bucketGrants, shared, context);
  const wildcard = everythingAllowed(statements, 'coversPut', reachesEveryBucket, role.account);
  const passRole = everythingAllowed(statements, 'coversPassRole', reachesEveryRole, role.account);
  const gaps: Gap[] = [];
  const trustGap = gapFor(role.gaps, 'trustPolicy');
  const assumers = trustGap ? NO_ASSUMERS : context.sharedAssumers ? context.sharedAssumers.of(role, () => assumersOf(role, roleIds, trust)) : assumersOf(role, roleIds, trust);
  if (trustGap) {
    for (const p of ['reach.assumableBy', 'reach.externallyAssumable']) gaps.push({ path: p, reason: `trust policy unknown: ${trustGap.reason}` });
  }
  const unread = unreadPolicies(role);
  if (unread.length) {
    const reason = `identity policy unknown: ${[...new Set(unread.map((g) => g.reason))].join('; ')}`;
    gaps.push({ path: 'reach.writableBuckets', reason });
    if (!wildcard) gaps.push({ path: 'reach.wildcardS3Write', reason });
    if (!passRole) gaps.push({ path: 'reach.canPassRole', reason });
  }
  // a permissions boundary is "the maximum permissions that an identity-based policy can grant": its document is not
  // collected, so what the identity policies allow is only an upper bound
  if (role.permissionsBoundaryArn) {
    const reason = `permissions boundary ${role.permissionsBoundaryArn} is not evaluated and may deny this`;
    if (wildcard) gaps.push({ path: 'reach.wildcardS3Write', reason });
    if (passRole) gaps.push({ path: 'reach.canPassRole', reason });
  }
  const reach: IdentityReach = {
    writableBuckets: writable.entries,
    assumableBy: assumers.reach,
    wildcardS3Write: !!wildcard,
    canPassRole: !!passRole,
    externallyAssumable: assumers.external,
  };
  return { reach, gaps, writable, assumers: assumers.grants };
}
