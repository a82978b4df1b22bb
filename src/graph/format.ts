import { describePrincipal, isPrincipalId, type PathHop } from '../model/index.js';
import { narrowerPrefix } from './prefix.js';

/**
 * A short readable label for a node id: s3://bucket/prefix, gs://bucket/prefix, the resource part of an ARN
 * (training-job/fraud-v3), the last two segments of a Google resource name (endpoints/123), or the principal.
 */
export function nodeLabel(id: string, prefix?: string): string {
  if (isPrincipalId(id)) return describePrincipal(id);
  const s3 = /^arn:aws[\w-]*:s3:::([^/]+)$/.exec(id);
  if (s3) return `s3://${s3[1]}/${prefix ?? ''}`;
  const gcs = /^\/\/storage\.googleapis\.com\/projects\/[^/]+\/buckets\/([^/]+)$/.exec(id);
  if (gcs) return `gs://${gcs[1]}/${prefix ?? ''}`;
  const arn = /^arn:aws[\w-]*:[^:]+:[^:]*:[^:]*:(.+)$/.exec(id);
  if (arn) return arn[1];
  const segments = id.replace(/^\/\/[^/]+\//, '').split('/');
  if (segments.length >= 2) return segments.slice(-2).join('/');
  return id;
}

/** `internet -[can-write]-> s3://ml-data/train/ -[reads-from]-> training-job/fraud-v3 -[produces]-> model/fraud-v3` */
export function formatHops(hops: readonly PathHop[]): string {
  if (hops.length === 0) return '';
  // a bucket is labelled with the objects both the hop into it and the hop out of it name
  let out = nodeLabel(hops[0].from, hops[0].prefix);
  hops.forEach((hop, k) => {
    out += ` -[${hop.type}]-> ${nodeLabel(hop.to, narrowerPrefix(hop.prefix, hops[k + 1]?.prefix))}`;
  });
  return out;
}
