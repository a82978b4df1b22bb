// S3 REST-XML, path style: bucket configuration reads, ListBuckets, ListObjectsV2, HeadObject, GetObject (with Range).
import { createHash } from 'node:crypto';
import { AwsError } from '../errors.js';
import { bodyStream, objectBody, type ObjectBody } from '../generators/index.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { s3ErrorReply } from '../protocols.js';
import type { AwsScenario, S3Bucket, S3Object } from '../scenario.js';
import type { AwsRequest, Reply, RoutedOperation, ServiceFake } from '../server.js';
import { XML_DECL, el, esc, wrap } from '../xml.js';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const DEFAULT_TIME = '2025-01-01T00:00:00.000Z';
const MAX_BUCKETS = 10_000;
const MAX_KEYS = 1000;

interface StoredObject {
  meta: S3Object;
  size: number;
  etag: string;
  body(): ObjectBody;
}

interface StoredBucket {
  spec: S3Bucket;
  /** sorted by key (binary order, as S3 lists) */
  objects: StoredObject[];
  byKey: Map<string, StoredObject>;
}

function storeObject(o: S3Object): StoredObject {
  let cached: ObjectBody | undefined;
  const body = () => (cached ??= objectBody(o));
  const inlineSize = o.Body !== undefined ? Buffer.byteLength(o.Body) : o.BodyBase64 !== undefined ? Buffer.from(o.BodyBase64, 'base64').length : undefined;
  const size = o.Generator ? (o.Size ?? 0) : (inlineSize ?? (o.BodyFile !== undefined ? body().size : (o.Size ?? 0)));
  const etag = o.ETag ?? createHash('md5').update(`${o.Key}\0${size}\0${o.Body ?? o.BodyBase64 ?? o.BodyFile ?? o.Generator ?? ''}`).digest('hex');
  return { meta: o, size, etag, body };
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const httpDate = (iso: string | undefined) => new Date(iso ?? DEFAULT_TIME).toUTCString();

function bool(v: boolean | undefined): string {
  return v ? 'true' : 'false';
}

export function publicAccessBlockXml(p: NonNullable<S3Bucket['PublicAccessBlock']>, ns = NS): string {
  return wrap(
    'PublicAccessBlockConfiguration',
    el('BlockPublicAcls', bool(p.BlockPublicAcls)) + el('IgnorePublicAcls', bool(p.IgnorePublicAcls)) + el('BlockPublicPolicy', bool(p.BlockPublicPolicy)) + el('RestrictPublicBuckets', bool(p.RestrictPublicBuckets)),
    ns,
  );
}

/** Parses `bytes=a-b`, `bytes=a-`, `bytes=-n`; undefined when absent or multi-range (S3 then serves the whole object). */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (end < start) return undefined;
  return { start, end };
}

export function createS3Fake(scenario: AwsScenario): ServiceFake {
  const owner = scenario.s3.buckets.find((b) => b.Acl?.Owner)?.Acl?.Owner ?? { ID: createHash('sha256').update(scenario.accountId).digest('hex') };
  const buckets = new Map<string, StoredBucket>();
  for (const spec of [...scenario.s3.buckets].sort((a, b) => byteOrder(a.Name, b.Name))) {
    const objects = spec.Objects.map(storeObject).sort((a, b) => byteOrder(a.meta.Key, b.meta.Key));
    buckets.set(spec.Name, { spec, objects, byKey: new Map(objects.map((o) => [o.meta.Key, o])) });
  }
  const bucketList = [...buckets.values()];

  const xml = (body: string, headers: Record<string, string> = {}): Reply => ({ status: 200, headers: { 'content-type': 'application/xml', ...headers }, body: XML_DECL + body });

  function bucketOr404(name: string): StoredBucket {
    const b = buckets.get(name);
    if (!b) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
    return b;
  }

  /** The bucket's Region; a scenario Region "EU" is the legacy LocationConstraint of buckets in eu-west-1. */
  const regionOf = (b: StoredBucket) => (b.spec.Region === 'EU' ? 'eu-west-1' : b.spec.Region);

  /** Real S3 answers a request signed for the wrong region with a redirect naming the bucket's region. */
  function regional(req: AwsRequest, b: StoredBucket): void {
    const region = regionOf(b);
    if (req.region !== region) {
      throw new AwsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301, {
        Endpoint: `s3.${region}.amazonaws.com`,
        Bucket: b.spec.Name,
        region,
      });
    }
  }

  function listBuckets(req: AwsRequest): Reply {
    const prefix = req.query.get('prefix') ?? '';
    const regionFilter = req.query.get('bucket-region');
    const maxParam = req.query.get('max-buckets');
    const max = maxParam === null ? MAX_BUCKETS : Number(maxParam);
    if (!Number.isInteger(max) || max < 1 || max > MAX_BUCKETS) throw new AwsError('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.', 400);
    const after = req.query.get('continuation-token');
    let start = 0;
    if (after !== null) start = decodeToken(after, 'ListBuckets', () => new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400));
    const matching = bucketList.filter((b) => b.spec.Name.startsWith(prefix) && (regionFilter === null || regionOf(b) === regionFilter));
    const pageItems = matching.slice(start, start + max);
    const next = start + pageItems.length < matching.length ? encodeToken(start + pageItems.length, 'ListBuckets') : undefined;
    const items = pageItems
      .map((b) => wrap('Bucket', el('Name', b.spec.Name) + el('CreationDate', b.spec.CreationDate ?? DEFAULT_TIME) + el('BucketRegion', regionOf(b))))
      .join('');
    return xml(
      wrap(
        'ListAllMyBucketsResult',
        wrap('Owner', el('ID', owner.ID) + el('DisplayName', owner.DisplayName)) + wrap('Buckets', items) + el('ContinuationToken', next) + (prefix ? el('Prefix', prefix) : ''),
        NS,
      ),
    );
  }

  function aclXml(b: StoredBucket): string {
    const acl = b.spec.Acl ?? { Owner: owner, Grants: [{ Grantee: { Type: 'CanonicalUser' as const, ID: owner.ID, DisplayName: owner.DisplayName }, Permission: 'FULL_CONTROL' as const }] };
    const o = acl.Owner ?? owner;
    const grants = acl.Grants.map((g) => {
      const gr = g.Grantee;
      const inner = el('ID', gr.ID) + el('DisplayName', gr.DisplayName) + el('EmailAddress', gr.EmailAddress) + el('URI', gr.URI);
      return wrap('Grant', wrap('Grantee', inner, `${XSI} xsi:type="${gr.Type}"`) + el('Permission', g.Permission));
    }).join('');
    return wrap('AccessControlPolicy', wrap('Owner', el('ID', o.ID) + el('DisplayName', o.DisplayName)) + wrap('AccessControlList', grants), NS);
  }

  function listObjectsV2(req: AwsRequest, b: StoredBucket): Reply {
    const q = req.query;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const startAfter = q.get('start-after') ?? '';
    const maxParam = q.get('max-keys');
    const maxKeys = maxParam === null ? MAX_KEYS : Math.min(MAX_KEYS, Number(maxParam));
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400);
    const token = q.get('continuation-token');
    const urlEncode = q.get('encoding-type') === 'url';
    // the token names the last key or common prefix returned; a prefix consumes every key under it
    let after = { key: startAfter, isPrefix: false };
    if (token !== null) {
      try {
        const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k: string; p: boolean };
        if (typeof t.k !== 'string') throw new Error('bad token');
        after = { key: t.k, isPrefix: Boolean(t.p) };
      } catch {
        throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400);
      }
    }
    const enc = (s: string) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
    const contents: StoredObject[] = [];
    const prefixes: string[] = [];
    let last = { key: '', isPrefix: false };
    let truncated = false;
    for (const o of b.objects) {
      const key = o.meta.Key;
      if (!key.startsWith(prefix)) continue;
      if (after.key && (byteOrder(key, after.key) <= 0 || (after.isPrefix && key.startsWith(after.key)))) continue;
      let common: string | undefined;
      if (delimiter) {
        const idx = key.indexOf(delimiter, prefix.length);
        if (idx >= 0) common = key.slice(0, idx + delimiter.length);
      }
      if (common !== undefined && prefixes[prefixes.length - 1] === common) continue;
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (common !== undefined) {
        prefixes.push(common);
        last = { key: common, isPrefix: true };
      } else {
        contents.push(o);
        last = { key, isPrefix: false };
      }
    }
    const next = truncated ? Buffer.from(JSON.stringify({ k: last.key, p: last.isPrefix })).toString('base64url') : undefined;
    const body =
      el('Name', b.spec.Name) +
      el('Prefix', enc(prefix)) +
      (delimiter ? el('Delimiter', enc(delimiter)) : '') +
      el('MaxKeys', maxKeys) +
      (urlEncode ? el('EncodingType', 'url') : '') +
      el('KeyCount', contents.length + prefixes.length) +
      el('IsTruncated', truncated ? 'true' : 'false') +
      (token !== null ? el('ContinuationToken', token) : '') +
      el('NextContinuationToken', next) +
      (startAfter ? el('StartAfter', enc(startAfter)) : '') +
      contents
        .map((o) =>
          wrap(
            'Contents',
            el('Key', enc(o.meta.Key)) + el('LastModified', o.meta.LastModified ?? b.spec.CreationDate ?? DEFAULT_TIME) + el('ETag', `"${o.etag}"`) + el('Size', o.size) + el('StorageClass', o.meta.StorageClass ?? 'STANDARD'),
          ),
        )
        .join('') +
      prefixes.map((p) => wrap('CommonPrefixes', el('Prefix', enc(p)))).join('');
    return xml(wrap('ListBucketResult', body, NS));
  }

  function objectHeaders(o: StoredObject, b: StoredBucket): Record<string, string> {
    const h: Record<string, string> = {
      'content-type': o.meta.ContentType ?? 'binary/octet-stream',
      etag: `"${o.etag}"`,
      'last-modified': httpDate(o.meta.LastModified ?? b.spec.CreationDate),
      'accept-ranges': 'bytes',
    };
    if (o.meta.StorageClass && o.meta.StorageClass !== 'STANDARD') h['x-amz-storage-class'] = o.meta.StorageClass;
    const sse = b.spec.ServerSideEncryptionConfiguration?.Rules[0]?.ApplyServerSideEncryptionByDefault;
    if (sse) {
      h['x-amz-server-side-encryption'] = sse.SSEAlgorithm;
      if (sse.KMSMasterKeyID) h['x-amz-server-side-encryption-aws-kms-key-id'] = sse.KMSMasterKeyID;
    }
    return h;
  }

  function getObject(req: AwsRequest, b: StoredBucket, key: string): Reply {
    const o = b.byKey.get(key);
    if (!o) {
      if (req.method === 'HEAD') throw new AwsError('NotFound', 'Not Found', 404);
      throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    }
    const headers = objectHeaders(o, b);
    const range = parseRange(req.headers.range as string | undefined, o.size);
    if (range === 'unsatisfiable') {
      throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: String(req.headers.range), ActualObjectSize: String(o.size) });
    }
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${o.size}`;
      headers['content-length'] = String(range.end - range.start + 1);
      return { status: 206, headers, body: req.method === 'HEAD' ? undefined : bodyStream(o.body(), range.start, range.end) };
    }
    headers['content-length'] = String(o.size);
    return { status: 200, headers, body: req.method === 'HEAD' || o.size === 0 ? undefined : bodyStream(o.body(), 0, o.size - 1) };
  }

  const SSE_S3_DEFAULT: NonNullable<S3Bucket['ServerSideEncryptionConfiguration']> = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] };
  const notFound = (code: string, message: string, bucket: string) => new AwsError(code, message, 404, { BucketName: bucket });

  /** Bucket sub-resource GETs: query parameter -> operation, reply builder. */
  const subresources: Record<string, { op: string; build(b: StoredBucket): Reply }> = {
    location: {
      op: 'GetBucketLocation',
      build: (b) => xml(b.spec.Region === 'us-east-1' ? `<LocationConstraint ${NS}/>` : wrap('LocationConstraint', esc(b.spec.Region), NS)),
    },
    policy: {
      op: 'GetBucketPolicy',
      build: (b) => {
        if (!b.spec.Policy) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist', b.spec.Name);
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(b.spec.Policy) };
      },
    },
    acl: { op: 'GetBucketAcl', build: (b) => xml(aclXml(b)) },
    publicAccessBlock: {
      op: 'GetPublicAccessBlock',
      build: (b) => {
        if (!b.spec.PublicAccessBlock) throw notFound('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', b.spec.Name);
        return xml(publicAccessBlockXml(b.spec.PublicAccessBlock));
      },
    },
    ownershipControls: {
      op: 'GetBucketOwnershipControls',
      build: (b) => {
        if (!b.spec.OwnershipControls) throw notFound('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', b.spec.Name);
        return xml(wrap('OwnershipControls', b.spec.OwnershipControls.Rules.map((r) => wrap('Rule', el('ObjectOwnership', r.ObjectOwnership))).join(''), NS));
      },
    },
    versioning: {
      op: 'GetBucketVersioning',
      build: (b) => xml(wrap('VersioningConfiguration', el('Status', b.spec.Versioning?.Status) + el('MfaDelete', b.spec.Versioning?.MFADelete), NS)),
    },
    'object-lock': {
      op: 'GetObjectLockConfiguration',
      build: (b) => {
        const c = b.spec.ObjectLockConfiguration;
        if (!c) throw notFound('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', b.spec.Name);
        const r = c.Rule?.DefaultRetention;
        const rule = r ? wrap('Rule', wrap('DefaultRetention', el('Mode', r.Mode) + el('Days', r.Days) + el('Years', r.Years))) : '';
        return xml(wrap('ObjectLockConfiguration', el('ObjectLockEnabled', c.ObjectLockEnabled) + rule, NS));
      },
    },
    encryption: {
      op: 'GetBucketEncryption',
      build: (b) => {
        // since 5 January 2023 every bucket has SSE-S3 as its base level of encryption, and GetBucketEncryption says so
        const c = b.spec.ServerSideEncryptionConfiguration ?? SSE_S3_DEFAULT;
        const rules = c.Rules.map((r) => {
          const d = r.ApplyServerSideEncryptionByDefault;
          return wrap('Rule', (d ? wrap('ApplyServerSideEncryptionByDefault', el('SSEAlgorithm', d.SSEAlgorithm) + el('KMSMasterKeyID', d.KMSMasterKeyID)) : '') + el('BucketKeyEnabled', r.BucketKeyEnabled === undefined ? undefined : bool(r.BucketKeyEnabled)));
        }).join('');
        return xml(wrap('ServerSideEncryptionConfiguration', rules, NS));
      },
    },
    logging: {
      op: 'GetBucketLogging',
      build: (b) => {
        const l = b.spec.Logging?.LoggingEnabled;
        return xml(wrap('BucketLoggingStatus', l ? wrap('LoggingEnabled', el('TargetBucket', l.TargetBucket) + el('TargetPrefix', l.TargetPrefix)) : '', NS));
      },
    },
    tagging: {
      op: 'GetBucketTagging',
      build: (b) => {
        if (!b.spec.Tagging) throw notFound('NoSuchTagSet', 'The TagSet does not exist', b.spec.Name);
        return xml(wrap('Tagging', wrap('TagSet', b.spec.Tagging.TagSet.map((t) => wrap('Tag', el('Key', t.Key) + el('Value', t.Value))).join('')), NS));
      },
    },
  };

  function route(req: AwsRequest): RoutedOperation {
    const parts = req.path.split('/');
    const bucket = decodeURIComponent(parts[1] ?? '');
    const key = parts.length > 2 ? decodeURIComponent(parts.slice(2).join('/')) : '';
    const method = req.method;
    if (!bucket) {
      if (method === 'GET') return { operation: 'ListBuckets', handle: () => listBuckets(req) };
    } else if (!key) {
      const name = Object.keys(subresources).find((s) => req.query.has(s));
      if (method === 'GET' && name) {
        const sub = subresources[name];
        // GetBucketLocation is answered from any region, as on AWS
        return { operation: sub.op, resources: [bucket], handle: () => (name === 'location' ? sub.build(bucketOr404(bucket)) : (regionalBucket(req, bucket), sub.build(bucketOr404(bucket)))) };
      }
      if (method === 'GET' && req.query.get('list-type') === '2') return { operation: 'ListObjectsV2', resources: [bucket], handle: () => listObjectsV2(req, regionalBucket(req, bucket)) };
      if (method === 'HEAD' && [...req.query.keys()].filter((k) => k !== 'x-id').length === 0) {
        return {
          operation: 'HeadBucket',
          resources: [bucket],
          handle: () => {
            const b = buckets.get(bucket);
            if (!b) throw new AwsError('NotFound', 'Not Found', 404);
            // a wrong-region HEAD answers 301 with the region header (how clients discover a bucket's region)
            return { status: regionOf(b) === req.region ? 200 : 301, headers: { 'x-amz-bucket-region': regionOf(b) } };
          },
        };
      }
    } else if (method === 'GET' || method === 'HEAD') {
      const onlyPlain = [...req.query.keys()].every((k) => k === 'x-id' || k === 'partNumber' || k === 'versionId');
      if (onlyPlain) {
        return { operation: method === 'GET' ? 'GetObject' : 'HeadObject', resources: [bucket, `${bucket}/${key}`], handle: () => getObject(req, regionalBucket(req, bucket), key) };
      }
    }
    throw new AwsError(method === 'GET' || method === 'HEAD' ? 'NotImplemented' : 'AccessDenied', `The mock S3 does not implement ${method} ${req.path}?${req.query.toString()} (read-only subset)`, method === 'GET' || method === 'HEAD' ? 501 : 403);
  }

  function regionalBucket(req: AwsRequest, name: string): StoredBucket {
    const b = bucketOr404(name);
    regional(req, b);
    return b;
  }

  return { service: 's3', route, errorReply: s3ErrorReply };
}
