// Cloud Storage access analysis checked against Google's documentation: each case names the page and the sentence
// it comes from. Bucket `g` in project `ml-project` (number 123456789), UBLA on, PAP inherited with the organization
// policy known not to enforce it, unless a case says otherwise (test/access/builders.ts).
import { describe, expect, test } from 'vitest';
import { analyzeAccess } from '../../src/access/index.js';
import { noTrust, type GcpIamServiceAccount, type GcpStorageBucket, type GcsBinding } from '../../src/model/index.js';
import { gcsBucket, inventory, serviceAccount } from './builders.js';
import { analyzeGcs, gapPaths, trueFlags } from './helpers.js';

const bind = (role: string, ...members: string[]): GcsBinding => ({ role, members });
const iam = (...bindings: GcsBinding[]) => ({ version: 3, bindings });
const flagsOf = (over: Partial<GcpStorageBucket>) => {
  const a = analyzeGcs(over);
  expect(a.gaps).toEqual([]);
  return trueFlags(a.access);
};
const legacyAcl = (over: Partial<GcpStorageBucket>) => flagsOf({ uniformBucketLevelAccess: false, ...over });

describe('IAM roles for Cloud Storage (cloud.google.com/storage/docs/access-control/iam-roles)', () => {
  test.each([
    // "Storage Object Viewer: Grants access to view objects and their metadata, excluding ACLs. Can also list the objects"
    ['roles/storage.objectViewer', ['publicRead', 'publicList']],
    // "Storage Object Creator: Allows users to create objects. Does not give permission to view, delete, or replace objects."
    ['roles/storage.objectCreator', ['publicWrite']],
    // "Storage Object User: Grants access to create, view, list, update, and delete objects"
    ['roles/storage.objectUser', ['publicRead', 'publicWrite', 'publicList']],
    // "Storage Object Admin: Grants full control over objects, including listing, creating, viewing, and deleting objects"
    ['roles/storage.objectAdmin', ['publicRead', 'publicWrite', 'publicList']],
    // "Storage Admin: Grants full control of objects and buckets."
    ['roles/storage.admin', ['publicRead', 'publicWrite', 'publicList']],
    // "Storage Legacy Bucket Reader: Grants permission to list a bucket's contents and read bucket metadata"
    ['roles/storage.legacyBucketReader', ['publicList']],
    // "Storage Legacy Bucket Writer: Grants permission to create, overwrite, and delete objects; list objects in a bucket"
    ['roles/storage.legacyBucketWriter', ['publicWrite', 'publicList']],
    // "Storage Legacy Bucket Owner: ... create, overwrite, and delete objects; list objects ...; read and edit bucket
    // metadata, including IAM policies" (storage.buckets.setIamPolicy: the holder can grant itself object reads)
    ['roles/storage.legacyBucketOwner', ['publicRead', 'publicWrite', 'publicList']],
    // "legacyObjectReader: Read-only access to objects without listing" (JSON API, Policy.bindings.role)
    ['roles/storage.legacyObjectReader', ['publicRead']],
    // "legacyObjectOwner: Read/write access to existing objects without listing": objects.get, update and object ACLs,
    // no objects.create or objects.delete
    ['roles/storage.legacyObjectOwner', ['publicRead']],
    // "Storage Insights Collector Service: Read-only access to Cloud Storage Inventory metadata": object names = listing
    ['roles/storage.insightsCollectorService', ['publicList']],
    // "Storage Bucket Viewer: Grants permission to view buckets and their metadata, excluding IAM policies."
    ['roles/storage.bucketViewer', []],
  ] as const)('%s granted to allUsers', (role, flags) => {
    expect(flagsOf({ iamPolicy: iam(bind(role, 'allUsers')) })).toEqual(flags);
  });

  test('a role the table does not know is unknown, not "no access"', () => {
    const a = analyzeGcs({ iamPolicy: iam(bind('roles/storage.someFutureRole', 'allUsers')) });
    expect(gapPaths(a)).toEqual(['publicList', 'publicRead', 'publicWrite']);
    expect(a.gaps[0].reason).toContain('role not in the built-in table');
  });

  // cloud.google.com/iam/docs/understanding-custom-roles: "you can create a custom IAM role with one or more permissions"
  test.each([
    ['projects/ml-project/roles/reader', ['storage.objects.get'], ['crossAccountRead']],
    ['organizations/1234/roles/writer', ['storage.objects.create'], ['crossAccountWrite']],
    ['projects/ml-project/roles/deleter', ['storage.objects.delete'], ['crossAccountWrite']],
    ['projects/ml-project/roles/lister', ['storage.objects.list'], []],
    ['projects/ml-project/roles/metadata', ['storage.objects.update', 'storage.buckets.get'], []],
    ['projects/ml-project/roles/iam-admin', ['storage.buckets.setIamPolicy'], ['crossAccountRead', 'crossAccountWrite']],
  ] as const)('custom role %s with %j, granted to an outside user', (role, perms, flags) => {
    expect(flagsOf({ iamPolicy: iam(bind(role, 'user:bob@partner.example')), customRoles: { [role]: [...perms] } })).toEqual(flags);
  });

  test('a custom role whose definition was not collected is unknown', () => {
    const a = analyzeGcs({ iamPolicy: iam(bind('organizations/1234/roles/mystery', 'user:bob@partner.example')) });
    expect(gapPaths(a)).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });
});

describe('principal identifiers (cloud.google.com/iam/docs/principal-identifiers, storage/docs/access-control/iam)', () => {
  const write = (member: string) => flagsOf({ iamPolicy: iam(bind('roles/storage.objectCreator', member)) });

  test.each([
    // "allUsers: A special identifier that represents anyone on the internet, with or without a Google account"
    ['allUsers', ['publicWrite']],
    // "allAuthenticatedUsers: ... anyone who is authenticated with a Google account or a service account"; Google
    // treats it as public (public access prevention blocks it like allUsers)
    ['allAuthenticatedUsers', ['publicWrite', 'authenticatedWrite']],
    ['user:alice@example.com', ['crossAccountWrite']],
    ['group:admins@example.com', ['crossAccountWrite']],
    ['domain:example.com', ['crossAccountWrite']],
    ['serviceAccount:etl@ml-project.iam.gserviceaccount.com', []],
    ['serviceAccount:etl@other-project.iam.gserviceaccount.com', ['crossAccountWrite']],
    ['serviceAccount:123456789-compute@developer.gserviceaccount.com', []],
    ['serviceAccount:ml-project@appspot.gserviceaccount.com', []],
    ['serviceAccount:service-123456789@gcp-sa-aiplatform.iam.gserviceaccount.com', []],
    ['serviceAccount:service-987654321@gs-project-accounts.iam.gserviceaccount.com', ['crossAccountWrite']],
    // "serviceAccount:PROJECT_ID.svc.id.goog[K8S_NAMESPACE/KSA_NAME]": a Kubernetes service account of the project
    ['serviceAccount:ml-project.svc.id.goog[default/trainer]', []],
    ['serviceAccount:other-project.svc.id.goog[default/trainer]', ['crossAccountWrite']],
    // convenience values: "projectOwner:PROJECT_ID", "projectEditor:PROJECT_ID", "projectViewer:PROJECT_ID"
    ['projectOwner:ml-project', []],
    ['projectEditor:ml-project', []],
    ['projectViewer:other-project', ['crossAccountWrite']],
    // workforce identity federation: identities of an external identity provider, not of the project
    ['principal://iam.googleapis.com/locations/global/workforcePools/partners/subject/alice', ['crossAccountWrite']],
    ['principalSet://iam.googleapis.com/locations/global/workforcePools/partners/group/admins', ['crossAccountWrite']],
    // workload identity federation: the pool's project number names where the identities are defined
    ['principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/gh/subject/repo:org/app', []],
    ['principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/gh/attribute.repository/org/app', []],
    ['principalSet://iam.googleapis.com/projects/555/locations/global/workloadIdentityPools/gh/*', ['crossAccountWrite']],
    // "All service accounts in a project, folder, or organization":
    // principalSet://cloudresourcemanager.googleapis.com/RESOURCE_TYPE/RESOURCE_NUMBER/type/ServiceAccount
    ['principalSet://cloudresourcemanager.googleapis.com/projects/123456789/type/ServiceAccount', []],
    ['principalSet://cloudresourcemanager.googleapis.com/projects/555/type/ServiceAccount', ['crossAccountWrite']],
    ['principalSet://cloudresourcemanager.googleapis.com/folders/123456789/type/ServiceAccount', ['crossAccountWrite']],
    ['principalSet://cloudresourcemanager.googleapis.com/organizations/123456789/type/ServiceAccount', ['crossAccountWrite']],
    // "All GKE Pods that use a specific Kubernetes service account": a pool named after the project, in its number
    ['principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/ml-project.svc.id.goog/subject/ns/default/sa/trainer', []],
    // "deleted:user:EMAIL?uid=ID": a deleted principal has no access
    ['deleted:serviceAccount:old@other-project.iam.gserviceaccount.com?uid=123', []],
  ] as const)('%s with objectCreator', (member, flags) => {
    expect(write(member)).toEqual(flags);
  });

  test('the project number form of a convenience value is the own project', () => {
    expect(write('projectEditor:123456789')).toEqual([]);
  });
});

describe('public access prevention (cloud.google.com/storage/docs/public-access-prevention)', () => {
  const publicIam = iam(bind('roles/storage.objectViewer', 'allUsers'), bind('roles/storage.objectCreator', 'allAuthenticatedUsers'));

  // "Requests to buckets and objects authorized using allUsers and allAuthenticatedUsers fail with an HTTP 401 or 403"
  test('enforced on the bucket: allUsers and allAuthenticatedUsers IAM grants are overridden', () => {
    const a = analyzeGcs({ iamPolicy: publicIam, publicAccessPrevention: 'enforced' });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.gaps).toEqual([]);
    // "Existing IAM policies and ACLs granting access to allUsers and allAuthenticatedUsers remain in place but are
    // overridden by public access prevention."
    expect(a.access.neutralized.map((n) => n.source)).toEqual(['public-access-prevention', 'public-access-prevention']);
  });

  test('enforced: the ACLs granting allUsers are overridden too (UBLA off)', () => {
    expect(
      legacyAcl({ publicAccessPrevention: 'enforced', acl: [{ entity: 'allUsers', role: 'WRITER' }], defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }] }),
    ).toEqual([]);
  });

  // "If a bucket has a default object ACL containing allUsers, requests to create objects in that bucket succeed. The
  // ACLs for such objects contain allUsers, but allUsers is overridden by public access prevention."
  test('enforced: a default object ACL with allUsers does not make new objects readable', () => {
    expect(legacyAcl({ publicAccessPrevention: 'enforced', defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }] })).toEqual([]);
  });

  test('enforced: grants to named principals outside the project are not affected', () => {
    expect(
      flagsOf({ publicAccessPrevention: 'enforced', iamPolicy: iam(bind('roles/storage.objectAdmin', 'allUsers', 'user:bob@partner.example', 'projectViewer:other-project')) }),
    ).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });

  // "it might still inherit public access prevention, which occurs if the organization policy constraint
  // storage.publicAccessPrevention is set on the project, folder, or organization that the bucket exists within"
  test('inherited, organization policy enforces it: overridden', () => {
    expect(flagsOf({ iamPolicy: publicIam, publicAccessPrevention: 'inherited', orgEnforcesPublicAccessPrevention: true })).toEqual([]);
  });

  test('inherited, organization policy does not enforce it: public', () => {
    expect(flagsOf({ iamPolicy: publicIam, publicAccessPrevention: 'inherited', orgEnforcesPublicAccessPrevention: false })).toEqual([
      'publicRead',
      'publicWrite',
      'publicList',
      'authenticatedWrite',
    ]);
  });

  test('"unspecified" (the former name of inherited) behaves as inherited', () => {
    expect(flagsOf({ iamPolicy: publicIam, publicAccessPrevention: 'unspecified', orgEnforcesPublicAccessPrevention: true })).toEqual([]);
    expect(flagsOf({ iamPolicy: publicIam, publicAccessPrevention: 'unspecified', orgEnforcesPublicAccessPrevention: false })).toEqual([
      'publicRead',
      'publicWrite',
      'publicList',
      'authenticatedWrite',
    ]);
  });

  test('inherited with the organization policy not collected: the public flags are unknown, not false', () => {
    const a = analyzeGcs({ iamPolicy: publicIam, orgEnforcesPublicAccessPrevention: undefined });
    expect(gapPaths(a)).toEqual(['authenticatedWrite', 'publicList', 'publicRead', 'publicWrite']);
    expect(a.access.conditionalPublic).toBe(true);
  });

  test('inherited, organization policy not collected: an allUsers ACL entry is unknown too (UBLA off)', () => {
    const a = analyzeGcs({ uniformBucketLevelAccess: false, defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }], orgEnforcesPublicAccessPrevention: undefined });
    expect(gapPaths(a)).toEqual(['publicRead']);
  });

  test('enforced: an unread bucket ACL can no longer make the bucket public, only cross-project', () => {
    const a = analyzeGcs({ uniformBucketLevelAccess: false, publicAccessPrevention: 'enforced', gaps: [{ path: 'acl', reason: 'x' }] });
    expect(gapPaths(a)).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });

  test('the bucket setting enforced decides even when the organization policy is not collected', () => {
    expect(flagsOf({ iamPolicy: publicIam, publicAccessPrevention: 'enforced', orgEnforcesPublicAccessPrevention: undefined })).toEqual([]);
  });
});

describe('uniform bucket-level access (cloud.google.com/storage/docs/uniform-bucket-level-access)', () => {
  // "When you enable uniform bucket-level access on a bucket, Access Control Lists (ACLs) are disabled, and only
  // bucket-level IAM permissions grant access to that bucket and the objects it contains."
  test('enabled: bucket ACL and default object ACL grant nothing; IAM still does', () => {
    const a = analyzeGcs({
      uniformBucketLevelAccess: true,
      acl: [{ entity: 'allUsers', role: 'WRITER' }],
      defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }],
      iamPolicy: iam(bind('roles/storage.objectViewer', 'user:bob@partner.example')),
    });
    expect(trueFlags(a.access)).toEqual(['crossAccountRead']);
    expect(a.access.neutralized.map((n) => n.source)).toEqual(['uniform-bucket-level-access', 'uniform-bucket-level-access']);
  });

  // "These systems act in parallel - in order for a user to access a Cloud Storage resource, only one of the systems
  // needs to grant the user permission."
  test('disabled: IAM and ACLs both grant', () => {
    expect(legacyAcl({ acl: [{ entity: 'allUsers', role: 'READER' }], iamPolicy: iam(bind('roles/storage.objectCreator', 'user:bob@partner.example')) })).toEqual([
      'publicList',
      'crossAccountWrite',
    ]);
  });

  test('UBLA unknown: a public ACL makes the public flags unknown', () => {
    const a = analyzeGcs({ uniformBucketLevelAccess: false, acl: [{ entity: 'allUsers', role: 'WRITER' }], gaps: [{ path: 'uniformBucketLevelAccess', reason: 'x' }] });
    expect(gapPaths(a)).toEqual(['publicList', 'publicWrite']);
  });
});

describe('ACLs (cloud.google.com/storage/docs/access-control/lists, json_api/v1/bucketAccessControls)', () => {
  test.each([
    // "READERs can get the bucket ... and list the bucket's objects": a bucket ACL does not grant object reads
    ['READER', ['publicList']],
    // "WRITERs are READERs, and they can insert objects into the bucket and delete the bucket's objects."
    ['WRITER', ['publicWrite', 'publicList']],
  ] as const)('bucket ACL allUsers %s', (role, flags) => {
    expect(legacyAcl({ acl: [{ entity: 'allUsers', role }] })).toEqual(flags);
  });

  // "OWNERs are WRITERs, and they can get the acl property of a bucket, update a bucket, and call all
  // BucketAccessControls methods"; "roles/storage.legacyBucketOwner ... Equivalent to an ACL entry on a bucket with the
  // OWNER role" (JSON API, Policy.bindings.role), a role with storage.buckets.setIamPolicy
  test('bucket ACL OWNER is legacyBucketOwner: write, list, and read through the IAM policy it can set', () => {
    expect(legacyAcl({ acl: [{ entity: 'user-bob@partner.example', role: 'OWNER' }] })).toEqual(['crossAccountRead', 'crossAccountWrite']);
  });

  test.each([
    ['READER', ['publicRead']],
    ['OWNER', ['publicRead']],
  ] as const)('default object ACL allUsers %s: new objects are readable', (role, flags) => {
    expect(legacyAcl({ defaultObjectAcl: [{ entity: 'allUsers', role }] })).toEqual(flags);
  });

  test('default object ACL allAuthenticatedUsers READER: public and authenticated read', () => {
    expect(legacyAcl({ defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }] })).toEqual(['publicRead', 'authenticatedRead']);
  });

  // the "projectPrivate" predefined ACL: project owners and editors OWNER, project viewers READER, all in the project
  test('the default project-private ACLs grant nothing outside the project', () => {
    const projectPrivate = (owner: string) => [
      { entity: 'project-owners-123456789', role: 'OWNER' },
      { entity: 'project-editors-123456789', role: owner },
      { entity: 'project-viewers-123456789', role: 'READER' },
    ];
    const a = analyzeGcs({ uniformBucketLevelAccess: false, acl: projectPrivate('OWNER'), defaultObjectAcl: projectPrivate('OWNER') });
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.readers.map((r) => [r.principal, r.external])).toEqual([
      ['principal:gcp-project:ml-project', false],
    ]);
  });

  // "Use of this role is also reflected in the bucket's ACLs": the legacy roles and the ACL roles are one grant
  test.each([
    ['roles/storage.legacyBucketReader', 'acl', 'READER'],
    ['roles/storage.legacyBucketWriter', 'acl', 'WRITER'],
    ['roles/storage.legacyBucketOwner', 'acl', 'OWNER'],
    ['roles/storage.legacyObjectReader', 'defaultObjectAcl', 'READER'],
    ['roles/storage.legacyObjectOwner', 'defaultObjectAcl', 'OWNER'],
  ] as const)('%s and the %s entry %s give the same flags', (role, field, aclRole) => {
    const viaIam = legacyAcl({ iamPolicy: iam(bind(role, 'group:team@partner.example')) });
    const viaAcl = legacyAcl({ [field]: [{ entity: 'group-team@partner.example', role: aclRole }] });
    expect(viaAcl).toEqual(viaIam);
  });

  test.each([
    // entity forms: "user-EMAIL", "group-EMAIL", "group-ID", "domain-DOMAIN", "project-TEAM-PROJECT", "allUsers",
    // "allAuthenticatedUsers"
    ['allAuthenticatedUsers', ['publicWrite', 'publicList', 'authenticatedWrite']],
    ['user-alice@example.com', ['crossAccountWrite']],
    ['user-etl@ml-project.iam.gserviceaccount.com', []],
    ['group-admins@example.com', ['crossAccountWrite']],
    ['group-00b4903a9740e42c29800f53bd5a9a62a2f96eb3f64a4313a115df3f3a776bf7', ['crossAccountWrite']],
    ['domain-example.com', ['crossAccountWrite']],
    ['project-editors-123456789', []],
    ['project-owners-ml-project', []],
    ['project-viewers-999', ['crossAccountWrite']],
  ] as const)('bucket ACL WRITER for %s', (entity, flags) => {
    expect(legacyAcl({ acl: [{ entity, role: 'WRITER' }] })).toEqual(flags);
  });

  test('a trusted domain is listed but not external', () => {
    const a = analyzeGcs(
      { uniformBucketLevelAccess: false, acl: [{ entity: 'domain-example.com', role: 'WRITER' }] },
      { trustedAccounts: [], trustedOrganizations: [], trustedProjects: [], trustedDomains: ['example.com'] },
    );
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.writers).toEqual([expect.objectContaining({ principal: 'principal:domain:example.com', external: false })]);
  });
});

describe('IAM Conditions (cloud.google.com/iam/docs/conditions-overview)', () => {
  // "If the condition evaluates to true, the role binding grants access; if false, the binding does not": aispm does
  // not evaluate CEL, so a flag only a conditional binding could set is unknown
  test('a conditional public binding: conditionalPublic, flags unknown', () => {
    const a = analyzeGcs({ iamPolicy: iam({ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { title: 'until 2030', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } }) });
    expect(a.access.conditionalPublic).toBe(true);
    expect(gapPaths(a)).toEqual(['publicList', 'publicRead']);
    expect(a.access.readers).toEqual([expect.objectContaining({ principal: 'principal:internet', conditional: true })]);
  });

  test('a conditional binding of an insider sets nothing unknown', () => {
    const a = analyzeGcs({ iamPolicy: iam({ role: 'roles/storage.objectAdmin', members: ['projectEditor:ml-project'], condition: { expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } }) });
    expect(a.gaps).toEqual([]);
  });

  test('a conditional binding behind enforced public access prevention is decided', () => {
    const a = analyzeGcs({
      publicAccessPrevention: 'enforced',
      iamPolicy: iam({ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } }),
    });
    expect(a.gaps).toEqual([]);
    expect(a.access.conditionalPublic).toBe(false);
  });
});

describe('IAM Conditions on resource.name (cloud.google.com/iam/docs/conditions-resource-attributes)', () => {
  // resource name format: a bucket is "projects/_/buckets/BUCKET_NAME", an object
  // "projects/_/buckets/BUCKET_NAME/objects/OBJECT_NAME"; the condition limits the binding to the resources it matches
  const onPrefix = (role: string, member: string, start: string) =>
    analyzeGcs({ iamPolicy: iam({ role, members: [member], condition: { title: 'prefix', expression: `resource.name.startsWith("${start}")` } }) });

  test('objects under a prefix: read of that prefix, decided, no listing (objects.list is checked on the bucket)', () => {
    const a = onPrefix('roles/storage.objectViewer', 'allUsers', 'projects/_/buckets/g/objects/public/');
    expect(a.gaps).toEqual([]);
    expect(trueFlags(a.access)).toEqual(['publicRead']);
    expect(a.access.conditionalPublic).toBe(false);
    expect(a.access.readers).toEqual([expect.objectContaining({ principal: 'principal:internet', prefix: 'public/', conditional: false, access: ['read'] })]);
    expect(a.access.evidence.publicRead[0]).toMatchObject({ source: 'iam-binding', condition: 'resource.name.startsWith("projects/_/buckets/g/objects/public/")' });
    expect(a.inventory.edges).toEqual([expect.objectContaining({ from: 'principal:internet', type: 'can-read', prefix: 'public/' })]);
  });

  test('objects under a prefix with an admin role: object reads and writes only (setIamPolicy is on the bucket)', () => {
    const a = onPrefix('roles/storage.admin', 'user:bob@partner.example', 'projects/_/buckets/g/objects/uploads/');
    expect(a.gaps).toEqual([]);
    expect(trueFlags(a.access)).toEqual(['crossAccountRead', 'crossAccountWrite']);
    expect(a.access.writers).toEqual([expect.objectContaining({ prefix: 'uploads/', access: ['read', 'write'] })]);
  });

  test('every object of the bucket (".../objects/"): no prefix, no listing', () => {
    const a = onPrefix('roles/storage.objectViewer', 'allUsers', 'projects/_/buckets/g/objects/');
    expect(trueFlags(a.access)).toEqual(['publicRead']);
    expect(a.access.readers[0].prefix).toBeUndefined();
  });

  test('the bucket itself matches: the binding holds as if unconditional', () => {
    const a = onPrefix('roles/storage.objectViewer', 'allUsers', 'projects/_/buckets/g');
    expect(a.gaps).toEqual([]);
    expect(trueFlags(a.access)).toEqual(['publicRead', 'publicList']);
  });

  test('a condition naming another bucket grants nothing here', () => {
    const a = onPrefix('roles/storage.objectViewer', 'allUsers', 'projects/_/buckets/other/objects/');
    expect(a.gaps).toEqual([]);
    expect(trueFlags(a.access)).toEqual([]);
    expect(a.access.readers).toEqual([]);
  });

  test('any other expression stays unknown', () => {
    const a = analyzeGcs({
      iamPolicy: iam({ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { expression: 'resource.name.startsWith("projects/_/buckets/g/objects/a/") && request.time < timestamp("2030-01-01T00:00:00Z")' } }),
    });
    expect(gapPaths(a)).toEqual(['publicList', 'publicRead']);
    expect(a.access.conditionalPublic).toBe(true);
  });

  test('buckets with the same policy but different names do not share the result', () => {
    const policy = iam({ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { expression: "resource.name.startsWith('projects/_/buckets/g/objects/')" } });
    const inv = analyzeAccess(inventory([gcsBucket('g', { iamPolicy: policy }), gcsBucket('h', { iamPolicy: policy })]), noTrust());
    expect(inv.resources.map((r) => (r as GcpStorageBucket).access?.publicRead)).toEqual([true, false]);
  });
});

describe('service account reach through a prefix condition', () => {
  test('a bucket binding limited to a prefix gives a writable entry for that prefix', () => {
    const email = 'etl@partner-project.iam.gserviceaccount.com';
    const bucket = gcsBucket('g', {
      iamPolicy: iam({ role: 'roles/storage.objectCreator', members: [`serviceAccount:${email}`], condition: { expression: 'resource.name.startsWith("projects/_/buckets/g/objects/incoming/")' } }),
    });
    const sa = serviceAccount(email, { id: `projects/partner-project/serviceAccounts/${email}`, account: 'partner-project' });
    const inv = analyzeAccess(inventory([bucket, sa]), noTrust());
    const reach = (inv.resources[1] as GcpIamServiceAccount).reach!;
    expect(reach.writableBuckets).toEqual([expect.objectContaining({ bucket: bucket.id, prefix: 'incoming/' })]);
    expect(inv.edges).toEqual([expect.objectContaining({ from: sa.id, to: bucket.id, type: 'can-write', prefix: 'incoming/', conditional: false })]);
  });
});
