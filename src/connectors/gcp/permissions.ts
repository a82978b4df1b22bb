import { GCP_API_CALLS, requiredGcpPermissions } from './api-calls.js';

/** Predefined roles that together cover the permissions (broader than needed; a custom role is the least privilege). */
export const GCP_PREDEFINED_ROLES: ReadonlyArray<{ role: string; covers: string }> = [
  { role: 'roles/iam.securityReviewer', covers: 'IAM policies everywhere: buckets.getIamPolicy (bucket IAM policy and legacy ACLs), projects.getIamPolicy' },
  { role: 'roles/storage.bucketViewer', covers: 'storage.buckets.list/get: bucket settings (it excludes IAM policies, hence the Security Reviewer role)' },
  { role: 'roles/aiplatform.viewer', covers: 'Vertex AI locations, datasets, training pipelines, custom jobs, models, endpoints' },
  { role: 'roles/notebooks.viewer', covers: 'Workbench (Notebooks v2) locations and instances' },
  { role: 'roles/orgpolicy.policyViewer', covers: 'orgpolicy.policy.get: the effective storage.publicAccessPrevention policy' },
  { role: 'roles/browser', covers: 'resourcemanager.projects.get/list and folders.list, for --organization / --folder (grant on the organization or folder)' },
];

/** The text `aispm permissions gcp` prints: the minimal permissions, a custom-role command, predefined roles, and the calls. */
export function gcpPermissionsText(): string {
  const permissions = requiredGcpPermissions();
  const lines = [
    `# aispm scan gcp needs these ${permissions.length} IAM permissions (generated from the ${GCP_API_CALLS.length} read-only API calls the connector declares).`,
    '# Grant them on each project, or on the folder/organization you scan.',
    ...permissions,
    '',
    '# As a custom role (least privilege):',
    `#   gcloud iam roles create aispmScanner --organization=ORG_ID --title="aispm read-only scanner" --stage=GA \\`,
    `#     --permissions=${permissions.join(',')}`,
    '',
    '# Or predefined roles that cover them (broader than needed). roles/storage.objectViewer is NOT enough:',
    '# it cannot read bucket IAM policies, so bucket exposure would be reported as unknown.',
    ...GCP_PREDEFINED_ROLES.map((r) => `#   ${r.role.padEnd(28)} ${r.covers}`),
    '',
    '# Calls made (nothing else is reachable: a guard refuses any other client method):',
    ...GCP_API_CALLS.map((c) => `#   ${c.rpc.padEnd(64)} ${c.permissions.join(', ')}`),
  ];
  return `${lines.join('\n')}\n`;
}
