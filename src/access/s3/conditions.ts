import { isVariable } from '../glob.js';

/**
 * Condition keys that make a bucket policy statement non-public when they carry fixed values, as listed in
 * "The meaning of 'public'" (Amazon S3 User Guide, Blocking public access). aws:PrincipalOrgID, aws:PrincipalAccount
 * and aws:PrincipalArn name "an AWS principal" (the guide's own example is aws:PrincipalOrgID).
 */
export const PRINCIPAL_KEYS = ['aws:principalorgid', 'aws:principalaccount', 'aws:principalarn'] as const;
export const SOURCE_ACCOUNT_KEYS = ['aws:sourceaccount', 'aws:sourceowner', 's3:dataaccesspointaccount'] as const;
export const OTHER_FIXED_KEYS = [
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:userid',
  's3:dataaccesspointarn',
] as const;
const LISTED = new Set<string>([...PRINCIPAL_KEYS, ...SOURCE_ACCOUNT_KEYS, ...OTHER_FIXED_KEYS]);

const POSITIVE_OPS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);
const NEGATED_OPS = new Set(['stringnotequals', 'stringnotequalsignorecase', 'stringnotlike', 'arnnotequals', 'arnnotlike', 'notipaddress']);

/** One condition entry restricted to fixed values of a listed key. */
export interface FixedRestriction {
  key: string; // lower-case
  values: string[];
  text: string; // as written, for evidence
}

export interface ParsedOperator {
  op: string; // lower-case, without set qualifier or IfExists
  ifExists: boolean;
  set?: 'foranyvalue' | 'forallvalues';
}

export function parseOperator(raw: string): ParsedOperator {
  let s = raw.toLowerCase();
  let set: ParsedOperator['set'];
  const q = /^(foranyvalue|forallvalues):(.*)$/.exec(s);
  if (q) {
    set = q[1] as ParsedOperator['set'];
    s = q[2];
  }
  const ifExists = s.endsWith('ifexists');
  if (ifExists) s = s.slice(0, -'ifexists'.length);
  return { op: s, ifExists, set };
}

export type ConditionBlock = Record<string, Record<string, unknown>>;

export function conditionText(cond: ConditionBlock | undefined): string | undefined {
  return cond && Object.keys(cond).length > 0 ? JSON.stringify(cond) : undefined;
}

function valuesOf(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/** aws:SourceIp counts as bounded unless broader than /8 (IPv4) or /32 (IPv6), per the guide's note. */
export function isBoundedCidr(value: string): boolean {
  const [addr, lenText] = value.split('/');
  const isV6 = addr.includes(':');
  const max = isV6 ? 128 : 32;
  const len = lenText === undefined ? max : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > max) return false;
  if (!isV6 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) return false;
  return len >= (isV6 ? 32 : 8);
}

const ACCESS_POINT_ARN = /^arn:aws[\w-]*:s3:[^:*?]*:\d{12}:accesspoint\/.*$/;

function isFixedValue(key: string, value: string): boolean {
  if (key === 'aws:sourceip') return isBoundedCidr(value);
  // the guide allows a wildcard access point name as long as the account id is fixed
  if (key === 's3:dataaccesspointarn') return ACCESS_POINT_ARN.test(value) && !value.includes('${');
  return value.length > 0 && !isVariable(value);
}

function entryRestriction(opRaw: string, keyRaw: string, raw: unknown, wanted: Set<string>, ops: Set<string>): FixedRestriction | undefined {
  const op = parseOperator(opRaw);
  const key = keyRaw.toLowerCase();
  if (!LISTED.has(key) || !ops.has(op.op) || op.ifExists || op.set === 'forallvalues') return undefined;
  if (!wanted.has(key)) return undefined;
  const values = valuesOf(raw);
  if (values.length === 0 || !values.every((v) => isFixedValue(key, v))) return undefined;
  return { key, values, text: `${opRaw} ${keyRaw} ${JSON.stringify(raw)}` };
}

/**
 * Allow statement: entries (ANDed) that restrict the statement to fixed values of listed keys.
 * Any one of them is enough to make the statement non-public.
 */
export function allowRestrictions(cond: ConditionBlock | undefined): FixedRestriction[] {
  const out: FixedRestriction[] = [];
  for (const [op, entries] of Object.entries(cond ?? {})) {
    for (const [key, raw] of Object.entries(entries ?? {})) {
      const r = entryRestriction(op, key, raw, LISTED, POSITIVE_OPS);
      if (r) out.push(r);
    }
  }
  return out;
}

/**
 * Deny statement of the form "deny unless KEY is one of these fixed values" (e.g. StringNotEquals aws:SourceVpce).
 * The Deny applies when ALL its entries hold, so it restricts what remains only when EVERY entry is such a negated
 * listed-key entry; what remains allowed is the union of their fixed values. Returns undefined otherwise.
 */
export function denyUnlessRestrictions(cond: ConditionBlock | undefined): FixedRestriction[] | undefined {
  const out: FixedRestriction[] = [];
  let count = 0;
  for (const [op, entries] of Object.entries(cond ?? {})) {
    for (const [key, raw] of Object.entries(entries ?? {})) {
      count++;
      const r = entryRestriction(op, key, raw, LISTED, NEGATED_OPS);
      if (!r) return undefined;
      out.push(r);
    }
  }
  return count > 0 ? out : undefined;
}

export function hasCondition(cond: ConditionBlock | undefined): boolean {
  return Object.values(cond ?? {}).some((e) => Object.keys(e ?? {}).length > 0);
}

/** One condition entry limiting the source of a service principal's request to some accounts. */
export interface SourceLimit {
  accounts: string[];
  text: string; // as written, for evidence
}

/**
 * Entries (ANDed) that limit a service principal to source accounts, after the IAM guide's confused deputy page:
 * fixed `aws:SourceAccount` / `aws:SourceOwner` values, or `aws:SourceArn` values that name an account ("use
 * aws:SourceArn with wildcard characters for the unknown portions of the ARN", e.g. `arn:aws:sns:*:123456789012:*`).
 * A SourceArn without an account id (an S3 bucket ARN) limits nothing: "If the aws:SourceArn value does not contain
 * the account ID, such as an Amazon S3 bucket ARN, you must use both global condition context keys".
 */
export function sourceLimits(cond: ConditionBlock | undefined): SourceLimit[] {
  const out: SourceLimit[] = [];
  for (const [opRaw, entries] of Object.entries(cond ?? {})) {
    const op = parseOperator(opRaw);
    if (!POSITIVE_OPS.has(op.op) || op.ifExists || op.set === 'forallvalues') continue;
    for (const [keyRaw, raw] of Object.entries(entries ?? {})) {
      const key = keyRaw.toLowerCase();
      const values = valuesOf(raw);
      if (values.length === 0) continue;
      const text = `${opRaw} ${keyRaw} ${JSON.stringify(raw)}`;
      if (key === 'aws:sourceaccount' || key === 'aws:sourceowner') {
        if (values.every((v) => /^\d{12}$/.test(v))) out.push({ accounts: values, text });
      } else if (key === 'aws:sourcearn') {
        const accounts = values.map((v) => (v.includes('${') ? undefined : accountOfArn(v)));
        if (accounts.every((a) => a !== undefined)) out.push({ accounts: accounts as string[], text });
      }
    }
  }
  return out;
}

/** Account id named by an ARN (empty for S3 bucket ARNs, which carry none). */
export function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 5 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}
