/**
 * The `artifactLocation.uri` of a cloud resource in SARIF. GitHub code scanning rejects a whole upload when an absolute
 * URI's scheme differs from the checkout's (`SARIF URI scheme "arn" did not match the checkout URI scheme "file"`):
 * upload-sarif always sends the checkout path as a file:// source root, and an ARN (`arn:`), `gs://` or `s3://` URI is
 * absolute. So every resource gets a scheme-less relative reference that keeps its id readable:
 *
 *   arn:aws:s3:::NAME                                  -> aws/arn:aws:s3:::NAME
 *   //storage.googleapis.com/projects/_/buckets/NAME   -> gs/NAME
 *   s3://bucket/key, gs://bucket/object                -> s3/bucket/key, gs/bucket/object
 *   //service.googleapis.com/path                      -> service.googleapis.com/path
 *   principal:aws-account:ID (any `word:rest`)         -> principal/aws-account:ID
 *   projects/P/locations/L/datasets/ID, model.pt       -> unchanged
 *
 * Characters a URI path cannot hold are percent-encoded (`?` and `#` too, which would start a query or fragment), and
 * `.`/`..` segments are encoded so no URI normalization can merge two resources.
 */
export function resourceUri(id: string): string {
  return encodePath(relativePath(id.replace(LONE_SURROGATE, '\uFFFD')));
}

// encodeURI throws on a lone surrogate half
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const GCS_BUCKET = /^\/\/storage\.googleapis\.com\/projects\/[^/]+\/buckets\/([^/]+)$/;
const SCHEME_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;
const SCHEME_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;

function relativePath(id: string): string {
  const gcs = GCS_BUCKET.exec(id);
  if (gcs) return `gs/${gcs[1]}`;
  if (id.startsWith('arn:')) return `aws/${id}`;
  const withAuthority = SCHEME_AUTHORITY.exec(id);
  if (withAuthority) return `${withAuthority[1]}/${withAuthority[2]}`;
  if (id.startsWith('//')) return id.slice(2);
  const withScheme = SCHEME_PREFIX.exec(id);
  if (withScheme) return `${withScheme[1]}/${withScheme[2]}`;
  return id.replace(/^\/+/, '');
}

function encodePath(path: string): string {
  const segments = path.split('/').map((s) => (s === '.' ? '%2E' : s === '..' ? '%2E%2E' : encodeURI(s).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'))));
  // a first segment with ":" would read as a scheme; every branch above avoids it, this keeps it so for any input
  if (segments[0].includes(':')) segments[0] = segments[0].replaceAll(':', '%3A');
  return segments.join('/') || 'unnamed-resource';
}
