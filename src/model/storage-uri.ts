/** Parses s3:// and gs:// URIs (and S3 ARNs) into the bucket resource id plus the object prefix. */
export interface StorageLocation {
  provider: 'aws' | 'gcp';
  bucket: string;
  prefix: string;
  bucketId: string;
  uri: string;
}

export const s3BucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const gcsBucketId = (bucket: string) => `//storage.googleapis.com/projects/_/buckets/${bucket}`;

export function parseStorageUri(uri: string): StorageLocation | undefined {
  const m = /^(s3|gs):\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (m) {
    const [, scheme, bucket, prefix] = m;
    const provider = scheme === 's3' ? 'aws' : 'gcp';
    return { provider, bucket, prefix, bucketId: provider === 'aws' ? s3BucketArn(bucket) : gcsBucketId(bucket), uri };
  }
  const arn = /^arn:aws[\w-]*:s3:::([^/]+)\/?(.*)$/.exec(uri.trim());
  if (arn) return { provider: 'aws', bucket: arn[1], prefix: arn[2], bucketId: s3BucketArn(arn[1]), uri };
  return undefined;
}
