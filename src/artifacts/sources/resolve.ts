import path from 'node:path';
import { parseStorageUri } from '../../model/storage-uri.js';
import { GcsObjectSource } from './gcs.js';
import { LocalFileSource } from './local.js';
import { S3ObjectSource } from './s3.js';
import { SourceError, type ByteSource } from './types.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Storage } from '@google-cloud/storage';

/** Clients the caller passes in; created lazily so a scan of local files never builds an SDK client. */
export interface SourceClients {
  s3?: () => S3Client;
  gcs?: () => Storage;
}

/** Turns a target (local path, s3://bucket/key, gs://bucket/object) into a ByteSource. */
export function openSource(target: string, clients: SourceClients, cwd: string): ByteSource {
  const loc = parseStorageUri(target);
  if (loc && /^(s3|gs):\/\//.test(target)) {
    if (loc.prefix === '' || loc.prefix.endsWith('/')) throw new SourceError(`${target}: names a bucket or prefix, not an object`);
    if (loc.provider === 'aws') {
      if (!clients.s3) throw new SourceError(`${target}: no S3 client configured`);
      return new S3ObjectSource(clients.s3(), loc.bucket, loc.prefix);
    }
    if (!clients.gcs) throw new SourceError(`${target}: no Cloud Storage client configured`);
    return new GcsObjectSource(clients.gcs(), loc.bucket, loc.prefix);
  }
  return new LocalFileSource(path.resolve(cwd, target), target);
}
