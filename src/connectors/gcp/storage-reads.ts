import type { Storage } from '@google-cloud/storage';
import { StorageBatch, type InnerResult } from './storage-batch.js';

export type BucketJson = Record<string, unknown> & { name: string };
export interface BucketListPage {
  items?: BucketJson[];
  nextPageToken?: string;
}
export interface BucketIamPolicy {
  version?: number;
  bindings?: unknown[];
}
export interface BucketListQuery {
  project: string;
  projection: 'full' | 'noAcl';
  maxResults?: number;
  pageToken?: string;
}

/**
 * buckets.list and buckets.getIamPolicy sent with the official client's authenticated request, `Storage#request`,
 * which `Storage#getBuckets` and `Bucket#iam.getPolicy` send them with themselves: the same credentials, endpoint,
 * headers, query and error objects, without a Bucket object per listed bucket (each builds an Iam and two Acl
 * helpers with dozens of closures; about 0.1 ms of CPU per bucket with its garbage). Only these two GETs can be sent,
 * the second also in batches (storage-batch.ts).
 */
export class StorageReads {
  private readonly batch: StorageBatch;

  constructor(private readonly storage: Storage) {
    this.batch = new StorageBatch(storage);
  }

  /** One page of buckets.list: the JSON API response as it came. */
  listBuckets(query: BucketListQuery): Promise<BucketListPage> {
    return this.get('/b', { ...query });
  }

  /** buckets.getIamPolicy of one bucket. */
  getIamPolicy(bucket: string, requestedPolicyVersion: number): Promise<BucketIamPolicy> {
    // bucket names are lowercase letters, digits, dashes, underscores and dots, which encoding leaves as they are
    return this.get(`/b/${encodeURIComponent(bucket)}/iam`, { optionsRequestedPolicyVersion: requestedPolicyVersion });
  }

  /** buckets.getIamPolicy of up to 100 buckets in one batch request: one result per bucket, in order. */
  getIamPolicies(buckets: readonly string[], requestedPolicyVersion: number): Promise<InnerResult[]> {
    return this.batch.send(buckets.map((bucket) => ({ method: 'GET', path: `/storage/v1/b/${encodeURIComponent(bucket)}/iam?optionsRequestedPolicyVersion=${requestedPolicyVersion}` })));
  }

  private get<T>(uri: string, qs: Record<string, unknown>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.storage.request({ method: 'GET', uri, qs }, (err, body) => (err ? reject(err) : resolve(body as T))));
  }
}
