/**
 * The ingest bench's baseline: Hono on @hono/node-server, as Cairn runs, answering
 * POST /api/event with 202 after reading the body and doing nothing else. Its rate is the
 * ceiling for this machine, HTTP stack and load generator; Cairn is measured against it.
 *
 *   PORT=8081 node --import tsx bench/bare-server.ts
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';

const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.post('/api/event', async (c) => {
  await c.req.text();
  return c.text('ok', 202);
});

const port = Number(process.env.PORT ?? 8081);
const hostname = process.env.HOST ?? '127.0.0.1';
const server = serve({ fetch: app.fetch, port, hostname }) as Server;
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
