// One loopback HTTP server per AWS service: request identity, stats, rate limits, latency, faults, then the service.
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { AwsError, throttleError } from './errors.js';
import type { AwsService } from './scenario.js';
import type { AwsMockStats } from './stats.js';
import type { Traffic } from './traffic.js';

export interface AwsRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** from the SigV4 credential scope (Authorization header or X-Amz-Credential), else us-east-1 */
  region: string;
  requestId: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string | number>;
  body?: string | Buffer | Readable;
}

export interface RoutedOperation {
  operation: string;
  /** names a fault's `resource` may match */
  resources?: string[];
  handle(): Reply | Promise<Reply>;
}

export interface ServiceFake {
  service: AwsService;
  /** Identifies the operation; throws AwsError for requests the fake does not understand. */
  route(req: AwsRequest): RoutedOperation;
  /** Serialises an error in the service's protocol. */
  errorReply(err: AwsError, req: AwsRequest): Reply;
}

const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/[a-z0-9-]+\/aws4_request/;

export function regionOf(headers: IncomingHttpHeaders, query: URLSearchParams): string {
  const auth = headers.authorization ?? '';
  const m = CREDENTIAL_SCOPE.exec(auth) ?? CREDENTIAL_SCOPE.exec(`Credential=${query.get('X-Amz-Credential') ?? ''}`);
  return m?.[1] ?? 'us-east-1';
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerDeps {
  stats: AwsMockStats;
  traffic: Traffic;
}

export async function startServiceServer(fake: ServiceFake, deps: ServerDeps, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    void handle(fake, deps, req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`mock internal error: ${(err as Error).message}`);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(fake: ServiceFake, deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock');
  const body = await readBody(req);
  const areq: AwsRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    region: regionOf(req.headers, url.searchParams),
    requestId: randomUUID(),
  };
  const { stats, traffic } = deps;
  const started = performance.now();
  let operation = 'Unknown';
  let reply: Reply;
  try {
    const routed = fake.route(areq);
    operation = routed.operation;
    stats.recordRequest(fake.service, operation);
    if (!traffic.admit(fake.service, areq.region)) {
      stats.recordThrottle(fake.service, operation);
      throw throttleError(fake.service);
    }
    const fault = traffic.faultFor({ service: fake.service, operation, region: areq.region, resources: routed.resources ?? [] });
    if (fault) {
      stats.recordFault(fake.service, operation);
      throw new AwsError(fault.error, fault.message ?? `Injected fault: ${fault.error}`, fault.status);
    }
    reply = await routed.handle();
  } catch (err) {
    if (operation === 'Unknown') stats.recordRequest(fake.service, operation);
    if (!(err instanceof AwsError)) throw err;
    reply = fake.errorReply(err, areq);
  }
  const wait = traffic.latencyFor(fake.service) - (performance.now() - started);
  if (wait > 0) await sleep(wait);
  send(res, reply, areq, (n) => stats.recordBytes(fake.service, operation, n));
}

function send(res: http.ServerResponse, reply: Reply, req: AwsRequest, countBytes: (n: number) => void): void {
  const headers: Record<string, string | number> = { 'x-amzn-requestid': req.requestId, 'x-amz-request-id': req.requestId, ...reply.headers };
  const status = reply.status ?? 200;
  const body = reply.body;
  if (body instanceof Readable) {
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    body.on('data', (c: Buffer) => countBytes(c.length));
    body.pipe(res);
    res.on('close', () => body.destroy());
    return;
  }
  const buf = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body) : body;
  if (headers['content-length'] === undefined) headers['content-length'] = buf.length;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  countBytes(buf.length);
  res.end(buf);
}
