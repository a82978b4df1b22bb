/**
 * What a bucket IAM condition lets through on one bucket, when the condition alone decides it: `everything` (the bucket
 * and its objects), `objects` (its objects, or those under `prefix`, but not the bucket itself, so not bucket-level
 * permissions such as storage.objects.list or storage.buckets.setIamPolicy), or `nothing`.
 */
export type ConditionScope = { kind: 'everything' } | { kind: 'objects'; prefix?: string } | { kind: 'nothing' };

// the only form decided: resource.name.startsWith("...") on its own (IAM "Resource attributes for IAM Conditions":
// a bucket is projects/_/buckets/BUCKET, an object projects/_/buckets/BUCKET/objects/OBJECT)
const STARTS_WITH = /^resource\.name\.startsWith\(\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\)$/;

/** The scope of a condition on bucket `bucketName`, or undefined when aispm cannot decide it without a request. */
export function conditionScope(expression: string, bucketName: string): ConditionScope | undefined {
  const m = STARTS_WITH.exec(expression.trim());
  if (!m) return undefined;
  const start = m[1] ?? m[2];
  const bucket = `projects/_/buckets/${bucketName}`;
  const objects = `${bucket}/objects/`;
  if (bucket.startsWith(start)) return { kind: 'everything' };
  if (objects.startsWith(start)) return { kind: 'objects' };
  if (start.startsWith(objects)) return { kind: 'objects', prefix: start.slice(objects.length) };
  return { kind: 'nothing' };
}
