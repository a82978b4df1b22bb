import { analyzeAccess } from '../../src/access/index.js';
import { noTrust, type AwsS3Bucket, type BucketAccess, type Gap, type GcpStorageBucket, type Inventory, type TrustSettings } from '../../src/model/index.js';
import { gcsBucket, inventory, s3Bucket } from './builders.js';

export interface Analyzed {
  access: BucketAccess;
  gaps: Gap[];
  inventory: Inventory;
}

export function analyzeS3(over: Partial<AwsS3Bucket>, trust: TrustSettings = noTrust(), name = 'b'): Analyzed {
  const inv = analyzeAccess(inventory([s3Bucket(name, over)]), trust);
  const r = inv.resources[0] as AwsS3Bucket;
  return { access: r.access!, gaps: r.gaps.filter((g) => g.path.startsWith('access.')), inventory: inv };
}

export function analyzeGcs(over: Partial<GcpStorageBucket>, trust: TrustSettings = noTrust(), name = 'g'): Analyzed {
  const inv = analyzeAccess(inventory([gcsBucket(name, over)]), trust);
  const r = inv.resources[0] as GcpStorageBucket;
  return { access: r.access!, gaps: r.gaps.filter((g) => g.path.startsWith('access.')), inventory: inv };
}

export const gapPaths = (a: Analyzed) => a.gaps.map((g) => g.path.replace(/^access\./, '')).sort();

export const trueFlags = (a: BucketAccess) =>
  (['publicRead', 'publicWrite', 'publicList', 'crossAccountRead', 'crossAccountWrite', 'authenticatedRead', 'authenticatedWrite'] as const).filter((f) => a[f]);
