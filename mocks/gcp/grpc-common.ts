// Shared machinery for the gRPC fakes: loading service definitions from the clients' own proto bundles, the
// admission path (stats, rate limit, latency, injected faults, disabled APIs), Google-style errors with
// google.rpc.Status details (ErrorInfo), and AIP-158 pagination.
import * as grpc from '@grpc/grpc-js';
import type { FaultInjector } from './faults.js';
import { bundleRoot, type ProtoBundle } from './protos.js';
import type { GcpFaultError, GcpService } from './scenario.js';
import type { ServedProject } from './state.js';

export class GrpcError extends Error {
  constructor(readonly code: grpc.status, message: string, readonly errorInfo?: { reason: string; domain: string; metadata: Record<string, string> }) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new GrpcError(grpc.status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new GrpcError(grpc.status.NOT_FOUND, message);
export const permissionDenied = (permission: string, resource: string) =>
  new GrpcError(grpc.status.PERMISSION_DENIED, `Permission '${permission}' denied on resource '${resource}' (or it may not exist).`, {
    reason: 'IAM_PERMISSION_DENIED', domain: 'iam.googleapis.com', metadata: { permission, resource },
  });

export interface ApiIdentity {
  service: GcpService;
  /** e.g. aiplatform.googleapis.com: the name in apisDisabled and ErrorInfo */
  apiName: string;
  /** e.g. "Vertex AI API" */
  title: string;
}

export function serviceDisabled(api: ApiIdentity, projectNumber: string): GrpcError {
  return new GrpcError(
    grpc.status.PERMISSION_DENIED,
    `${api.title} has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${api.apiName}/overview?project=${projectNumber} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
    {
      reason: 'SERVICE_DISABLED',
      domain: 'googleapis.com',
      metadata: {
        service: api.apiName, consumer: `projects/${projectNumber}`, serviceTitle: api.title, containerInfo: projectNumber,
        activationUrl: `https://console.developers.google.com/apis/api/${api.apiName}/overview?project=${projectNumber}`,
      },
    },
  );
}

export function faultError(api: ApiIdentity, kind: GcpFaultError, message: string | undefined, method: string, target: string): GrpcError {
  switch (kind) {
    case 'PERMISSION_DENIED': case 403:
      return new GrpcError(grpc.status.PERMISSION_DENIED, message ?? `Permission denied on resource '${target}' for ${method} (or it may not exist).`,
        { reason: 'IAM_PERMISSION_DENIED', domain: 'iam.googleapis.com', metadata: { resource: target } });
    case 'SERVICE_DISABLED': {
      const e = serviceDisabled(api, /projects\/(\d+)/.exec(target)?.[1] ?? '0');
      return message ? new GrpcError(e.code, message, e.errorInfo) : e;
    }
    case 'NOT_FOUND': case 404:
      return new GrpcError(grpc.status.NOT_FOUND, message ?? `${target} not found.`);
    case 'RESOURCE_EXHAUSTED': case 429:
      return new GrpcError(grpc.status.RESOURCE_EXHAUSTED, message ?? `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service '${api.apiName}'.`,
        { reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com', metadata: { service: api.apiName, quota_metric: `${api.apiName}/read_requests` } });
    case 'UNAVAILABLE': case 503:
      return new GrpcError(grpc.status.UNAVAILABLE, message ?? 'The service is currently unavailable.');
    case 'UNAUTHENTICATED': case 401:
      return new GrpcError(grpc.status.UNAUTHENTICATED, message ?? 'Request had invalid authentication credentials.');
    case 'DEADLINE_EXCEEDED':
      return new GrpcError(grpc.status.DEADLINE_EXCEEDED, message ?? 'Deadline exceeded.');
    case 'INTERNAL': case 500:
      return new GrpcError(grpc.status.INTERNAL, message ?? 'Internal error encountered.');
  }
}

/** The error as grpc-js sends it: code, message, and google.rpc.Status in grpc-status-details-bin (what google-gax decodes). */
function toServiceError(e: GrpcError): Partial<grpc.ServiceError> {
  const metadata = new grpc.Metadata();
  if (e.errorInfo) {
    const root = bundleRoot('common');
    const errorInfo = root.lookupType('google.rpc.ErrorInfo');
    const status = root.lookupType('google.rpc.Status');
    const details = [{ type_url: 'type.googleapis.com/google.rpc.ErrorInfo', value: errorInfo.encode(errorInfo.fromObject(e.errorInfo)).finish() }];
    metadata.set('grpc-status-details-bin', Buffer.from(status.encode(status.fromObject({ code: e.code, message: e.message, details })).finish()));
  }
  return { code: e.code, details: e.message, metadata };
}

/** One RPC: what it targets (for faults and disabled APIs) and how to answer. */
export interface RpcPlan {
  targets: string[];
  project?: ServedProject;
  run(): unknown;
}
export type RpcHandler = (request: any) => RpcPlan;

const TO_OBJECT = { longs: String, enums: String, defaults: false, oneofs: true } as const;
const definitionCache = new Map<string, grpc.ServiceDefinition>();

/**
 * The grpc-js definition of a fully qualified service, e.g. google.cloud.aiplatform.v1.DatasetService, built from the
 * protobufjs root directly (as @grpc/proto-loader would, with keepCase, longs and enums as strings, no defaults);
 * proto-loader's own fromJSON takes about 3 s on the aiplatform bundle.
 */
export function serviceDefinition(bundle: ProtoBundle, fullName: string): grpc.ServiceDefinition {
  const key = `${bundle}:${fullName}`;
  const cached = definitionCache.get(key);
  if (cached) return cached;
  const service = bundleRoot(bundle).lookupService(fullName);
  const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const req = method.resolvedRequestType!;
    const res = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: (v: object) => Buffer.from(req.encode(req.fromObject(v)).finish()),
      requestDeserialize: (b: Buffer) => req.toObject(req.decode(b), TO_OBJECT),
      responseSerialize: (v: object) => Buffer.from(res.encode(res.fromObject(v)).finish()),
      responseDeserialize: (b: Buffer) => res.toObject(res.decode(b), TO_OBJECT),
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    } as grpc.MethodDefinition<object, object>;
  }
  definitionCache.set(key, definition as grpc.ServiceDefinition);
  return definition as grpc.ServiceDefinition;
}

/** Wraps plain handlers into grpc-js unary handlers that go through the fault injector and disabled-API checks. */
export function implement(api: ApiIdentity, faults: FaultInjector, handlers: Record<string, RpcHandler>): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) {
    out[method] = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      (async () => {
        let plan: RpcPlan;
        try {
          plan = handler(call.request);
        } catch (err) {
          if (err instanceof GrpcError) return callback(toServiceError(err));
          throw err;
        }
        const where = plan.targets.length ? /^projects\/([^/]+)(?:\/locations\/([^/]+))?/.exec(plan.targets[0]) : null;
        const injected = await faults.admit(api.service, method, plan.targets, { project: where?.[1], location: where?.[2] });
        if (injected) return callback(toServiceError(faultError(api, injected.error, injected.message, method, plan.targets[0] ?? '')));
        if (plan.project?.apisDisabled.has(api.apiName)) return callback(toServiceError(serviceDisabled(api, plan.project.projectNumber)));
        try {
          callback(null, plan.run());
        } catch (err) {
          if (err instanceof GrpcError) return callback(toServiceError(err));
          throw err;
        }
      })().catch((err: unknown) => callback({ code: grpc.status.INTERNAL, details: `mock error: ${(err as Error).message}` }));
    };
  }
  return out;
}

export interface PageLimits {
  defaultSize: number;
  maxSize: number;
}

/** AIP-158 pagination over a stable list: the token names the offset and the list it belongs to. */
export function paginate<T>(items: readonly T[], request: { pageSize?: number; pageToken?: string }, scope: string, limits: PageLimits): { page: T[]; nextPageToken: string } {
  let offset = 0;
  if (request.pageToken) {
    let parsed: { o?: unknown; s?: unknown } = {};
    try {
      parsed = JSON.parse(Buffer.from(request.pageToken, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      // reported below
    }
    if (typeof parsed.o !== 'number' || parsed.s !== scope) throw invalidArgument(`Invalid page token: ${request.pageToken}`);
    offset = parsed.o;
  }
  const pageSize = request.pageSize ?? 0;
  if (pageSize < 0) throw invalidArgument('page_size must not be negative.');
  const size = Math.min(pageSize === 0 ? limits.defaultSize : pageSize, limits.maxSize);
  const page = items.slice(offset, offset + size);
  const next = offset + page.length;
  return { page, nextPageToken: next < items.length ? Buffer.from(JSON.stringify({ o: next, s: scope })).toString('base64url') : '' };
}

export interface GrpcServer {
  endpoint: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startGrpcServer(services: Array<{ definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation }>, host = '127.0.0.1', port = 0): Promise<GrpcServer> {
  const server = new grpc.Server();
  for (const s of services) server.addService(s.definition, s.implementation);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return {
    endpoint: `${host}:${bound}`,
    host,
    port: bound,
    close: () => new Promise<void>((resolve) => {
      server.tryShutdown(() => resolve());
      setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 1000).unref();
    }),
  };
}

/** `projects/{p}/locations/{l}` (or with a trailing collection) → its parts, or an INVALID_ARGUMENT naming the field. */
export function parseLocationName(value: unknown, field: string): { project: string; location: string } {
  const m = typeof value === 'string' ? /^projects\/([^/]+)\/locations\/([^/]+)$/.exec(value) : null;
  if (!m) throw invalidArgument(`Invalid ${field}: expected projects/{project}/locations/{location}, got ${JSON.stringify(value ?? '')}.`);
  return { project: m[1], location: m[2] };
}
