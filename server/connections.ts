/**
 * Connection caps for the HTTP server, so that a client holding thousands of
 * slow connections (slowloris: headers sent a byte at a time) cannot use up
 * the file descriptors and lock everyone else out:
 *
 * - a request must send its headers within `headersTimeoutMs` and finish within
 *   `requestTimeoutMs` (node answers 408 and closes the socket otherwise);
 * - an idle keep-alive connection is closed after `keepAliveTimeoutMs`;
 * - at most `maxConnections` sockets are open in total (node drops the rest at accept);
 * - at most `maxConnectionsPerAddress` from one remote address: sockets beyond
 *   it are destroyed at once, so one address cannot hold the whole total.
 *
 * Behind a reverse proxy every client has the proxy's address: raise the
 * per-address cap there (0 turns it off).
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** 0: no per-address cap. */
  maxConnectionsPerAddress: number;
}

/** Slow headers get 10 s (node's default is 60 s). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request (headers and a ≤ 5 MB body) gets 30 s (node's default is 300 s). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Idle keep-alive connections close after 5 s (node's default). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Open sockets in total: well below the usual file-descriptor limit, leaving room for the database and logs. */
export const MAX_CONNECTIONS = 4_096;
/**
 * Open sockets per remote address: a class behind one NAT address (a few
 * hundred browsers, several keep-alive sockets each) fits; one client cannot take the whole total.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 512;

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: HEADERS_TIMEOUT_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
  maxConnections: MAX_CONNECTIONS,
  maxConnectionsPerAddress: MAX_CONNECTIONS_PER_ADDRESS,
};

/** Node checks headersTimeout and requestTimeout on this period; the shorter timeout bounds it. */
function checkingInterval(limits: ConnectionLimits): number {
  return Math.max(100, Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
}

/**
 * The `http.createServer` options these limits need set before listening
 * (`connectionsCheckingInterval` can only be given there).
 * @example http.createServer(serverOptionsFor(limits), app)
 */
export function serverOptionsFor(limits: ConnectionLimits): { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: checkingInterval(limits),
  };
}

/**
 * Applies the total cap and the per-address cap to a server (timeouts come from serverOptionsFor).
 * @example applyConnectionLimits(server, DEFAULT_CONNECTION_LIMITS)
 */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  if (limits.maxConnectionsPerAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
