import type { AispmConfig } from '../config/schema.js';
import type { Inventory } from '../model/inventory.js';
import { mergeInventories } from '../model/merge.js';
import { InputError } from '../model/errors.js';
import { collectAws } from '../connectors/aws/index.js';
import { collectGcp } from '../connectors/gcp/index.js';
import { silentProgress, type Progress } from '../connectors/progress.js';
import { awsScanOptions } from './commands/scan-aws.js';
import { gcpScanOptions } from './commands/scan-gcp.js';
import type { CliIO } from './io.js';

/** Collects every target the config declares (AWS profiles/roles, GCP projects/organizations/folders) into one inventory. */
export async function collectConfiguredTargets(config: AispmConfig, io: CliIO, progress: Progress = silentProgress): Promise<Inventory> {
  const { aws, gcp } = config.targets;
  if (aws.length === 0 && gcp.length === 0) throw new InputError('the config declares no targets: add targets.aws or targets.gcp entries');
  const parts: Inventory[] = [];
  for (const t of aws) {
    parts.push(await collectAws({ ...awsScanOptions({ profile: t.profile, roleArn: t.roleArn, externalId: t.externalId, regions: t.regions?.join(',') }, io), progress }));
  }
  for (const t of gcp) {
    const options = gcpScanOptions(
      { project: t.projects, organization: t.organization, folder: t.folder, locations: t.locations?.join(','), keyFile: t.keyFile, impersonateServiceAccount: t.impersonateServiceAccount },
      io,
    );
    parts.push(await collectGcp({ ...options, progress }));
  }
  return parts.length === 1 ? parts[0] : mergeInventories(parts);
}
