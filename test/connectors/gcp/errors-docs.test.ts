// How the GCP connector turns documented Cloud Storage and Organization Policy responses and errors into the model,
// through the Google fakes and the real client libraries. Each case names the reference page and the sentence it comes
// from. Documented absent values are values; 403, exhausted 429 and 5xx are gaps (unknown), never a default.
import { describe, expect, it } from 'vitest';
import { analyzeAccess } from '../../../src/access/index.js';
import { noTrust, Resource, type GcpStorageBucket, type Inventory } from '../../../src/model/index.js';
import { loadRuleSet } from '../../../src/rules/load.js';
import { evaluateRuleOn, type RuleStatus } from '../../../src/rules/evaluate.js';
import { scanThrough, withGcpMock } from './helpers.js';

const rules = new Map(loadRuleSet().rules.map((r) => [r.id, r]));
const verdict = (id: string, resource: unknown): RuleStatus => evaluateRuleOn(rules.get(id)!, Resource.parse(resource)).status;

const PROJECT = 'docs-proj';
const publicRead = { role: 'roles/storage.objectViewer', members: ['allUsers'] };

/** One project with the given buckets (Cloud Storage JSON API bucket resources plus iamPolicy/objects). */
function estate(buckets: object[], extra: { faults?: object[]; orgPolicies?: object } = {}) {
  return {
    gcp: {
      organizations: [{ name: 'organizations/77', displayName: 'docs.example', ...(extra.orgPolicies ? { orgPolicies: extra.orgPolicies } : {}) }],
      projects: [{ projectId: PROJECT, projectNumber: '700000000001', parent: 'organizations/77', storage: { buckets } }],
    },
    ...(extra.faults ? { faults: extra.faults } : {}),
  };
}
const gcsBucket = (name: string, iamConfiguration: object, bindings: object[] = [publicRead], extra: object = {}) => ({ name, location: 'US', iamConfiguration, iamPolicy: { version: 1, bindings }, ...extra });

async function scan(scenario: object) {
  return withGcpMock(scenario, async (mock) => ({ inv: await scanThrough(mock, { projects: [PROJECT], services: ['storage'] }), stats: mock.stats.snapshot() }));
}
const named = (inv: Inventory, name: string) => inv.resources.find((r) => r.kind === 'gcp.storage.bucket' && r.name === name) as GcpStorageBucket;

describe('public access prevention (cloud.google.com/storage/docs/public-access-prevention, JSON API buckets resource)', () => {
  it('"inherited" and the old "unspecified" both defer to the organization policy; "enforced" does not', async () => {
    const ubla = { uniformBucketLevelAccess: { enabled: true } };
    const { inv, stats } = await scan(
      estate([
        gcsBucket('pap-inherited', { ...ubla, publicAccessPrevention: 'inherited' }),
        gcsBucket('pap-unspecified', { ...ubla, publicAccessPrevention: 'unspecified' }),
        gcsBucket('pap-absent', ubla),
        gcsBucket('pap-enforced', { ...ubla, publicAccessPrevention: 'enforced' }),
      ]),
    );
    expect(stats.storage).toBeDefined();
    // buckets resource: iamConfiguration.publicAccessPrevention "inherited" (formerly "unspecified") or "enforced"
    expect(['pap-inherited', 'pap-unspecified', 'pap-absent', 'pap-enforced'].map((n) => named(inv, n).publicAccessPrevention)).toEqual(['inherited', 'unspecified', 'inherited', 'enforced']);
    for (const n of ['pap-inherited', 'pap-unspecified', 'pap-absent']) expect(named(inv, n)).toMatchObject({ orgEnforcesPublicAccessPrevention: false, gaps: [] });
    expect(named(inv, 'pap-enforced').orgEnforcesPublicAccessPrevention).toBeUndefined();
    // the access analysis and GCP-GCS-002 read "unspecified" exactly like "inherited"
    const analyzed = analyzeAccess(inv, noTrust());
    for (const n of ['pap-inherited', 'pap-unspecified', 'pap-absent']) {
      expect(named(analyzed, n).access).toMatchObject({ publicRead: true });
      expect(verdict('GCP-GCS-002', named(analyzed, n))).toBe('fail');
    }
    expect(named(analyzed, 'pap-enforced').access).toMatchObject({ publicRead: false });
    expect(verdict('GCP-GCS-002', named(analyzed, 'pap-enforced'))).toBe('pass');
  });

  it('org-policy-constraints: storage.publicAccessPrevention enforced at the organization applies to inheriting buckets', async () => {
    const ubla = { uniformBucketLevelAccess: { enabled: true } };
    const { inv } = await scan(estate([gcsBucket('org-inherited', { ...ubla, publicAccessPrevention: 'inherited' }), gcsBucket('org-unspecified', { ...ubla, publicAccessPrevention: 'unspecified' })], { orgPolicies: { 'storage.publicAccessPrevention': { rules: [{ enforce: true }] } } }));
    const analyzed = analyzeAccess(inv, noTrust());
    for (const n of ['org-inherited', 'org-unspecified']) {
      expect(named(inv, n).orgEnforcesPublicAccessPrevention).toBe(true);
      expect(named(analyzed, n).access).toMatchObject({ publicRead: false });
      expect(verdict('GCP-GCS-002', named(analyzed, n))).toBe('pass');
    }
  });

  it('a conditional (tag-based) organization policy rule, or a denied GetEffectivePolicy, is a gap, not "not enforced"', async () => {
    const b = gcsBucket('org-unknown', { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' });
    const conditional = await scan(estate([b], { orgPolicies: { 'storage.publicAccessPrevention': { rules: [{ enforce: true, condition: { expression: "resource.matchTag('77/env', 'prod')" } }, { enforce: false }] } } }));
    expect(named(conditional.inv, 'org-unknown').orgEnforcesPublicAccessPrevention).toBeUndefined();
    expect(named(conditional.inv, 'org-unknown').gaps.map((g) => g.path)).toEqual(['orgEnforcesPublicAccessPrevention']);
    expect(verdict('GCP-GCS-002', named(conditional.inv, 'org-unknown'))).toBe('unknown');
    for (const error of ['PERMISSION_DENIED', 'UNAVAILABLE']) {
      const denied = await scan(estate([b], { faults: [{ service: 'resourcemanager', method: 'GetEffectivePolicy', error }] }));
      expect(named(denied.inv, 'org-unknown').gaps.map((g) => g.path)).toEqual(['orgEnforcesPublicAccessPrevention']);
      expect(verdict('GCP-GCS-002', named(denied.inv, 'org-unknown'))).toBe('unknown');
    }
  });
});

describe('uniform bucket-level access (cloud.google.com/storage/docs/uniform-bucket-level-access)', () => {
  it('enabled: "ACLs ... no longer affect access"; the ACLs are neither read nor modelled', async () => {
    const { inv, stats } = await scan(estate([gcsBucket('ubla-on', { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' })]));
    expect(named(inv, 'ubla-on')).toMatchObject({ uniformBucketLevelAccess: true, acl: null, defaultObjectAcl: null, gaps: [] });
    expect(Object.keys(stats.storage.methods as object).sort()).toEqual(['buckets.getIamPolicy', 'buckets.list']);
  });

  it('absent or enabled:false: fine-grained access, the ACLs come with projection=full', async () => {
    const acl = [{ entity: 'allUsers', role: 'READER' }];
    const { inv } = await scan(
      estate([
        gcsBucket('ubla-off', { uniformBucketLevelAccess: { enabled: false }, publicAccessPrevention: 'enforced' }, [], { acl, defaultObjectAcl: [] }),
        gcsBucket('ubla-absent', { publicAccessPrevention: 'enforced' }, [], { acl, defaultObjectAcl: [] }),
      ]),
    );
    for (const n of ['ubla-off', 'ubla-absent']) expect(named(inv, n)).toMatchObject({ uniformBucketLevelAccess: false, acl: [{ entity: 'allUsers', role: 'READER' }], defaultObjectAcl: [], gaps: [] });
  });
});

describe('buckets.getIamPolicy (cloud.google.com/storage/docs/json_api/v1/buckets/getIamPolicy)', () => {
  it('optionsRequestedPolicyVersion=3: conditional bindings arrive with their condition and version 3', async () => {
    const conditional = { role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { title: 'pub', expression: 'resource.name.startsWith("projects/_/buckets/cond/objects/public/")' } };
    const { inv } = await scan(estate([{ ...gcsBucket('cond', { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' }), iamPolicy: { version: 3, bindings: [conditional] } }]));
    expect(named(inv, 'cond').iamPolicy).toEqual({ version: 3, bindings: [conditional] });
    expect(named(inv, 'cond').gaps).toEqual([]);
  });

  // 403 forbidden, 429 rateLimitExceeded still failing after the retries, 500 and 503: failures, never "no bindings"
  for (const error of [403, 429, 500, 503]) {
    it(`${error} on getIamPolicy: iamPolicy is a gap; access and the public-access rules are unknown`, async () => {
      const { inv } = await scan(estate([gcsBucket('iam-fails', { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' })], { faults: [{ service: 'storage', method: 'buckets.getIamPolicy', resource: 'iam-fails', error }] }));
      const b = named(inv, 'iam-fails');
      expect(b.gaps.map((g) => g.path)).toEqual(['iamPolicy']);
      expect(inv.coverage.failures.map((f) => `${f.operation} ${f.fields.join(',')}`)).toEqual(['buckets.getIamPolicy iamPolicy']);
      const analyzed = named(analyzeAccess(inv, noTrust()), 'iam-fails');
      expect(verdict('GCP-GCS-053', analyzed)).toBe('unknown');
      expect(verdict('GCP-GCS-051', analyzed)).toBe('unknown');
    });
  }

  it('a 429 that recovers within the retries is no gap', async () => {
    const { inv } = await scan(estate([gcsBucket('iam-once', { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' })], { faults: [{ service: 'storage', method: 'buckets.getIamPolicy', resource: 'iam-once', error: 429, times: 1 }] }));
    expect(named(inv, 'iam-once')).toMatchObject({ gaps: [], iamPolicy: { bindings: [publicRead] } });
  });
});

describe('other buckets resource fields: documented absences', () => {
  it('no versioning, retentionPolicy, softDeletePolicy, encryption or logging object: off / none', async () => {
    const { inv } = await scan(estate([gcsBucket('plain', { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' }, [])]));
    expect(named(inv, 'plain')).toMatchObject({ versioning: false, retentionPolicy: null, defaultKmsKeyName: null, logging: null, location: 'US', region: 'us' });
  });

  it('int64 fields arrive as strings (retentionPeriod, retentionDurationSeconds) and are read as numbers', async () => {
    const { inv } = await scan(
      estate([gcsBucket('kept', { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' }, [], { versioning: { enabled: true }, retentionPolicy: { retentionPeriod: '86400', isLocked: true }, softDeletePolicy: { retentionDurationSeconds: '604800' } })]),
    );
    expect(named(inv, 'kept')).toMatchObject({ versioning: true, retentionPolicy: { retentionPeriodSeconds: 86400, isLocked: true }, softDeleteRetentionSeconds: 604800 });
  });
});
