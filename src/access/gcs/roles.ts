import type { AccessKind } from '../types.js';

/**
 * Storage permissions of the predefined and basic roles that matter for object access
 * (Cloud Storage "IAM roles for Cloud Storage"; basic roles per "Basic roles" there).
 */
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  'roles/storage.objectViewer': ['storage.objects.get', 'storage.objects.list'],
  'roles/storage.objectCreator': ['storage.objects.create'],
  'roles/storage.objectUser': ['storage.objects.create', 'storage.objects.delete', 'storage.objects.get', 'storage.objects.list', 'storage.objects.update'],
  'roles/storage.objectAdmin': ['storage.objects.*'],
  'roles/storage.admin': ['storage.objects.*', 'storage.buckets.*'],
  'roles/storage.legacyBucketReader': ['storage.buckets.get', 'storage.objects.list'],
  'roles/storage.legacyBucketWriter': ['storage.buckets.get', 'storage.objects.list', 'storage.objects.create', 'storage.objects.delete'],
  'roles/storage.legacyBucketOwner': [
    'storage.buckets.get',
    'storage.buckets.update',
    'storage.buckets.setIamPolicy',
    'storage.buckets.getIamPolicy',
    'storage.objects.list',
    'storage.objects.create',
    'storage.objects.delete',
  ],
  'roles/storage.legacyObjectReader': ['storage.objects.get'],
  'roles/storage.legacyObjectOwner': ['storage.objects.get', 'storage.objects.update', 'storage.objects.getIamPolicy', 'storage.objects.setIamPolicy'],
  // object inventory reports list every object's name and metadata
  'roles/storage.insightsCollectorService': ['storage.buckets.get', 'storage.buckets.getObjectInsights'],
  'roles/storage.bucketViewer': ['storage.buckets.get', 'storage.buckets.list'],
  'roles/storage.folderAdmin': ['storage.managedFolders.*', 'storage.objects.*'],
  'roles/owner': ['storage.objects.*', 'storage.buckets.*'],
  'roles/editor': ['storage.objects.*', 'storage.buckets.create', 'storage.buckets.delete', 'storage.buckets.list', 'storage.buckets.update'],
  'roles/viewer': ['storage.buckets.list', 'storage.objects.list'],
};

const matches = (granted: string, permission: string) =>
  granted === permission || (granted.endsWith('.*') && permission.startsWith(granted.slice(0, -1))) || granted === '*';

const has = (perms: string[], p: string) => perms.some((g) => matches(g, p));

/**
 * What a set of permissions allows on objects: objects.get = read, objects.create/delete = write, objects.list = list.
 * buckets.setIamPolicy lets the holder grant itself any role, so it counts as read, write and list.
 */
export function accessOfPermissions(perms: string[]): AccessKind[] {
  if (has(perms, 'storage.buckets.setIamPolicy')) return ['read', 'write', 'list'];
  const out: AccessKind[] = [];
  if (has(perms, 'storage.objects.get')) out.push('read');
  if (has(perms, 'storage.objects.create') || has(perms, 'storage.objects.delete')) out.push('write');
  if (has(perms, 'storage.objects.list') || has(perms, 'storage.buckets.getObjectInsights')) out.push('list');
  return out;
}

/** What a set of permissions allows on objects alone (a grant that does not reach the bucket): get = read, create/delete = write. */
export function objectAccessOfPermissions(perms: string[]): AccessKind[] {
  const out: AccessKind[] = [];
  if (has(perms, 'storage.objects.get')) out.push('read');
  if (has(perms, 'storage.objects.create') || has(perms, 'storage.objects.delete')) out.push('write');
  return out;
}

export const isCustomRole = (role: string) => /^(projects|organizations)\/[^/]+\/roles\/[^/]+$/.test(role);

/** Permissions of a role: predefined table, custom roles from the resource's `customRoles`; undefined when unknown. */
export function rolePermissions(role: string, customRoles: Record<string, string[]> | undefined): string[] | undefined {
  if (ROLE_PERMISSIONS[role]) return ROLE_PERMISSIONS[role];
  if (customRoles?.[role]) return customRoles[role];
  return undefined;
}

export const WRITE_ROLES_AT_PROJECT = ['roles/storage.admin', 'roles/storage.objectAdmin', 'roles/storage.objectUser', 'roles/storage.objectCreator', 'roles/editor', 'roles/owner'];
