import {
  INTERNET,
  awsAccountPrincipal,
  awsCanonicalUserPrincipal,
  awsOrganizationPrincipal,
  federatedPrincipal,
  servicePrincipal,
  statementsOf,
  type AccessEvidence,
  type PolicyDocument,
  type PolicyStatement,
  type TrustSettings,
} from '../../model/index.js';
import { isPublicIdentityProvider, principalRefs, type AwsPrincipalRef } from '../aws-principals.js';
import { isTrustedAwsAccount, isTrustedAwsOrganization } from '../trust.js';
import type { AccessKind, Grant, Reach } from '../types.js';
import {
  SOURCE_ACCOUNT_KEYS,
  accountOfArn,
  allowRestrictions,
  conditionText,
  denyUnlessRestrictions,
  hasCondition,
  sourceLimits,
  type ConditionBlock,
  type FixedRestriction,
} from './conditions.js';
import { denyPrincipalCovers, hasPublicStatement } from './policy-status.js';
import { ACCESS_KINDS, S3_ACCESS_ACTIONS, allowScopes, denyCoversScope, statementCoversAction, type Scope } from './statement.js';

export interface S3PolicyContext {
  bucketArn: string;
  owner: string;
  ownerCanonicalId?: string;
  /** ids of IAM roles in the inventory, so a grant to a role points at the role node */
  roleIds: ReadonlySet<string>;
  trust: TrustSettings;
}

export interface PolicyResult {
  grants: Grant[];
  /** the policy is "public" in the guide's sense (some statement, for any action, still reaches anyone after Deny statements) */
  isPublic: boolean;
}

interface Candidate {
  ref: AwsPrincipalRef;
  kind: AccessKind;
  scope: Scope;
  st: PolicyStatement;
  index: number;
  notPrincipal: boolean;
  denyRestrictions: { restrictions: FixedRestriction[]; evidence: AccessEvidence }[];
  deniedBy?: AccessEvidence;
}

const cond = (st: PolicyStatement) => st.Condition as ConditionBlock | undefined;

function statementEvidence(st: PolicyStatement, index: number, detail: string): AccessEvidence {
  const condition = conditionText(cond(st));
  return {
    source: 'bucket-policy',
    detail,
    statementIndex: index,
    ...(st.Sid ? { sid: st.Sid } : {}),
    ...(condition ? { condition } : {}),
  };
}

const label = (st: PolicyStatement, index: number) => `statement ${index}${st.Sid ? ` (${st.Sid})` : ''}`;

function accountReach(account: string, ctx: S3PolicyContext): Reach {
  return account === ctx.owner || isTrustedAwsAccount(ctx.trust, account) ? 'internal' : 'external';
}

function keysOf(rs: readonly FixedRestriction[]) {
  return new Set(rs.map((r) => r.key));
}

/** Who a public statement really reaches once restricted to fixed values of listed keys. */
function restrictedPrincipals(rs: FixedRestriction[], ctx: S3PolicyContext): Omit<Grant, 'access' | 'prefix' | 'evidence'>[] {
  const byKey = (k: string) => rs.filter((r) => r.key === k).flatMap((r) => r.values);
  const orgs = byKey('aws:principalorgid');
  if (orgs.length) {
    return orgs.map((o) => ({
      principal: awsOrganizationPrincipal(o),
      principalType: 'organization' as const,
      reach: isTrustedAwsOrganization(ctx.trust, o) ? ('internal' as const) : ('external' as const),
      conditional: false,
    }));
  }
  const accounts = byKey('aws:principalaccount');
  if (accounts.length) return accounts.map((a) => ({ principal: awsAccountPrincipal(a), principalType: 'account' as const, reach: accountReach(a, ctx), conditional: false }));
  const arns = byKey('aws:principalarn');
  if (arns.length) {
    return arns.map((arn) => {
      const account = accountOfArn(arn) ?? '';
      const isRole = /:role\//.test(arn);
      return {
        principal: ctx.roleIds.has(arn) ? arn : awsAccountPrincipal(account),
        principalType: isRole ? ('role' as const) : ('user' as const),
        reach: accountReach(account, ctx),
        conditional: false,
      };
    });
  }
  const sourceAccounts = SOURCE_ACCOUNT_KEYS.flatMap((k) => byKey(k));
  if (sourceAccounts.length) {
    return sourceAccounts.map((a) => ({ principal: awsAccountPrincipal(a), principalType: 'account' as const, reach: accountReach(a, ctx), conditional: true }));
  }
  // network or resource limits (aws:SourceVpce, aws:SourceIp, aws:SourceArn, ...): not public, not a named outsider
  return [{ principal: INTERNET, principalType: 'public', reach: 'internal', conditional: true }];
}

function serviceReach(st: PolicyStatement, ctx: S3PolicyContext): { reach: Reach; note: string } {
  const limits = sourceLimits(cond(st));
  if (limits.length === 0) {
    return {
      reach: 'external',
      note: 'no aws:SourceAccount or aws:SourceOwner condition and no aws:SourceArn naming an account, so the service can act for any account (confused deputy)',
    };
  }
  // the entries are ANDed: the request's source account must be in every list
  const accounts = limits.map((l) => l.accounts).reduce((a, b) => a.filter((x) => b.includes(x)));
  const outside = [...new Set(accounts)].filter((a) => accountReach(a, ctx) === 'external');
  if (outside.length) return { reach: 'external', note: `limited to source account(s) outside the owner: ${outside.join(', ')}` };
  return { reach: 'internal', note: `limited by ${limits.map((l) => l.text).join(' and ')}` };
}

/** How narrowly a Deny-unless names who keeps access: a principal ARN, an account, an organization, a source account, a network. */
const DENY_KEY_RANK = ['aws:principalarn', 'aws:principalaccount', 'aws:principalorgid', ...SOURCE_ACCOUNT_KEYS];

function denySpecificity(rs: readonly FixedRestriction[]): number {
  if (keysOf(rs).size > 1) return DENY_KEY_RANK.length + 1;
  const k = DENY_KEY_RANK.indexOf(rs[0]?.key ?? '');
  return k < 0 ? DENY_KEY_RANK.length : k;
}

function compareDenySpecificity(a: readonly FixedRestriction[], b: readonly FixedRestriction[]): number {
  const text = (rs: readonly FixedRestriction[]) => rs.map((r) => r.text).join('\u0000');
  return denySpecificity(a) - denySpecificity(b) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0);
}

function resolve(c: Candidate, ctx: S3PolicyContext): Grant[] {
  const base = {
    access: [c.kind],
    ...(c.scope.prefix !== undefined ? { prefix: c.scope.prefix } : {}),
  };
  const where = label(c.st, c.index);
  const anyCondition = hasCondition(cond(c.st));
  const ev = (detail: string) => [statementEvidence(c.st, c.index, detail), ...c.denyRestrictions.map((d) => d.evidence)];
  const { ref } = c;
  const isPublicRef = ref.kind === 'public' || (ref.kind === 'federated' && !ref.account && isPublicIdentityProvider(ref.provider));
  if (isPublicRef) {
    const allowRs = allowRestrictions(cond(c.st));
    const who = c.notPrincipal ? `everyone except the NotPrincipal list` : ref.kind === 'federated' ? `any user of identity provider ${ref.provider}` : `Principal "${ref.text}"`;
    if (allowRs.length === 0 && c.denyRestrictions.length === 0) {
      return [
        {
          ...base,
          principal: ref.kind === 'federated' ? federatedPrincipal(ref.provider) : INTERNET,
          principalType: ref.kind === 'federated' ? 'federated' : 'public',
          reach: 'public',
          // AWS counts conditions on other keys as satisfiable by anyone: the grant holds for an attacker
          conditional: false,
          evidence: ev(
            `${where} allows ${S3_ACCESS_ACTIONS[c.kind].action} to ${who}` +
              (anyCondition ? '; its conditions use no key that makes a statement non-public' : ' without a limiting condition'),
          ),
        },
      ];
    }
    let holders: Omit<Grant, 'access' | 'prefix' | 'evidence'>[];
    let how: string;
    if (allowRs.length) {
      holders = restrictedPrincipals(allowRs, ctx);
      how = `limited by fixed ${allowRs.map((r) => r.text).join(' and ')}`;
    } else {
      // a request must pass every Deny's exception: the principals come from the most specific one, whatever the
      // statement order, and any further Deny leaves the grant holding only under its condition
      const denies = c.denyRestrictions.map((d) => d.restrictions).sort(compareDenySpecificity);
      const rs = denies[0];
      holders = keysOf(rs).size > 1 ? [{ principal: INTERNET, principalType: 'public' as const, reach: 'internal' as const, conditional: true }] : restrictedPrincipals(rs, ctx);
      if (denies.length > 1) holders = holders.map((h) => ({ ...h, conditional: true }));
      how = denies.map((d) => `limited by a Deny unless ${d.map((r) => r.text).join(' or ')}`).join(' and ');
    }
    return holders.map((h) => ({
      ...base,
      ...h,
      conditional: h.conditional || anyCondition,
      evidence: ev(`${where} allows ${S3_ACCESS_ACTIONS[c.kind].action} to ${who}, ${how}: not public`),
    }));
  }

  let principal: string;
  let principalType: Grant['principalType'];
  let reach: Reach;
  let note = '';
  switch (ref.kind) {
    case 'account':
      principal = awsAccountPrincipal(ref.account);
      principalType = 'account';
      reach = accountReach(ref.account, ctx);
      break;
    case 'role':
    case 'user':
      principal = ctx.roleIds.has(ref.arn) ? ref.arn : awsAccountPrincipal(ref.account);
      principalType = ref.kind;
      reach = accountReach(ref.account, ctx);
      break;
    case 'service': {
      principal = servicePrincipal(ref.service);
      principalType = 'service';
      const s = serviceReach(c.st, ctx);
      reach = s.reach;
      note = `; ${s.note}`;
      break;
    }
    case 'federated':
      principal = federatedPrincipal(ref.provider);
      principalType = 'federated';
      reach = ref.account ? accountReach(ref.account, ctx) : 'external';
      break;
    case 'canonical':
      principal = awsCanonicalUserPrincipal(ref.id);
      principalType = 'user';
      reach = ref.id === ctx.ownerCanonicalId ? 'internal' : 'external';
      break;
  }
  let conditional = anyCondition;
  for (const d of c.denyRestrictions) {
    const accounts = d.restrictions.every((r) => r.key === 'aws:principalaccount') ? d.restrictions.flatMap((r) => r.values) : undefined;
    const grantAccount = 'account' in ref ? ref.account : undefined;
    if (accounts && grantAccount && !accounts.includes(grantAccount)) {
      return [{ ...base, principal, principalType, reach, conditional, evidence: ev(`${where} allows ${S3_ACCESS_ACTIONS[c.kind].action} to ${ref.text}${note}`), deniedBy: d.evidence }];
    }
    conditional = true;
  }
  return [{ ...base, principal, principalType, reach, conditional, evidence: ev(`${where} allows ${S3_ACCESS_ACTIONS[c.kind].action} to ${ref.text}${note}`) }];
}

/** Evaluates a bucket policy into grants, following the guide's meaning of "public" and IAM's Deny-overrides rule. */
export function evaluateBucketPolicy(policy: PolicyDocument, ctx: S3PolicyContext): PolicyResult {
  const statements = statementsOf(policy);
  const candidates: Candidate[] = [];
  statements.forEach((st, index) => {
    if (st.Effect !== 'Allow') return;
    const notPrincipal = st.NotPrincipal !== undefined;
    const refs: AwsPrincipalRef[] = notPrincipal ? [{ kind: 'public', text: 'NotPrincipal' }] : principalRefs(st.Principal);
    for (const kind of ACCESS_KINDS) {
      const { action, level } = S3_ACCESS_ACTIONS[kind];
      if (!statementCoversAction(st, action)) continue;
      for (const scope of allowScopes(st, ctx.bucketArn, level)) {
        for (const ref of refs) candidates.push({ ref, kind, scope, st, index, notPrincipal, denyRestrictions: [] });
      }
    }
  });
  statements.forEach((deny, j) => {
    if (deny.Effect !== 'Deny') return;
    for (const c of candidates) {
      if (c.deniedBy) continue;
      const { action, level } = S3_ACCESS_ACTIONS[c.kind];
      if (!statementCoversAction(deny, action) || !denyCoversScope(deny, ctx.bucketArn, level, c.scope)) continue;
      if (!denyPrincipalCovers(deny, c.ref)) continue;
      const dc = cond(deny);
      if (!hasCondition(dc)) {
        c.deniedBy = statementEvidence(deny, j, `${label(deny, j)} denies ${action} without condition`);
        continue;
      }
      const restrictions = denyUnlessRestrictions(dc);
      if (restrictions) {
        c.denyRestrictions.push({ restrictions, evidence: statementEvidence(deny, j, `${label(deny, j)} denies ${action} unless ${restrictions.map((r) => r.text).join(' or ')}`) });
      }
    }
  });
  const grants: Grant[] = [];
  for (const c of candidates) {
    for (const g of resolve(c, ctx)) grants.push(c.deniedBy ? { ...g, deniedBy: c.deniedBy } : g);
  }
  const isPublic = grants.some((g) => !g.deniedBy && (g.reach === 'public' || g.reach === 'authenticated')) || hasPublicStatement(statements, ctx.bucketArn);
  return { grants, isPublic };
}

