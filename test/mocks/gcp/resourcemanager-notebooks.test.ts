import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FoldersClient, OrganizationsClient, ProjectsClient } from '@google-cloud/resource-manager';
import { v2 } from '@google-cloud/notebooks';
import { startGcpMock, type GcpMockHandle } from '../../../mocks/gcp/start.js';
import type { GcpScenarioInput } from '../../../mocks/gcp/scenario.js';
import { failure, grpcOptions } from './helpers.js';

const projectIds = Array.from({ length: 5 }, (_, i) => `team-${i}-prod`);
const scenario: GcpScenarioInput = {
  gcp: {
    organizations: [{ name: 'organizations/1234', displayName: 'example.com' }],
    folders: [
      { name: 'folders/55', parent: 'organizations/1234', displayName: 'ml' },
      { name: 'folders/56', parent: 'folders/55', displayName: 'ml-prod' },
      { name: 'folders/57', parent: 'organizations/1234', displayName: 'old', state: 'DELETE_REQUESTED' },
    ],
    projects: [
      ...projectIds.map((projectId) => ({ projectId, parent: 'folders/56' })),
      {
        projectId: 'ml-root',
        projectNumber: '100000000009',
        parent: 'organizations/1234',
        labels: { env: 'prod' },
        iamPolicy: {
          version: 3,
          bindings: [
            { role: 'roles/owner', members: ['user:alice@example.com'] },
            { role: 'roles/aiplatform.user', members: ['group:ml@example.com'], condition: { title: 'office-hours', expression: 'request.time.getHours("UTC") < 18' } },
          ],
        },
        notebooks: {
          locations: {
            'us-central1-a': { instances: Array.from({ length: 5 }, (_, i) => ({ name: `nb-${i}`, gceSetup: { disablePublicIp: i % 2 === 0, metadata: { 'notebook-disable-root': 'true' } } })) },
            'europe-west4-b': { instances: [{ name: 'nb-eu' }] },
          },
        },
      },
      { projectId: 'gone-project', parent: 'folders/55', state: 'DELETE_REQUESTED' as const },
      { projectId: 'nb-off', parent: 'folders/55', apisDisabled: ['notebooks.googleapis.com'] },
    ],
  },
  faults: [
    { service: 'resourcemanager', method: 'GetIamPolicy', resource: 'projects/team-0-prod', error: 'PERMISSION_DENIED' },
    { service: 'notebooks', method: 'ListInstances', resource: 'projects/ml-root/locations/europe-west4-b', error: 'UNAVAILABLE', times: 1 },
  ],
};

let mock: GcpMockHandle;
let projects: ProjectsClient;
let folders: FoldersClient;
let orgs: OrganizationsClient;
let notebooks: v2.NotebookServiceClient;
beforeAll(async () => {
  mock = await startGcpMock(scenario);
  const rm = grpcOptions(mock.env.AISPM_GCP_RESOURCEMANAGER_ENDPOINT);
  projects = new ProjectsClient(rm);
  folders = new FoldersClient(rm);
  orgs = new OrganizationsClient(rm);
  notebooks = new v2.NotebookServiceClient(grpcOptions(mock.env.AISPM_GCP_NOTEBOOKS_ENDPOINT));
});
afterAll(async () => {
  await Promise.all([projects, folders, orgs, notebooks].filter(Boolean).map((c) => c.close()));
  await mock?.close();
});

/** Every active project under an organization or folder, walking folders as a connector would. */
async function projectsUnder(parent: string): Promise<string[]> {
  const [direct] = await projects.listProjects({ parent });
  const [subfolders] = await folders.listFolders({ parent });
  const nested = await Promise.all(subfolders.map((f) => projectsUnder(f.name!)));
  return [...direct.map((p) => p.projectId!), ...nested.flat()].sort();
}

describe('Resource Manager fake through @google-cloud/resource-manager over gRPC', () => {
  it('lists every active project under an organization, recursively through folders', async () => {
    expect(await projectsUnder('organizations/1234')).toEqual(['ml-root', 'nb-off', ...projectIds].sort());
    const [withDeleted] = await projects.listProjects({ parent: 'folders/55', showDeleted: true });
    expect(withDeleted.map((p) => [p.projectId, p.state])).toEqual([['gone-project', 'DELETE_REQUESTED'], ['nb-off', 'ACTIVE']]);
  });

  it('pages listProjects across 3 pages', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const [page, next] = await projects.listProjects({ parent: 'folders/56', pageSize: 2, pageToken: token }, { autoPaginate: false });
      ids.push(...page.map((p) => p.projectId!));
      token = next?.pageToken ?? undefined;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(ids).toEqual(projectIds);
  });

  it('gets a project by id or number, searches, and reads organizations and folders', async () => {
    const [byId] = await projects.getProject({ name: 'projects/ml-root' });
    expect(byId).toMatchObject({ name: 'projects/100000000009', projectId: 'ml-root', parent: 'organizations/1234', state: 'ACTIVE', labels: { env: 'prod' } });
    expect((await projects.getProject({ name: 'projects/100000000009' }))[0].projectId).toBe('ml-root');
    const [found] = await projects.searchProjects({ query: 'parent:folders/56 id:team-1*' });
    expect(found.map((p) => p.projectId)).toEqual(['team-1-prod']);
    expect((await orgs.getOrganization({ name: 'organizations/1234' }))[0].displayName).toBe('example.com');
    expect((await folders.getFolder({ name: 'folders/56' }))[0].parent).toBe('folders/55');
    expect((await failure(projects.getProject({ name: 'projects/nobody' }, { retry: null as any }))).code).toBe(7);
  });

  it('returns the project IAM policy with conditions at version 3, and injected faults', async () => {
    const [policy] = await projects.getIamPolicy({ resource: 'projects/ml-root', options: { requestedPolicyVersion: 3 } });
    expect(policy.version).toBe(3);
    expect(policy.bindings?.map((b) => [b.role, b.members, b.condition?.title ?? null])).toEqual([
      ['roles/owner', ['user:alice@example.com'], null],
      ['roles/aiplatform.user', ['group:ml@example.com'], 'office-hours'],
    ]);
    expect((await failure(projects.getIamPolicy({ resource: 'projects/team-0-prod' }, { retry: null as any }))).code).toBe(7);
  });
});

describe('Notebooks v2 fake through @google-cloud/notebooks over gRPC', () => {
  it('lists instances of a zone across pages, and of every zone with locations/-', async () => {
    const [all] = await notebooks.listInstances({ parent: 'projects/ml-root/locations/us-central1-a', pageSize: 2 });
    expect(all.map((i) => i.name)).toEqual(Array.from({ length: 5 }, (_, i) => `projects/100000000009/locations/us-central1-a/instances/nb-${i}`));
    expect(all[1].gceSetup?.disablePublicIp).toBe(false);
    expect(all[0].gceSetup?.metadata).toEqual({ 'notebook-disable-root': 'true' });
    const [one] = await notebooks.getInstance({ name: 'projects/ml-root/locations/us-central1-a/instances/nb-3' });
    expect(one.name).toContain('nb-3');
  });

  it('surfaces UNAVAILABLE once (times: 1), then serves; a disabled API is SERVICE_DISABLED', async () => {
    const parent = 'projects/ml-root/locations/europe-west4-b';
    expect((await failure(notebooks.listInstances({ parent }))).code).toBe(14);
    expect((await notebooks.listInstances({ parent }))[0].map((i) => i.name)).toEqual(['projects/100000000009/locations/europe-west4-b/instances/nb-eu']);
    const off = await failure(notebooks.listInstances({ parent: 'projects/nb-off/locations/us-central1-a' }));
    expect(off).toMatchObject({ code: 7, reason: 'SERVICE_DISABLED' });
  });

  it('lists zones through the Locations mixin', async () => {
    const ids: string[] = [];
    for await (const l of notebooks.listLocationsAsync({ name: 'projects/ml-root' })) ids.push(l.locationId!);
    expect(ids).toContain('us-central1-a');
    expect(ids).toContain('europe-west4-b');
  });
});
