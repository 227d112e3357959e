import { Hono } from 'hono';
import { readJsonBody } from '../utils/body.ts';
import type { Db } from '../db/connect.ts';
import { authenticate, type PrincipalEnv } from './principal.ts';
import type { QueryExecutor } from './query-executor.ts';

/**
 * POST /api/v2/query, shaped like Plausible's Stats API v2; the dashboard is a client of it too.
 * The query itself (parsing, the site and its access, the engine) runs on the executor, in the
 * query worker, so no query can hold up the collector.
 */
export function queryRoutes(db: Db, queries: QueryExecutor) {
  const app = new Hono<PrincipalEnv>();
  // The dashboard calls this with its session cookie; scripts and other tools with a read key.
  app.post('/api/v2/query', authenticate(db.kysely, { allowSession: true, minKeyScope: 'read' }), async (c) => {
    const body = await readJsonBody(c, 64 * 1024);
    return c.json(await queries.query({ body, principal: c.get('principal'), now: Date.now() }));
  });
  return app;
}
