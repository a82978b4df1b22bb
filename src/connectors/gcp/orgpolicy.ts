import { permissionOf } from './api-calls.js';
import type { GcpCollectContext } from './context.js';
import { known, unknownBecause, type Read } from './map/read.js';

export const PUBLIC_ACCESS_PREVENTION_CONSTRAINT = 'storage.publicAccessPrevention';

type PolicyRule = { enforce?: boolean | null; condition?: { expression?: string | null } | null };

/**
 * Whether a boolean constraint is enforced, from an effective policy's rules: no rules means the constraint's default
 * (not enforced for storage.publicAccessPrevention). A rule with a condition (tags) may apply to some buckets only:
 * then the answer is unknown.
 */
export function booleanConstraintEnforced(rules: readonly PolicyRule[]): Read<boolean> {
  if (rules.some((r) => r.condition?.expression)) return unknownBecause('the organization policy has conditional rules (tags); aispm does not evaluate them');
  return known(rules.some((r) => r.enforce === true));
}

/** The effective storage.publicAccessPrevention policy of a project (Organization Policy API v2), or why it is unknown. */
export async function publicAccessPreventionPolicy(ctx: GcpCollectContext, projectId: string): Promise<Read<boolean>> {
  const tally = ctx.coverage.tally(projectId, 'global', 'orgpolicy');
  const client = await ctx.clients.orgPolicy();
  const name = `projects/${projectId}/policies/${PUBLIC_ACCESS_PREVENTION_CONSTRAINT}`;
  const out = await ctx.call(tally, () => client.getEffectivePolicy({ name }, { retry: null }) as Promise<[{ spec?: { rules?: PolicyRule[] | null } | null }, unknown, unknown]>);
  if (!out.ok) {
    return unknownBecause(ctx.fail(tally, { operation: 'GetEffectivePolicy', permission: permissionOf('OrgPolicyClient', 'getEffectivePolicy'), resourceId: name, fields: ['orgEnforcesPublicAccessPrevention'], error: out.error }));
  }
  return booleanConstraintEnforced(out.value[0].spec?.rules ?? []);
}
