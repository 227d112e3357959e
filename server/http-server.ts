import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Time limits that fit a collector: a browser sends an event's headers and 8 KB body within a
 * second, so a client still sending after these is holding a connection, not sending an event.
 * Node's defaults (a minute for headers, five for the request, checked every 30 s) let about
 * 20,000 slow connections exhaust the file descriptors and shut every real client out.
 */
export interface HttpLimits {
  /** Most open connections; past it new ones are closed at once, so the process keeps descriptors for its own files. */
  maxConnections: number;
  headersTimeoutMs: number;
  /** The whole request, body included. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: Omit<HttpLimits, 'maxConnections'> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

/** Listens with the limits above; resolves once the port is open. */
export function listen(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  address: { port: number; hostname: string },
  limits: HttpLimits,
): Promise<{ server: Server; address: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch,
      port: address.port,
      hostname: address.hostname,
      serverOptions: {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // How often Node looks for requests past those limits; its 30 s default would let a slow
        // client keep a connection half a minute past them.
        connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
      },
    }) as Server;
    server.maxConnections = limits.maxConnections;
    closeSilentConnections(server, limits.headersTimeoutMs);
    server.once('error', reject);
    server.once('listening', () => resolve({ server, address: server.address() as AddressInfo }));
  });
}

/**
 * Node's header and request timers start with a request's first byte: a connection that sends
 * nothing at all stays open for ever. It gets the header time limit to start its first request.
 */
function closeSilentConnections(server: Server, timeoutMs: number): void {
  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    waiting.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  server.on('request', (request: { socket: Socket }) => {
    const timer = waiting.get(request.socket);
    if (timer) {
      clearTimeout(timer);
      waiting.delete(request.socket);
    }
  });
}
