import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sites')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('hostnames', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('excluded_ips', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('excluded_paths', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('honor_dnt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // No foreign key to sites: the check would cost every insert on the hottest table,
  // and a deleted site's events are purged by the retention job instead.
  let events = db.schema
    .createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('visitor', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull());
  for (const column of TEXT_DIMENSIONS) {
    events = events.addColumn(column, 'text', (c) => c.notNull().defaultTo(''));
  }
  await events
    .addColumn('props', 'text')
    .addColumn('interactive', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('revenue_amount', 'real')
    .addColumn('revenue_currency', 'text')
    .addColumn('engaged_ms', 'integer')
    .addColumn('scroll_depth', 'integer')
    .execute();

  // The one index on raw events: every raw read is a time range of one site.
  // Per-dimension reads come from aggregates; a second index would halve insert speed.
  await db.schema.createIndex('events_site_ts').on('events').columns(['site_id', 'ts']).execute();

  await db.schema
    .createTable('salts')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'blob', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

const TEXT_DIMENSIONS = [
  'hostname',
  'pathname',
  'referrer_source',
  'referrer_host',
  'utm_medium',
  'utm_source',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'region',
  'city',
  'browser',
  'browser_version',
  'os',
  'os_version',
  'device',
  'screen',
  'language',
];
