// A wire-level fake of the Cloud Storage JSON API (the read methods aispm uses), on node:http.
// Paths are served with or without the /storage/v1 prefix: apiEndpoint clients send it, STORAGE_EMULATOR_HOST
// clients do not. Errors use the JSON API error body {error:{code, message, errors:[{reason, domain, message}]}}.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { MultipartFormatError, multipartBoundary } from '../../src/connectors/gcp/multipart.js';
import { batchResponseBody, parseBatchRequest, type InnerRequest, type InnerResponse } from './batch-multipart.js';
import type { FaultInjector, InjectedError, RequestScope } from './faults.js';
import type { GcpFaultError } from './scenario.js';
import type { GcpState, ServedBucket, ServedObject } from './state.js';

const MAX_RESULTS = 1000;

interface JsonApiError {
  code: number;
  reason: string;
  domain: string;
  message: string;
  status: string;
}

class HttpError extends Error {
  constructor(readonly body: JsonApiError) {
    super(body.message);
  }
}

const notFound = (message: string) => new HttpError({ code: 404, reason: 'notFound', domain: 'global', message, status: 'NOT_FOUND' });
const invalid = (message: string) => new HttpError({ code: 400, reason: 'invalid', domain: 'global', message, status: 'INVALID_ARGUMENT' });

function serviceDisabled(projectNumber: string): HttpError {
  return new HttpError({
    code: 403, reason: 'accessNotConfigured', domain: 'usageLimits', status: 'PERMISSION_DENIED',
    message: `Cloud Storage JSON API has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/storage-api.googleapis.com/overview?project=${projectNumber} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
  });
}

/** The JSON API error for an injected fault kind. */
export function storageError(kind: GcpFaultError, message: string | undefined, what: string, permission = 'storage.buckets.get'): JsonApiError {
  switch (kind) {
    case 'PERMISSION_DENIED': case 403:
      return { code: 403, reason: 'forbidden', domain: 'global', status: 'PERMISSION_DENIED', message: message ?? `caller@aispm-mock.iam.gserviceaccount.com does not have ${permission} access to ${what}. Permission '${permission}' denied on resource (or it may not exist).` };
    case 'SERVICE_DISABLED':
      return { ...serviceDisabled('0').body, ...(message ? { message } : {}) };
    case 'NOT_FOUND': case 404:
      return { code: 404, reason: 'notFound', domain: 'global', status: 'NOT_FOUND', message: message ?? `${what} not found.` };
    case 'RESOURCE_EXHAUSTED': case 429:
      return { code: 429, reason: 'rateLimitExceeded', domain: 'usageLimits', status: 'RESOURCE_EXHAUSTED', message: message ?? 'The rate of change requests to the bucket is too high. Please slow down.' };
    case 'UNAVAILABLE': case 503:
      return { code: 503, reason: 'backendError', domain: 'global', status: 'UNAVAILABLE', message: message ?? 'Backend Error' };
    case 'UNAUTHENTICATED': case 401:
      return { code: 401, reason: 'required', domain: 'global', status: 'UNAUTHENTICATED', message: message ?? 'Anonymous caller does not have storage.buckets.list access.' };
    case 'DEADLINE_EXCEEDED':
      return { code: 504, reason: 'backendError', domain: 'global', status: 'DEADLINE_EXCEEDED', message: message ?? 'Deadline exceeded' };
    case 'INTERNAL': case 500:
      return { code: 500, reason: 'backendError', domain: 'global', status: 'INTERNAL', message: message ?? 'Internal Error' };
  }
}

/** Where an answer goes: the HTTP response, or one part of a batch response. */
interface Reply {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(text: string): unknown;
}

function send(res: Reply, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function sendError(res: Reply, e: JsonApiError): void {
  send(res, e.code, { error: { code: e.code, message: e.message, errors: [{ message: e.message, domain: e.domain, reason: e.reason }] } });
}

const encodeToken = (after: string) => Buffer.from(JSON.stringify({ after })).toString('base64url');
function decodeToken(token: string | null): string | undefined {
  if (!token) return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof v.after === 'string') return v.after;
  } catch {
    // fall through
  }
  throw invalid(`Invalid page token: ${token}`);
}

function maxResultsOf(q: URLSearchParams): number {
  const raw = q.get('maxResults');
  if (raw === null) return MAX_RESULTS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw invalid(`Invalid value for maxResults: ${raw}`);
  return Math.min(n === 0 ? MAX_RESULTS : n, MAX_RESULTS);
}

/** First index whose name is >= key (names sorted); with `strict`, first index whose name is > key. */
function lowerBound(names: readonly string[], key: string, strict = false): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (names[mid] < key || (strict && names[mid] === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const startAfter = (names: readonly string[], after: string | undefined) => (after === undefined ? 0 : lowerBound(names, after, true));

// methods whose permission (storage.buckets.getIamPolicy) also decides whether projection=full carries the ACLs
const ACL_PERMISSION_METHODS = ['buckets.getIamPolicy', 'bucketAccessControls.list', 'defaultObjectAccessControls.list'];

/**
 * A bucket resource as the JSON API returns it. projection=full adds acl, defaultObjectAcl and owner, but only for
 * callers allowed to read the ACLs (storage.buckets.getIamPolicy): a caller a scenario fault denies that gets the
 * bucket without them, as from Google.
 */
function bucketView(b: ServedBucket, projection: string | null, faults: FaultInjector): Record<string, unknown> {
  if (projection === 'full') {
    const ubla = (b.resource.iamConfiguration as { uniformBucketLevelAccess?: { enabled?: boolean } }).uniformBucketLevelAccess?.enabled;
    const { acl, defaultObjectAcl, ...rest } = b.resource;
    if (ubla || faults.denies('storage', ACL_PERMISSION_METHODS, b.resource.name as string)) return rest;
    return { ...rest, acl: acl ?? [], defaultObjectAcl: defaultObjectAcl ?? [], owner: { entity: `project-owners-${b.project.projectNumber}` } };
  }
  const { acl: _a, defaultObjectAcl: _d, ...rest } = b.resource;
  return rest;
}

const PERMISSIONS: Record<string, string> = {
  'buckets.list': 'storage.buckets.list',
  'buckets.get': 'storage.buckets.get',
  'buckets.getIamPolicy': 'storage.buckets.getIamPolicy',
  'bucketAccessControls.list': 'storage.buckets.getIamPolicy',
  'defaultObjectAccessControls.list': 'storage.buckets.getIamPolicy',
  'objects.list': 'storage.objects.list',
  'objects.get': 'storage.objects.get',
};

interface Route {
  method: string;
  targets: string[];
  project?: string;
  handle(): Promise<void> | void;
}

export interface StorageServer {
  endpoint: string;
  close(): Promise<void>;
}

export async function startStorageServer(state: GcpState, faults: FaultInjector, host = '127.0.0.1', port = 0, options: { batch: boolean } = { batch: true }): Promise<StorageServer> {
  const server = http.createServer((req, res) => {
    handle(state, faults, req, res, options.batch).catch((err: unknown) => {
      if (res.headersSent) res.destroy(err as Error);
      else sendError(res, { code: 500, reason: 'backendError', domain: 'global', status: 'INTERNAL', message: `mock error: ${(err as Error).message}` });
    });
  });
  // long enough that a Node client keeps its connections (its agent drops a socket whose Keep-Alive hint is <= 1 s),
  // as Google's front ends keep them; close() ends open connections itself
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${addr.port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(state: GcpState, faults: FaultInjector, req: http.IncomingMessage, res: http.ServerResponse, batch: boolean): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock');
  if (req.method === 'POST' && BATCH_PATHS.has(url.pathname)) {
    if (batch) return handleBatch(state, faults, req, res);
    req.resume();
    return sendError(res, notFound(`Not Found: ${url.pathname}`).body);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, { code: 405, reason: 'methodNotAllowed', domain: 'global', status: 'UNIMPLEMENTED', message: `the aispm Cloud Storage mock is read-only: ${req.method} ${url.pathname} is not served` });
    return;
  }
  await serveCall(state, faults, url, req, res, (method, targets, scope) => faults.admit('storage', method, targets, scope));
}

type Admit = (method: string, targets: readonly string[], scope: RequestScope) => Promise<InjectedError | undefined> | InjectedError | undefined;

/** Routes one JSON API call, admits it (count, rate limit, faults) and answers it into `res`. */
async function serveCall(state: GcpState, faults: FaultInjector, url: URL, req: http.IncomingMessage, res: Reply, admit: Admit): Promise<void> {
  const path = url.pathname.replace(/^\/(download\/)?storage\/v1(?=\/)/, '');
  const q = url.searchParams;
  let route: Route;
  try {
    route = routeOf(state, faults, path, q, req, res);
  } catch (err) {
    if (err instanceof HttpError) return sendError(res, err.body);
    throw err;
  }
  const injected = await admit(route.method, route.targets, { project: route.project && state.project(route.project)?.projectNumber });
  if (injected) {
    const target = route.targets[route.targets.length - 1];
    const what = target === undefined ? 'the project' : route.method === 'buckets.list' ? `project ${route.targets[0]}` : `the Google Cloud Storage bucket ${target}`;
    return sendError(res, storageError(injected.error, injected.message, what, PERMISSIONS[route.method]));
  }
  try {
    if (route.project && state.project(route.project)?.apisDisabled.has('storage.googleapis.com')) throw serviceDisabled(state.project(route.project)!.projectNumber);
    await route.handle();
  } catch (err) {
    if (err instanceof HttpError) return sendError(res, err.body);
    throw err;
  }
}

// https://cloud.google.com/storage/docs/batch: "You should not include more than 100 calls in a single batch request"
// and "The total batch request payload must be less than 10MB".
export const MAX_BATCH_CALLS = 100;
const MAX_BATCH_BYTES = 10 * 1024 * 1024;
const BATCH_PATHS = new Set(['/batch/storage/v1']);

/** A batch part's answer, collected instead of written to a socket. */
class PartReply implements Reply {
  status = 500;
  headers: Record<string, string> = {};
  body = '';
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
  }
  end(text: string) {
    this.body = text;
  }
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Why a batch is refused as a whole: a 400 that names the problem, as the JSON API reports invalid requests. */
function batchProblem(inner: InnerRequest[]): string | undefined {
  if (inner.length === 0) return 'a batch request must contain at least one call';
  if (inner.length > MAX_BATCH_CALLS) return `a batch request may contain at most ${MAX_BATCH_CALLS} calls; this one has ${inner.length}`;
  for (const [i, r] of inner.entries()) {
    // the docs: "These HTTP requests must only contain the path portion of the URL; full URLs are not allowed"
    if (!r.target.startsWith('/storage/v1/')) return `call ${i + 1}: ${r.target} is not a Cloud Storage JSON API path (/storage/v1/...); batch requests carry only the path of JSON API calls`;
    if (/[?&]alt=media(&|$)/.test(r.target)) return `call ${i + 1}: Cloud Storage does not support batch operations for uploading or downloading`;
  }
  return undefined;
}

/**
 * POST /batch/storage/v1: each inner call is routed, counted, rate-limited and fault-injected like a request of its
 * own (Google counts n batched calls as n requests), the whole batch waits the latency once (one round trip), and the
 * answer has one part per call, in order.
 */
async function handleBatch(state: GcpState, faults: FaultInjector, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const bad = (message: string, code = 400) => sendError(res, { code, reason: code === 413 ? 'uploadTooLarge' : 'invalid', domain: 'global', status: 'INVALID_ARGUMENT', message });
  const boundary = multipartBoundary(req.headers['content-type']);
  const body = await readBody(req, MAX_BATCH_BYTES);
  if (body === undefined) return bad(`the batch request payload must be less than ${MAX_BATCH_BYTES} bytes`, 413);
  if (!boundary) return bad(`a batch request needs Content-Type multipart/mixed with a boundary, got ${req.headers['content-type'] ?? 'none'}`);
  let inner: InnerRequest[];
  try {
    inner = parseBatchRequest(body, boundary);
  } catch (err) {
    if (err instanceof MultipartFormatError) return bad(`malformed batch request: ${err.message}`);
    throw err;
  }
  const problem = batchProblem(inner);
  if (problem) return bad(problem);
  await faults.roundTrip('storage');
  const answers: InnerResponse[] = [];
  for (const r of inner) {
    const reply = new PartReply();
    const url = new URL(r.target, 'http://mock');
    if (r.method !== 'GET') {
      sendError(reply, { code: 405, reason: 'methodNotAllowed', domain: 'global', status: 'UNIMPLEMENTED', message: `the aispm Cloud Storage mock is read-only: ${r.method} ${url.pathname} is not served` });
    } else {
      try {
        await serveCall(state, faults, url, req, reply, (method, targets, scope) => faults.admitInner('storage', method, targets, scope));
      } catch (err) {
        sendError(reply, { code: 500, reason: 'backendError', domain: 'global', status: 'INTERNAL', message: `mock error: ${(err as Error).message}` });
      }
    }
    answers.push({ status: reply.status, headers: reply.headers, body: reply.body, ...(r.contentId ? { contentId: r.contentId } : {}) });
  }
  const outBoundary = `batch_${randomBytes(12).toString('base64url')}`;
  const text = batchResponseBody(answers, outBoundary);
  res.writeHead(200, { 'content-type': `multipart/mixed; boundary=${outBoundary}`, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function routeOf(state: GcpState, faults: FaultInjector, path: string, q: URLSearchParams, req: http.IncomingMessage, res: Reply): Route {
  const parts = path.split('/').slice(1).map((p) => decodeURIComponent(p));
  if (parts[0] !== 'b') throw notFound(`Not Found: ${path}`);
  if (parts.length === 1) {
    const project = q.get('project');
    return {
      method: 'buckets.list',
      targets: project ? [project, `projects/${project}`] : [],
      project: project ?? undefined,
      handle: () => {
        if (!project) throw invalid('Required parameter: project');
        const p = state.project(project);
        if (!p) throw new HttpError({ code: 403, reason: 'forbidden', domain: 'global', status: 'PERMISSION_DENIED', message: `The project ${project} does not exist or the caller does not have storage.buckets.list access to it.` });
        const prefix = q.get('prefix') ?? '';
        const names = state.bucketNames.filter((n) => state.buckets.get(n)!.project === p && n.startsWith(prefix));
        const start = startAfter(names, decodeToken(q.get('pageToken')));
        const page = names.slice(start, start + maxResultsOf(q));
        const more = start + page.length < names.length;
        send(res, 200, {
          kind: 'storage#buckets',
          ...(more && page.length ? { nextPageToken: encodeToken(page[page.length - 1]) } : {}),
          items: page.map((n) => bucketView(state.buckets.get(n)!, q.get('projection'), faults)),
        });
      },
    };
  }
  const bucketName = parts[1];
  const bucket = state.buckets.get(bucketName);
  const needBucket = (): ServedBucket => {
    if (!bucket) throw notFound('The specified bucket does not exist.');
    return bucket;
  };
  const project = bucket?.project.projectId;
  if (parts.length === 2) {
    return { method: 'buckets.get', targets: [bucketName], project, handle: () => send(res, 200, bucketView(needBucket(), q.get('projection'), faults)) };
  }
  const sub = parts[2];
  if (parts.length === 3 && sub === 'iam') {
    return {
      method: 'buckets.getIamPolicy', targets: [bucketName], project,
      handle: () => {
        const b = needBucket();
        const requested = Number(q.get('optionsRequestedPolicyVersion') ?? '1');
        const hasConditions = b.iamPolicy.bindings.some((x) => x.condition);
        if (hasConditions && requested < 3) {
          throw invalid('Policies with conditions cannot be retrieved with requested policy version < 3. Set optionsRequestedPolicyVersion=3.');
        }
        send(res, 200, {
          kind: 'storage#policy',
          resourceId: `projects/_/buckets/${bucketName}`,
          version: b.iamPolicy.version ?? (hasConditions ? 3 : 1),
          etag: b.iamPolicy.etag ?? 'CAE=',
          bindings: b.iamPolicy.bindings,
        });
      },
    };
  }
  if (parts.length === 3 && (sub === 'acl' || sub === 'defaultObjectAcl')) {
    return {
      method: sub === 'acl' ? 'bucketAccessControls.list' : 'defaultObjectAccessControls.list', targets: [bucketName], project,
      handle: () => {
        const b = needBucket();
        const ubla = (b.resource.iamConfiguration as { uniformBucketLevelAccess?: { enabled?: boolean } }).uniformBucketLevelAccess?.enabled;
        if (ubla) throw invalid('Cannot get legacy ACL for a bucket that has uniform bucket-level access. Read more at https://cloud.google.com/storage/docs/uniform-bucket-level-access');
        const items = (b.resource[sub] as unknown[] | undefined) ?? [];
        send(res, 200, { kind: sub === 'acl' ? 'storage#bucketAccessControls' : 'storage#objectAccessControls', items });
      },
    };
  }
  if (sub === 'o' && parts.length === 3) {
    return { method: 'objects.list', targets: [bucketName], project, handle: () => listObjects(needBucket(), q, res) };
  }
  if (sub === 'o' && parts.length >= 4) {
    const objectName = parts.slice(3).join('/');
    return {
      method: 'objects.get', targets: [bucketName, `${bucketName}/${objectName}`], project,
      handle: async () => {
        const b = needBucket();
        const i = lowerBound(b.objects.map((x) => x.name), objectName);
        const o = b.objects[i]?.name === objectName ? b.objects[i] : undefined;
        if (!o) throw notFound(`No such object: ${bucketName}/${objectName}`);
        if (q.get('alt') === 'media') await sendMedia(o, req, res as http.ServerResponse);
        else send(res, 200, o.resource);
      },
    };
  }
  throw notFound(`Not Found: ${path}`);
}

function listObjects(b: ServedBucket, q: URLSearchParams, res: Reply): void {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const max = maxResultsOf(q);
  const after = decodeToken(q.get('pageToken'));
  const names = b.objects.map((o) => o.name);
  const items: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  let last: string | undefined;
  let i = Math.max(startAfter(names, after), lowerBound(names, prefix));
  let more = false;
  for (; i < names.length; i++) {
    const name = names[i];
    if (!name.startsWith(prefix)) break;
    if (items.length + prefixes.length >= max) {
      more = true;
      break;
    }
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const p = name.slice(0, cut + delimiter.length);
      prefixes.push(p);
      // skip every object under this prefix: the page continues after it
      while (i + 1 < names.length && names[i + 1].startsWith(p)) i++;
      last = names[i];
    } else {
      items.push(b.objects[i].resource);
      last = name;
    }
  }
  send(res, 200, {
    kind: 'storage#objects',
    ...(more && last !== undefined ? { nextPageToken: encodeToken(last) } : {}),
    ...(prefixes.length ? { prefixes } : {}),
    items,
  });
}

async function sendMedia(o: ServedObject, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const size = o.bytes.size;
  const headers: Record<string, string> = {
    'content-type': String(o.resource.contentType),
    'x-goog-generation': String(o.resource.generation),
    'x-goog-metageneration': '1',
    'x-goog-stored-content-length': String(size),
    'x-goog-stored-content-encoding': 'identity',
    'accept-ranges': 'bytes',
    etag: '"CAE="',
  };
  const range = req.headers.range;
  // a whole-object read carries the hashes the client validates; generated objects get their CRC32C on first need
  if (!range) headers['x-goog-hash'] = [`crc32c=${o.bytes.crc32c()}`, ...(o.bytes.md5Hash ? [`md5=${o.bytes.md5Hash}`] : [])].join(',');
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (m && (m[1] !== '' || m[2] !== '')) {
      if (m[1] === '') {
        start = Math.max(0, size - Number(m[2]));
      } else {
        start = Number(m[1]);
        end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
      }
      if (start >= size || start > end) {
        throw new HttpError({ code: 416, reason: 'requestedRangeNotSatisfiable', domain: 'global', status: 'OUT_OF_RANGE', message: 'Request range not satisfiable' });
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
  }
  headers['content-length'] = String(size === 0 ? 0 : end - start + 1);
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await pipeline(o.bytes.read(start, end), res);
}
