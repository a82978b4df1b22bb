import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import { statementsOf, type AwsIamRole, type Gap, type PolicyDocument } from '../../model/index.js';
import { call } from './api-calls.js';
import type { AwsCollector } from './collector.js';
import type { ServiceContext } from './context.js';
import { mapTags } from './s3-mapping.js';
import { parsePolicyDocument } from './s3-mapping.js';

/** Service principals whose roles matter even when no collected resource names them. */
export const ML_SERVICE_PRINCIPALS = ['sagemaker.amazonaws.com', 'bedrock.amazonaws.com'];

export function trustNamesMlService(doc: PolicyDocument): boolean {
  return statementsOf(doc).some((s) => {
    const p = s.Principal;
    if (!p || p === '*') return false;
    const services = p.Service === undefined ? [] : Array.isArray(p.Service) ? p.Service : [p.Service];
    return services.some((svc) => ML_SERVICE_PRINCIPALS.includes(svc));
  });
}

export const roleNameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
export const accountOfArn = (arn: string) => arn.split(':')[4] ?? '';

export const iamCollector: AwsCollector = {
  service: 'iam',
  scope: 'global',
  phase: 'identities',
  calls: [
    call('iam', 'ListRoles', 'iam:ListRoles'),
    call('iam', 'GetRole', 'iam:GetRole'),
    call('iam', 'ListRolePolicies', 'iam:ListRolePolicies'),
    call('iam', 'GetRolePolicy', 'iam:GetRolePolicy'),
    call('iam', 'ListAttachedRolePolicies', 'iam:ListAttachedRolePolicies'),
    call('iam', 'GetPolicy', 'iam:GetPolicy'),
    call('iam', 'GetPolicyVersion', 'iam:GetPolicyVersion'),
  ],
  async collect(ctx) {
    const client = ctx.clients.get('iam', ctx.region, 'global');
    ctx.progress.start(ctx.task);
    const listed = await ctx.list(
      'ListRoles',
      (t) => client.send(new ListRolesCommand({ MaxItems: ctx.pageSize(1000), Marker: t })),
      (p) => p.Roles,
      (p) => (p.IsTruncated ? p.Marker : undefined),
    );
    const policyCache = new Map<string, Promise<{ doc: PolicyDocument | null; gap?: string }>>();
    let done = 0;
    let total = 0;
    const collectAll = (wanted: Map<string, Role | undefined>) => {
      total += wanted.size;
      ctx.progress.start(ctx.task, total);
      return Promise.all(
        [...wanted].map(async ([arn, role]) => {
          const resource = await collectRole(ctx, client, arn, role, policyCache);
          if (resource) ctx.addResource(resource);
          ctx.progress.advance(ctx.task, ++done, total);
        }),
      );
    };
    // roles an ML service can assume are read right away, while the other services are still being collected
    const early = new Map<string, Role | undefined>();
    for (const role of listed) {
      if (!role.Arn) continue;
      const trust = role.AssumeRolePolicyDocument ? parsePolicyDocument(role.AssumeRolePolicyDocument, true) : undefined;
      if (trust?.ok && trustNamesMlService(trust.value)) early.set(role.Arn, role);
    }
    const earlyDone = collectAll(early);
    // then the other roles the collected resources use
    await ctx.sink.resourcesCollected;
    const wanted = new Map<string, Role | undefined>();
    for (const role of listed) if (role.Arn && !early.has(role.Arn) && ctx.sink.referencedRoles.has(role.Arn)) wanted.set(role.Arn, role);
    // roles used by resources but missing from the listing (listing denied or failed): read them one by one
    for (const arn of ctx.sink.referencedRoles) if (!early.has(arn) && !wanted.has(arn) && accountOfArn(arn) === ctx.account && !listedArn(listed, arn)) wanted.set(arn, undefined);
    await Promise.all([earlyDone, collectAll(wanted)]);
    ctx.progress.finish(ctx.task);
  },
};

const listedArn = (listed: Role[], arn: string) => listed.some((r) => r.Arn === arn);

async function collectRole(
  ctx: ServiceContext,
  client: IAMClient,
  referencedArn: string,
  listed: Role | undefined,
  policyCache: Map<string, Promise<{ doc: PolicyDocument | null; gap?: string }>>,
): Promise<AwsIamRole | undefined> {
  let arn = referencedArn;
  const RoleName = listed?.RoleName ?? roleNameOf(arn);
  const gaps: Gap[] = [];
  const got = await ctx.request('GetRole', () => client.send(new GetRoleCommand({ RoleName })), {
    resourceId: arn,
    fields: listed ? ['tags', 'permissionsBoundaryArn'] : ['trustPolicy', 'tags', 'permissionsBoundaryArn'],
    gaps,
    absent: listed ? [] : ['NoSuchEntity'],
  });
  const role = got.ok ? got.value.Role : listed;
  if (!role) return undefined; // a referenced role that no longer exists: nothing to model
  arn = role.Arn ?? arn;

  let trustPolicy: PolicyDocument = { Version: '2012-10-17', Statement: [] };
  if (role.AssumeRolePolicyDocument) {
    const parsed = parsePolicyDocument(role.AssumeRolePolicyDocument, true);
    if (parsed.ok) trustPolicy = parsed.value;
    else gaps.push({ path: 'trustPolicy', reason: parsed.reason });
  } else if (!gaps.some((g) => g.path === 'trustPolicy')) {
    gaps.push({ path: 'trustPolicy', reason: 'IAM returned no trust policy' });
  }

  const [inlinePolicies, attachedPolicies] = await Promise.all([inline(ctx, client, arn, RoleName, gaps), attached(ctx, client, arn, RoleName, gaps, policyCache)]);
  return {
    id: arn,
    kind: 'aws.iam.role',
    category: 'identity.role',
    provider: 'aws',
    account: accountOfArn(arn) || ctx.account,
    region: 'global',
    name: RoleName,
    tags: mapTags(role.Tags),
    gaps,
    arn,
    ...(role.Path ? { path: role.Path } : {}),
    trustPolicy,
    inlinePolicies,
    attachedPolicies,
    ...(role.PermissionsBoundary?.PermissionsBoundaryArn ? { permissionsBoundaryArn: role.PermissionsBoundary.PermissionsBoundaryArn } : {}),
  };
}

async function inline(ctx: ServiceContext, client: IAMClient, arn: string, RoleName: string, gaps: Gap[]): Promise<AwsIamRole['inlinePolicies']> {
  const names = await ctx.list(
    'ListRolePolicies',
    (t) => client.send(new ListRolePoliciesCommand({ RoleName, Marker: t })),
    (p) => p.PolicyNames,
    (p) => (p.IsTruncated ? p.Marker : undefined),
    { resourceId: arn, fields: ['inlinePolicies'], gaps },
  );
  const out: AwsIamRole['inlinePolicies'] = [];
  await Promise.all(
    names.map(async (PolicyName) => {
      const got = await ctx.request('GetRolePolicy', () => client.send(new GetRolePolicyCommand({ RoleName, PolicyName })), { resourceId: arn, fields: ['inlinePolicies'], gaps });
      if (!got.ok || !got.value.PolicyDocument) return;
      const parsed = parsePolicyDocument(got.value.PolicyDocument, true);
      if (parsed.ok) out.push({ name: PolicyName, document: parsed.value });
      else gaps.push({ path: 'inlinePolicies', reason: `${PolicyName}: ${parsed.reason}` });
    }),
  );
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function attached(
  ctx: ServiceContext,
  client: IAMClient,
  arn: string,
  RoleName: string,
  gaps: Gap[],
  cache: Map<string, Promise<{ doc: PolicyDocument | null; gap?: string }>>,
): Promise<AwsIamRole['attachedPolicies']> {
  const policies = await ctx.list(
    'ListAttachedRolePolicies',
    (t) => client.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker: t })),
    (p) => p.AttachedPolicies,
    (p) => (p.IsTruncated ? p.Marker : undefined),
    { resourceId: arn, fields: ['attachedPolicies'], gaps },
  );
  return Promise.all(
    policies.map(async (p, i) => {
      const policyArn = p.PolicyArn!;
      let pending = cache.get(policyArn);
      if (!pending) cache.set(policyArn, (pending = defaultVersion(ctx, client, policyArn)));
      const { doc, gap } = await pending;
      if (gap) gaps.push({ path: `attachedPolicies[${i}].document`, reason: gap });
      return { arn: policyArn, name: p.PolicyName ?? roleNameOf(policyArn), document: doc };
    }),
  );
}

/** The default version's document of a managed policy, fetched once per policy per scan. */
async function defaultVersion(ctx: ServiceContext, client: IAMClient, PolicyArn: string): Promise<{ doc: PolicyDocument | null; gap?: string }> {
  const policy = await ctx.request('GetPolicy', () => client.send(new GetPolicyCommand({ PolicyArn })), { resourceId: PolicyArn, fields: ['document'] });
  if (!policy.ok) return { doc: null, gap: `${policy.absent ? 'NoSuchEntity' : policy.error.code}: iam:GetPolicy` };
  const VersionId = policy.value.Policy?.DefaultVersionId;
  if (!VersionId) return { doc: null, gap: 'IAM returned no default version: iam:GetPolicy' };
  const version = await ctx.request('GetPolicyVersion', () => client.send(new GetPolicyVersionCommand({ PolicyArn, VersionId })), { resourceId: PolicyArn, fields: ['document'] });
  if (!version.ok) return { doc: null, gap: `${version.absent ? 'NoSuchEntity' : version.error.code}: iam:GetPolicyVersion` };
  const text = version.value.PolicyVersion?.Document;
  if (!text) return { doc: null, gap: 'IAM returned an empty policy version: iam:GetPolicyVersion' };
  const parsed = parsePolicyDocument(text, true);
  return parsed.ok ? { doc: parsed.value } : { doc: null, gap: parsed.reason };
}
