import { describe, expect, test } from 'vitest';
import type { GcsBinding } from '../../src/model/index.js';
import { analyzeGcs, gapPaths, trueFlags } from './helpers.js';

const bind = (role: string, ...members: string[]): GcsBinding => ({ role, members });
const iam = (...bindings: GcsBinding[]) => ({ version: 3, bindings });

describe('Cloud Storage IAM bindings', () => {
  test.each([
    ['allUsers objectViewer: public read and list', [bind('roles/storage.objectViewer', 'allUsers')], ['publicRead', 'publicList']],
    ['allAuthenticatedUsers objectCreator: public and authenticated write', [bind('roles/storage.objectCreator', 'allAuthenticatedUsers')], ['publicWrite', 'authenticatedWrite']],
    ['allUsers legacyBucketReader: list only', [bind('roles/storage.legacyBucketReader', 'allUsers')], ['publicList']],
    ['allUsers legacyObjectReader: read only', [bind('roles/storage.legacyObjectReader', 'allUsers')], ['publicRead']],
    ['allUsers legacyBucketWriter: write and list', [bind('roles/storage.legacyBucketWriter', 'allUsers')], ['publicWrite', 'publicList']],
    ['allUsers legacyBucketOwner: setIamPolicy lets it grant itself anything', [bind('roles/storage.legacyBucketOwner', 'allUsers')], ['publicRead', 'publicWrite', 'publicList']],
    ['allUsers objectUser', [bind('roles/storage.objectUser', 'allUsers')], ['publicRead', 'publicWrite', 'publicList']],
    ['allUsers insightsCollectorService: object inventory counts as list', [bind('roles/storage.insightsCollectorService', 'allUsers')], ['publicList']],
    ['service account of another project with objectAdmin: cross-project', [bind('roles/storage.objectAdmin', 'serviceAccount:etl@other-project.iam.gserviceaccount.com')], ['crossAccountRead', 'crossAccountWrite']],
    ['service account of the same project: internal', [bind('roles/storage.objectAdmin', 'serviceAccount:etl@ml-project.iam.gserviceaccount.com')], []],
    ['default compute service account of the same project number: internal', [bind('roles/storage.admin', 'serviceAccount:123456789-compute@developer.gserviceaccount.com')], []],
    ['service agent of another project number: cross-project', [bind('roles/storage.objectCreator', 'serviceAccount:service-987@gcp-sa-aiplatform.iam.gserviceaccount.com')], ['crossAccountWrite']],
    ['projectEditor of the same project: internal', [bind('roles/storage.legacyBucketOwner', 'projectEditor:ml-project')], []],
    ['projectViewer of another project: cross-project', [bind('roles/storage.legacyObjectReader', 'projectViewer:other-project')], ['crossAccountRead']],
    ['user of an undeclared domain: external', [bind('roles/storage.objectCreator', 'user:alice@example.com')], ['crossAccountWrite']],
    ['domain member: external unless trusted', [bind('roles/storage.objectViewer', 'domain:example.com')], ['crossAccountRead']],
    ['workload identity pool of another project: external', [bind('roles/storage.objectCreator', 'principalSet://iam.googleapis.com/projects/555/locations/global/workloadIdentityPools/gh/*')], ['crossAccountWrite']],
    ['workload identity pool of this project: internal', [bind('roles/storage.objectCreator', 'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/gh/*')], []],
    ['deleted member: no access', [bind('roles/storage.admin', 'deleted:user:bob@example.com?uid=123')], []],
    ['roles/editor grants read and write', [bind('roles/editor', 'projectEditor:other-project')], ['crossAccountRead', 'crossAccountWrite']],
  ] as const)('%s', (_name, bindings, flags) => {
    const a = analyzeGcs({ iamPolicy: iam(...bindings) });
    expect(trueFlags(a.access)).toEqual(flags);
    expect(a.gaps).toEqual([]);
  });

  test('trusted domains and projects are listed but not external', () => {
    const a = analyzeGcs(
      { iamPolicy: iam(bind('roles/storage.objectCreator', 'user:alice@example.com', 'projectEditor:shared-project')) },
      { trustedAccounts: [], trustedOrganizations: [], trustedProjects: ['shared-project'], trustedDomains: ['example.com'] },
    );
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.writers.map((w) => [w.principal, w.external])).toEqual([
      ['principal:gcp-member:user:alice@example.com', false],
      ['principal:gcp-project:shared-project', false],
    ]);
  });

  test('evidence names role and member; edges come from the principal', () => {
    const a = analyzeGcs({ iamPolicy: iam(bind('roles/storage.objectCreator', 'allUsers')) });
    expect(a.access.evidence.publicWrite).toEqual([expect.objectContaining({ source: 'iam-binding', role: 'roles/storage.objectCreator', member: 'allUsers' })]);
    expect(a.inventory.edges).toEqual([expect.objectContaining({ from: 'principal:internet', type: 'can-write', to: '//storage.googleapis.com/projects/_/buckets/g' })]);
  });

  test('a conditional public binding is reported as conditional and its flags unknown', () => {
    const a = analyzeGcs({
      iamPolicy: iam({ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { title: 'until 2030', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } }),
    });
    expect(a.access.conditionalPublic).toBe(true);
    expect(a.access.publicRead).toBe(false);
    expect(gapPaths(a)).toEqual(['publicList', 'publicRead']);
    expect(a.gaps[0].reason).toContain('IAM condition');
    expect(a.access.readers).toEqual([expect.objectContaining({ principal: 'principal:internet', conditional: true })]);
  });

  test('a conditional binding does not hide an unconditional one', () => {
    const a = analyzeGcs({
      iamPolicy: iam(
        { role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { expression: 'request.time < timestamp("2020-01-01T00:00:00Z")' } },
        bind('roles/storage.objectViewer', 'allUsers'),
      ),
    });
    expect(a.access.publicRead).toBe(true);
    expect(a.gaps).toEqual([]);
  });

  test('custom role permissions come from customRoles; unknown custom roles make flags unknown', () => {
    const role = 'projects/ml-project/roles/uploader';
    const known = analyzeGcs({ iamPolicy: iam(bind(role, 'allUsers')), customRoles: { [role]: ['storage.objects.create'] } });
    expect(trueFlags(known.access)).toEqual(['publicWrite']);
    const unknown = analyzeGcs({ iamPolicy: iam(bind(role, 'allUsers')) });
    expect(gapPaths(unknown)).toEqual(['publicList', 'publicRead', 'publicWrite']);
    expect(unknown.gaps[0].reason).toContain('custom role definition not collected');
  });
});

describe('Cloud Storage public access prevention and ACLs', () => {
  const publicIam = iam(bind('roles/storage.objectViewer', 'allUsers', 'allAuthenticatedUsers'), bind('roles/storage.objectCreator', 'allAuthenticatedUsers'));

  test('PAP enforced on the bucket removes allUsers and allAuthenticatedUsers', () => {
    const a = analyzeGcs({ iamPolicy: publicIam, publicAccessPrevention: 'enforced' });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.neutralized.length).toBeGreaterThan(0);
    expect(a.access.neutralized[0].source).toBe('public-access-prevention');
  });

  test('PAP inherited with the organization policy known to enforce it', () => {
    const a = analyzeGcs({ iamPolicy: publicIam, publicAccessPrevention: 'inherited', orgEnforcesPublicAccessPrevention: true });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.gaps).toEqual([]);
  });

  test('PAP inherited with the organization policy not collected: public flags unknown, others known', () => {
    const a = analyzeGcs({ iamPolicy: publicIam, publicAccessPrevention: 'inherited', orgEnforcesPublicAccessPrevention: undefined });
    expect(gapPaths(a)).toEqual(['authenticatedRead', 'authenticatedWrite', 'publicList', 'publicRead', 'publicWrite']);
    expect(a.gaps[0].reason).toBe('organization policy storage.publicAccessPrevention unknown: not collected');
  });

  test('PAP inherited with the organization policy unknown but no public member: nothing unknown', () => {
    const a = analyzeGcs({ iamPolicy: iam(bind('roles/storage.objectViewer', 'projectViewer:ml-project')), orgEnforcesPublicAccessPrevention: undefined });
    expect(a.gaps).toEqual([]);
  });

  test('legacy ACL with UBLA off: allUsers WRITER writes, default object ACL READER reads', () => {
    const a = analyzeGcs({ uniformBucketLevelAccess: false, acl: [{ entity: 'allUsers', role: 'WRITER' }], defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }] });
    expect(trueFlags(a.access)).toEqual(['publicRead', 'publicWrite', 'publicList', 'authenticatedRead']);
    expect(a.access.evidence.publicWrite[0]).toMatchObject({ source: 'acl', grant: 'allUsers: WRITER' });
  });

  test('legacy ACL entries are ignored when UBLA is on', () => {
    const a = analyzeGcs({ uniformBucketLevelAccess: true, acl: [{ entity: 'allUsers', role: 'OWNER' }], defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }] });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.neutralized[0].source).toBe('uniform-bucket-level-access');
  });

  test('ACL of another project with UBLA off is cross-project', () => {
    const a = analyzeGcs({ uniformBucketLevelAccess: false, acl: [{ entity: 'project-editors-999', role: 'WRITER' }] });
    expect(trueFlags(a.access)).toEqual(['crossAccountWrite']);
  });

  test('gapped IAM policy: flags unknown with the reason; PAP enforced keeps public flags known false', () => {
    const a = analyzeGcs({ gaps: [{ path: 'iamPolicy', reason: 'PERMISSION_DENIED: storage.buckets.getIamPolicy' }] });
    expect(gapPaths(a)).toEqual(['authenticatedRead', 'authenticatedWrite', 'crossAccountRead', 'crossAccountWrite', 'publicList', 'publicRead', 'publicWrite']);
    expect(a.gaps[0].reason).toBe('bucket IAM policy unknown: PERMISSION_DENIED: storage.buckets.getIamPolicy');
    const enforced = analyzeGcs({ publicAccessPrevention: 'enforced', gaps: [{ path: 'iamPolicy', reason: 'x' }] });
    expect(gapPaths(enforced)).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });

  test('gapped ACL only matters when UBLA is off', () => {
    expect(analyzeGcs({ uniformBucketLevelAccess: true, gaps: [{ path: 'acl', reason: 'x' }] }).gaps).toEqual([]);
    // an unread bucket ACL could hold an OWNER entry, which can grant itself object reads through the IAM policy
    expect(gapPaths(analyzeGcs({ uniformBucketLevelAccess: false, gaps: [{ path: 'acl', reason: 'x' }] }))).toEqual([
      'authenticatedRead',
      'authenticatedWrite',
      'crossAccountRead',
      'crossAccountWrite',
      'publicList',
      'publicRead',
      'publicWrite',
    ]);
  });
});
