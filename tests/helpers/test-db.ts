import { openDatabase, type Db } from '../../server/db/connect.ts';
import type { EventInsert } from '../../server/db/event-appender.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';

/** A migrated in-memory database for unit tests. */
export async function openTestDatabase(): Promise<Db> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db.kysely);
  return db;
}

/** A complete event row with neutral values, for tests that only care about a few columns. */
export function eventRow(over: Partial<EventInsert> = {}): EventInsert {
  return {
    site_id: 1, ts: 0, visitor: 1, name: 'pageview', hostname: 'example.com', pathname: '/',
    referrer_source: '', referrer_host: '', utm_medium: '', utm_source: '', utm_campaign: '',
    utm_term: '', utm_content: '', country: '', region: '', city: '', browser: '',
    browser_version: '', os: '', os_version: '', device: '', screen: '', language: '',
    props: null, interactive: 0, revenue_amount: null, revenue_currency: null, engaged_ms: null,
    scroll_depth: null, channel: '', ...over,
  };
}
