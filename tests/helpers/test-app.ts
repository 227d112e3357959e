import { createApp, type CairnApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { GeoInfo } from '../../server/collect/enrich/geo.ts';
import type { Db } from '../../server/db/connect.ts';
import { openTestDatabase } from './test-db.ts';
import { createLogger } from '../../server/log.ts';
import { SESSION_COOKIE } from '../../server/auth/session-cookie.ts';
import { createSession } from '../../server/auth/sessions.ts';
import { addUser } from '../../server/auth/users.ts';

export interface TestApp extends CairnApp {
  db: Db;
  config: Config;
  logs: string[];
  /** app.request() with a client address, as the Node adapter would pass it. */
  send(path: string, init?: RequestInit & { ip?: string }): Promise<Response>;
}

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** A full app over an in-memory database, for request-level tests. */
export async function createTestApp(
  options: { env?: Record<string, string>; geo?: (ip: string) => GeoInfo; db?: Db } = {},
): Promise<TestApp> {
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'debug', ...options.env });
  const db = options.db ?? (await openTestDatabase());
  const logs: string[] = [];
  const cairn = await createApp({
    config,
    db,
    log: createLogger('debug', (line) => logs.push(line)),
    geo: options.geo ?? (() => ({ country: 'DE', region: '', city: '' })),
  });
  return {
    ...cairn,
    db,
    config,
    logs,
    send(path, init = {}) {
      const { ip = '203.0.113.7', ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('user-agent')) headers.set('user-agent', CHROME);
      return Promise.resolve(
        cairn.app.request(path, { ...rest, headers }, { incoming: { socket: { remoteAddress: ip } } }),
      );
    },
  };
}

export const postEvent = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'text/plain', ...headers },
});

/** Makes a user and a session for it: the `Cookie` header a signed-in browser would send. */
export async function signIn(db: Db, email = 'owner@example.com', password = 'correct horse battery'): Promise<string> {
  const user = await addUser(db.kysely, { email, password });
  return `${SESSION_COOKIE}=${await createSession(db.kysely, user.id)}`;
}
