// Fails any test that opens a TCP connection to an address other than loopback.
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;
const originalConnect = net.Socket.prototype.connect;

export class NonLoopbackConnectionError extends Error {}

function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const o = first as { host?: string; path?: string };
    if (o.path) return undefined; // IPC socket
    return o.host ?? 'localhost';
  }
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'number') return typeof second === 'string' ? second : 'localhost';
  return undefined;
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.test(host.replace(/^\[|\]$/g, ''))) {
    const err = new NonLoopbackConnectionError(`network guard: test tried to connect to ${host}; only loopback is allowed`);
    (globalThis as { __aispmNetworkViolations?: string[] }).__aispmNetworkViolations?.push(host);
    throw err;
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
