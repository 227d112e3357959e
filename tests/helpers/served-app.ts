import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from './test-app.ts';

export interface ServedApp extends TestApp {
  port: number;
  baseUrl: string;
  /** Stops listening (dropping open connections), commits, closes the database. */
  stop(): Promise<void>;
}

/** A test app behind @hono/node-server on a free port: real sockets, the app's log in `logs`. */
export async function serveTestApp(options: Parameters<typeof createTestApp>[0] = {}): Promise<ServedApp> {
  const t = await createTestApp(options);
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...t,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
      await t.db.close();
    },
  };
}

/**
 * Sends `head` and then `body` on a raw socket and destroys it once the server has had the
 * bytes, as a client that gives up halfway through its upload; resolves when the socket is gone.
 */
export function abandonRequest(port: number, head: string, body: string | Buffer, afterMs = 50): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body);
      setTimeout(() => socket.destroy(), afterMs);
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

/** Waits until `predicate` holds, polling; throws after `ms`. */
export async function eventually(predicate: () => boolean, ms = 2_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
