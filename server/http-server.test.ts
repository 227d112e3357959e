import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './http-server.ts';

const limits = { maxConnections: 4, headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 200 };
const servers: Array<{ close(): void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function start() {
  const { server, address } = await listen(() => new Response('ok'), { port: 0, hostname: '127.0.0.1' }, limits);
  servers.push(server);
  const connections = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
  return { port: address.port, connections };
}

/** A raw connection; resolves `closed` with how long after connecting the server closed it. */
function connect(port: number, send?: (socket: net.Socket) => void) {
  const opened = Date.now();
  const socket = net.connect(port, '127.0.0.1', () => send?.(socket));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - opened)));
  return { socket, closed };
}

describe('listen', () => {
  it('closes a connection that never sends a request', async () => {
    const { port } = await start();
    expect(await connect(port).closed).toBeLessThan(2_000);
  });

  it('closes a connection that sends its headers too slowly, or its body', async () => {
    const { port } = await start();
    const trickle = (first: string, more: string) => (socket: net.Socket) => {
      socket.write(first);
      const timer = setInterval(() => socket.writable && socket.write(more), 50);
      socket.on('close', () => clearInterval(timer));
    };
    const headers = connect(port, trickle('GET / HTTP/1.1\r\nHost: x\r\n', 'X-Slow: y\r\n'));
    const body = connect(port, trickle('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', 'a'));
    // Node's defaults (a minute for headers, five for the request) would keep both open for minutes.
    expect(await headers.closed).toBeLessThan(2_500);
    expect(await body.closed).toBeLessThan(2_500);
  });

  it('refuses connections past its cap, and serves again once slow ones are gone', async () => {
    const { port, connections } = await start();
    const held = Array.from({ length: limits.maxConnections }, () => connect(port));
    while ((await connections()) < limits.maxConnections) await new Promise((resolve) => setTimeout(resolve, 10));
    const extra = connect(port);
    // Closed at once, where the held ones wait for the silence timer.
    expect(await extra.closed).toBeLessThan(250);
    await Promise.all(held.map((h) => h.closed));
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
    expect(await res.text()).toBe('ok');
  });
});
