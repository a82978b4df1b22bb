import type { Edge, GcpNotebooksInstance } from '../../../model/index.js';
import { storageEdge } from './edges.js';
import { asArray, asObject, asString, labelsOf } from './proto-value.js';
import { isDefaultComputeEmail, serviceAccountId, type ProjectRef } from './service-account.js';
import type { Mapped } from './vertex.js';

/** The disk's key when it is customer-managed; DiskEncryption GMEK is 1 when the transport leaves enums as numbers. */
const cmekKeyOf = (disk: Record<string, unknown>) => (disk.diskEncryption === 'GMEK' || disk.diskEncryption === 1 ? undefined : asString(disk.kmsKey));

/** google.cloud.notebooks.v2.Instance (Workbench instance) -> gcp.notebooks.instance. */
export function mapNotebookInstance(o: Record<string, unknown>, scope: ProjectRef & { zone: string }): Mapped<GcpNotebooksInstance> {
  const name = String(o.name ?? '');
  const gce = asObject(o.gceSetup);
  const metadata = asObject(gce.metadata);
  const serviceAccount = asString(asObject(asArray(gce.serviceAccounts)[0]).email);
  const network = asString(asObject(asArray(gce.networkInterfaces)[0]).network);
  const bootDisk = asObject(gce.bootDisk);
  const dataDisk = asObject(asArray(gce.dataDisks)[0]);
  // kmsKey is "only applicable if disk_encryption is CMEK"; diskEncryption "defaults to GMEK"
  const kmsKey = cmekKeyOf(bootDisk) ?? cmekKeyOf(dataDisk);
  const shielded = asObject(gce.shieldedInstanceConfig);
  const resource: GcpNotebooksInstance = {
    id: name,
    kind: 'gcp.notebooks.instance',
    category: 'ml.notebook',
    provider: 'gcp',
    account: scope.projectId,
    region: scope.zone,
    name: name.slice(name.lastIndexOf('/') + 1),
    tags: labelsOf(o.labels),
    gaps: [],
    ...(asString(o.state) ? { state: String(o.state) } : {}),
    publicIp: gce.disablePublicIp !== true,
    // root is on unless the instance metadata turns it off
    rootAccess: String(metadata['notebook-disable-root'] ?? '').toLowerCase() !== 'true',
    ...(serviceAccount ? { serviceAccount } : {}),
    usesDefaultServiceAccount: !serviceAccount || isDefaultComputeEmail(serviceAccount),
    ...(network ? { network } : {}),
    kmsKeyName: kmsKey ?? null,
    // ShieldedInstanceConfig.enableSecureBoot: "Disabled by default"
    secureBoot: shielded.enableSecureBoot === true,
  };
  const edges: Edge[] = serviceAccount ? [{ from: resource.id, to: serviceAccountId(serviceAccount, scope), type: 'uses-role' }] : [];
  // the post-startup-script metadata key: a script (gs:// or https URL) the instance downloads and runs as root at boot
  const postStartupScript = asString(metadata['post-startup-script']);
  const script = postStartupScript ? storageEdge(resource.id, 'reads-from', postStartupScript) : undefined;
  if (script) edges.push(script);
  return { resource, edges, serviceAccounts: serviceAccount ? [serviceAccount] : [] };
}
