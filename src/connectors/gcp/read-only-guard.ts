import { GCP_API_CALLS, type GcpClientName } from './api-calls.js';

/** Thrown before any request is sent when code tries to reach a client method outside the read-only allowlist. */
export class ReadOnlyViolation extends Error {
  override name = 'ReadOnlyViolation';
}

/** What a method's result becomes: as is (`true`), a guarded object, or a transformed value. */
export type ResultSpec = true | GuardSpec | ((result: unknown) => unknown);

/** Shape of an allowed object: its allowed methods and properties. */
export interface GuardSpec {
  name: string;
  methods: Record<string, ResultSpec>;
  props?: Record<string, true | GuardSpec>;
}

export function declaredMethods(client: GcpClientName): string[] {
  return GCP_API_CALLS.filter((c) => c.client === client).map((c) => c.method);
}

/**
 * Wraps a client so only allowlisted members can be reached. Methods run bound to the real client, so the
 * client's own internals are untouched; anything else (deleteDataset, bucket.delete, setMetadata, ...) throws.
 */
export function guardObject<T extends object>(target: T, spec: GuardSpec): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (typeof prop === 'symbol') return Reflect.get(obj, prop);
      if (prop === 'then') return undefined; // lets a guarded object pass through await
      const method = spec.methods[prop];
      if (method !== undefined) {
        const fn = Reflect.get(obj, prop) as (...a: unknown[]) => unknown;
        if (typeof fn !== 'function') throw new ReadOnlyViolation(`${spec.name}.${prop} is not a method`);
        return (...args: unknown[]) => {
          const result = fn.apply(obj, args);
          if (method === true) return result;
          if (typeof method === 'function') return method(result);
          return guardObject(result as object, method);
        };
      }
      const propSpec = spec.props?.[prop];
      if (propSpec !== undefined) {
        const value = Reflect.get(obj, prop);
        return propSpec === true ? value : guardObject(value as object, propSpec);
      }
      throw new ReadOnlyViolation(`read-only guard: ${spec.name}.${prop} is not an allowed read-only call`);
    },
    set(_obj, prop) {
      throw new ReadOnlyViolation(`read-only guard: cannot set ${spec.name}.${String(prop)}`);
    },
  });
}

const methodsOf = (client: GcpClientName): Record<string, true> => Object.fromEntries(declaredMethods(client).map((m) => [m, true as const]));

/** gax clients: the declared methods plus close() (local: it shuts the channel). */
export function gaxClientSpec(client: GcpClientName): GuardSpec {
  return { name: client, methods: { ...methodsOf(client), close: true } };
}

/** Storage: getBuckets, and bucket(name) -> iam.getPolicy, acl.get, acl.default.get. */
export function storageSpec(): GuardSpec {
  const acl: GuardSpec = { name: 'Bucket.acl', methods: methodsOf('Bucket.acl'), props: { default: { name: 'Bucket.acl.default', methods: methodsOf('Bucket.acl.default') } } };
  const bucket: GuardSpec = { name: 'Bucket', methods: {}, props: { name: true, iam: { name: 'Bucket.iam', methods: methodsOf('Bucket.iam') }, acl } };
  // getBuckets resolves to [Bucket[], nextQuery, apiResponse]; the listed Bucket objects (with delete(), setMetadata(), ...)
  // leave the guard only guarded, so the collector reuses them instead of constructing a second Bucket per name.
  const getBuckets = (result: unknown) => (result as Promise<unknown[]>).then(([buckets, next, response]) => [(buckets as object[]).map((b) => guardObject(b, bucket)), next, response]);
  return { name: 'Storage', methods: { getBuckets, bucket } };
}

/** The JSON API path (with query) of each declared Storage read, as it appears in a batch's inner request line. */
const JSON_API_READ_PATHS: Record<string, RegExp> = {
  'buckets.list': /^\/storage\/v1\/b(\?|$)/,
  'buckets.getIamPolicy': /^\/storage\/v1\/b\/[^/?]+\/iam(\?|$)/,
  'bucketAccessControls.list': /^\/storage\/v1\/b\/[^/?]+\/acl(\?|$)/,
  'defaultObjectAccessControls.list': /^\/storage\/v1\/b\/[^/?]+\/defaultObjectAcl(\?|$)/,
};

/**
 * Characters that cannot be in a request target (RFC 9112: no whitespace or control characters; the caller
 * percent-encodes): a space, CR or LF would end the inner request line, so the rest of the path would become more of
 * the inner request (a header such as X-HTTP-Method-Override, or a body) that the checks below never saw.
 */
const NOT_IN_REQUEST_TARGET = /[^\x21-\x7e]/;

/** the paths of the declared Storage reads a batch may carry, made on first use */
let batchableReads: RegExp[] | undefined;

/**
 * A Cloud Storage batch is one POST carrying many calls: it is sent only when every inner request is a GET of a
 * declared Storage read (GCP_API_CALLS) whose path is one request target; anything else throws ReadOnlyViolation
 * before a request is built.
 */
export function assertReadOnlyBatch(requests: readonly { method: string; path: string }[]): void {
  const allowed = (batchableReads ??= GCP_API_CALLS.filter((c) => c.service === 'storage').flatMap((c) => (JSON_API_READ_PATHS[c.rpc] ? [JSON_API_READ_PATHS[c.rpc]] : [])));
  for (const r of requests) {
    if (NOT_IN_REQUEST_TARGET.test(r.path)) {
      throw new ReadOnlyViolation(`read-only guard: a Cloud Storage batch call's path must be percent-encoded, without spaces or control characters: ${JSON.stringify(r.path)}`);
    }
    if (r.method !== 'GET' || !allowed.some((path) => path.test(r.path))) {
      throw new ReadOnlyViolation(`read-only guard: a Cloud Storage batch may carry only GETs of declared read calls, not ${r.method} ${r.path}`);
    }
  }
}
