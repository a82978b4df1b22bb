// IAM (Query protocol): roles with trust, inline and attached policies; managed policies. Documents are URL-encoded
// JSON as the real API returns them; lists page with Marker/IsTruncated (MaxItems 1-1000, default 100).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AwsError } from '../errors.js';
import { decodeToken, page, pageSize } from '../pagination.js';
import { queryErrorReply } from '../protocols.js';
import type { AwsScenario, IamPolicy, IamRole } from '../scenario.js';
import type { AwsRequest, Reply, RoutedOperation, ServiceFake } from '../server.js';
import { el, esc, wrap } from '../xml.js';
import { queryParams } from './query.js';

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const DEFAULT_TIME = '2025-01-01T00:00:00.000Z';
const LIMITS = { default: 100, max: 1000 };

type Role = z.output<typeof IamRole>;
type Policy = z.output<typeof IamPolicy>;

/** IAM unique ids: a 4-letter type prefix and 17 base32-ish characters, derived from the name so they are stable. */
function uniqueId(prefix: string, name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(name).digest();
  let out = prefix;
  for (let i = 0; i < 17; i++) out += alphabet[digest[i] % 32];
  return out;
}

const encodeDoc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

const members = (items: string[]) => items.map((i) => wrap('member', i)).join('');

export function createIamFake(scenario: AwsScenario): ServiceFake {
  const account = scenario.accountId;
  const roleArn = (r: Role) => r.Arn ?? `arn:aws:iam::${account}:role${r.Path}${r.RoleName}`;
  const roles = [...scenario.iam.Roles].sort((a, b) => a.RoleName.localeCompare(b.RoleName));
  const roleByName = new Map(roles.map((r) => [r.RoleName, r]));
  const policyByArn = new Map(scenario.iam.Policies.map((p) => [p.Arn, p]));
  const attachmentCount = new Map<string, number>();
  for (const r of roles) for (const a of r.AttachedPolicies) attachmentCount.set(a, (attachmentCount.get(a) ?? 0) + 1);

  const validation = (msg: string) => new AwsError('ValidationError', msg, 400);
  const reply = (action: string, result: string, req: AwsRequest): Reply => ({
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata>${el('RequestId', req.requestId)}</ResponseMetadata></${action}Response>`,
  });
  const role = (name: string | null) => {
    const r = roleByName.get(name ?? '');
    if (!r) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return r;
  };
  const policy = (arn: string | null) => {
    const p = policyByArn.get(arn ?? '');
    if (!p) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
    return p;
  };
  function paged<T>(params: URLSearchParams, items: T[], salt: string): { items: T[]; tail: string } {
    const size = pageSize(params.get('MaxItems'), LIMITS, validation, 'maxItems');
    const offset = decodeToken(params.get('Marker'), salt, () => validation('Invalid Marker'));
    const p = page(items, offset, size, salt);
    return { items: p.items, tail: el('IsTruncated', p.next ? 'true' : 'false') + el('Marker', p.next) };
  }
  function roleXml(r: Role, full: boolean): string {
    const extra = r as Record<string, any>;
    let x =
      el('Path', r.Path) +
      el('RoleName', r.RoleName) +
      el('RoleId', r.RoleId ?? uniqueId('AROA', `${account}/${r.RoleName}`)) +
      el('Arn', roleArn(r)) +
      el('CreateDate', r.CreateDate ?? DEFAULT_TIME) +
      el('AssumeRolePolicyDocument', encodeDoc(r.AssumeRolePolicyDocument)) +
      el('Description', extra.Description) +
      el('MaxSessionDuration', extra.MaxSessionDuration ?? 3600);
    if (full) {
      const boundary = extra.PermissionsBoundary as { PermissionsBoundaryArn?: string } | undefined;
      if (boundary?.PermissionsBoundaryArn) x += wrap('PermissionsBoundary', el('PermissionsBoundaryType', 'Policy') + el('PermissionsBoundaryArn', boundary.PermissionsBoundaryArn));
      const tags = (extra.Tags ?? []) as { Key: string; Value: string }[];
      if (tags.length) x += wrap('Tags', members(tags.map((t) => el('Key', t.Key) + el('Value', t.Value))));
      const used = extra.RoleLastUsed as { LastUsedDate?: string; Region?: string } | undefined;
      x += wrap('RoleLastUsed', used ? el('LastUsedDate', used.LastUsedDate) + el('Region', used.Region) : '');
    }
    return x;
  }
  function policyXml(p: Policy): string {
    const extra = p as Record<string, any>;
    const path = /^arn:aws[\w-]*:iam::[^:]*:policy(\/.*\/)?[^/]+$/.exec(p.Arn)?.[1] ?? '/';
    return (
      el('PolicyName', p.PolicyName) +
      el('PolicyId', extra.PolicyId ?? uniqueId('ANPA', p.Arn)) +
      el('Arn', p.Arn) +
      el('Path', extra.Path ?? path) +
      el('DefaultVersionId', p.DefaultVersionId) +
      el('AttachmentCount', attachmentCount.get(p.Arn) ?? 0) +
      el('PermissionsBoundaryUsageCount', 0) +
      el('IsAttachable', 'true') +
      el('Description', extra.Description) +
      el('CreateDate', extra.CreateDate ?? DEFAULT_TIME) +
      el('UpdateDate', extra.UpdateDate ?? extra.CreateDate ?? DEFAULT_TIME)
    );
  }

  const actions: Record<string, (params: URLSearchParams, req: AwsRequest) => { resources: string[]; handle: () => Reply }> = {
    ListRoles: (params, req) => ({
      resources: [],
      handle: () => {
        const prefix = params.get('PathPrefix') ?? '/';
        const { items, tail } = paged(params, roles.filter((r) => r.Path.startsWith(prefix)), `ListRoles:${prefix}`);
        return reply('ListRoles', wrap('Roles', members(items.map((r) => roleXml(r, false)))) + tail, req);
      },
    }),
    GetRole: (params, req) => ({ resources: [params.get('RoleName') ?? ''], handle: () => reply('GetRole', wrap('Role', roleXml(role(params.get('RoleName')), true)), req) }),
    ListRolePolicies: (params, req) => ({
      resources: [params.get('RoleName') ?? ''],
      handle: () => {
        const r = role(params.get('RoleName'));
        const { items, tail } = paged(params, r.RolePolicies.map((p) => p.PolicyName).sort(), `ListRolePolicies:${r.RoleName}`);
        return reply('ListRolePolicies', wrap('PolicyNames', members(items.map(esc))) + tail, req);
      },
    }),
    GetRolePolicy: (params, req) => ({
      resources: [params.get('RoleName') ?? '', params.get('PolicyName') ?? ''],
      handle: () => {
        const r = role(params.get('RoleName'));
        const name = params.get('PolicyName');
        const p = r.RolePolicies.find((x) => x.PolicyName === name);
        if (!p) throw new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
        return reply('GetRolePolicy', el('RoleName', r.RoleName) + el('PolicyName', p.PolicyName) + el('PolicyDocument', encodeDoc(p.PolicyDocument)), req);
      },
    }),
    ListAttachedRolePolicies: (params, req) => ({
      resources: [params.get('RoleName') ?? ''],
      handle: () => {
        const r = role(params.get('RoleName'));
        const prefix = params.get('PathPrefix') ?? '/';
        const attached = r.AttachedPolicies.map((arn) => ({ arn, name: policyByArn.get(arn)?.PolicyName ?? arn.split('/').pop() ?? arn })).filter((a) => (policyByArn.get(a.arn) as Record<string, any> | undefined)?.Path?.startsWith?.(prefix) ?? prefix === '/');
        const { items, tail } = paged(params, attached, `ListAttachedRolePolicies:${r.RoleName}`);
        return reply('ListAttachedRolePolicies', wrap('AttachedPolicies', members(items.map((a) => el('PolicyName', a.name) + el('PolicyArn', a.arn)))) + tail, req);
      },
    }),
    GetPolicy: (params, req) => ({ resources: [params.get('PolicyArn') ?? ''], handle: () => reply('GetPolicy', wrap('Policy', policyXml(policy(params.get('PolicyArn')))), req) }),
    GetPolicyVersion: (params, req) => ({
      resources: [params.get('PolicyArn') ?? ''],
      handle: () => {
        const p = policy(params.get('PolicyArn'));
        const version = params.get('VersionId');
        if (version !== p.DefaultVersionId) throw new AwsError('NoSuchEntity', `Policy ${p.Arn} version ${version} does not exist or is not attachable.`, 404);
        const extra = p as Record<string, any>;
        return reply('GetPolicyVersion', wrap('PolicyVersion', el('Document', encodeDoc(p.Document)) + el('VersionId', p.DefaultVersionId) + el('IsDefaultVersion', 'true') + el('CreateDate', extra.UpdateDate ?? extra.CreateDate ?? DEFAULT_TIME)), req);
      },
    }),
  };

  return {
    service: 'iam',
    route(req: AwsRequest): RoutedOperation {
      const params = queryParams(req);
      const action = params.get('Action') ?? '';
      const a = actions[action];
      if (!a) throw new AwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version 2010-05-08 (mock IAM is read-only)`, 400);
      return { operation: action, ...a(params, req) };
    },
    errorReply: queryErrorReply(XMLNS),
  };
}
