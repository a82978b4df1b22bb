import type { PolicyStatement } from '../model/index.js';
import { hasWildcard } from './glob.js';
import { accountOfArn } from './s3/conditions.js';

/** A principal named in an AWS policy's Principal or NotPrincipal element. */
export type AwsPrincipalRef =
  | { kind: 'public'; text: string }
  | { kind: 'account'; account: string; text: string }
  | { kind: 'role' | 'user'; account: string; arn: string; text: string }
  | { kind: 'service'; service: string; text: string }
  | { kind: 'federated'; provider: string; account?: string; text: string }
  | { kind: 'canonical'; id: string; text: string };

/** Web identity providers anyone can sign in to: a Federated principal naming one is public (the guide's own example). */
const PUBLIC_IDENTITY_PROVIDERS = new Set(['graph.facebook.com', 'accounts.google.com', 'www.amazon.com', 'cognito-identity.amazonaws.com']);

export function isPublicIdentityProvider(provider: string): boolean {
  return PUBLIC_IDENTITY_PROVIDERS.has(provider.toLowerCase()) || hasWildcard(provider);
}

function awsRef(value: string): AwsPrincipalRef {
  if (value === '*' || hasWildcard(value)) return { kind: 'public', text: value };
  if (/^\d{12}$/.test(value)) return { kind: 'account', account: value, text: value };
  const account = accountOfArn(value);
  if (account) {
    const resource = value.split(':').slice(5).join(':');
    if (resource === 'root') return { kind: 'account', account, text: value };
    if (resource.startsWith('role/') || resource.startsWith('assumed-role/')) return { kind: 'role', account, arn: value, text: value };
    if (resource.startsWith('user/')) return { kind: 'user', account, arn: value, text: value };
    return { kind: 'account', account, text: value };
  }
  // an unresolvable value (e.g. a deleted principal's unique id): a fixed principal of unknown account
  return { kind: 'canonical', id: value, text: value };
}

const asArray = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

export function principalRefs(element: PolicyStatement['Principal']): AwsPrincipalRef[] {
  if (element === undefined) return [];
  if (element === '*') return [{ kind: 'public', text: '*' }];
  const out: AwsPrincipalRef[] = [];
  for (const [type, raw] of Object.entries(element)) {
    for (const value of asArray(raw)) {
      switch (type) {
        case 'AWS':
          out.push(awsRef(value));
          break;
        case 'Service':
          out.push(hasWildcard(value) ? { kind: 'public', text: value } : { kind: 'service', service: value, text: value });
          break;
        case 'Federated':
          out.push({ kind: 'federated', provider: value, account: accountOfArn(value), text: value });
          break;
        case 'CanonicalUser':
          out.push({ kind: 'canonical', id: value, text: value });
          break;
        default:
          out.push({ kind: 'canonical', id: `${type}:${value}`, text: `${type}:${value}` });
      }
    }
  }
  return out;
}

/** Whether a principal of a Principal/NotPrincipal element names (covers) the given principal. */
export function refCovers(ref: AwsPrincipalRef, target: AwsPrincipalRef): boolean {
  if (ref.kind === 'public') return true;
  switch (target.kind) {
    case 'public':
      return false;
    case 'account':
      return ref.kind === 'account' && ref.account === target.account;
    case 'role':
    case 'user':
      return (ref.kind === 'account' && ref.account === target.account) || ((ref.kind === 'role' || ref.kind === 'user') && ref.arn === target.arn);
    case 'service':
      return ref.kind === 'service' && ref.service.toLowerCase() === target.service.toLowerCase();
    case 'federated':
      return ref.kind === 'federated' && ref.provider === target.provider;
    case 'canonical':
      return ref.kind === 'canonical' && ref.id === target.id;
  }
}
