/**
 * Queries over a busy day's raw events: ~750,000 events today (nothing to roll up yet), the real
 * server, steady collector traffic (200 events a second, each sent on time), and then the two
 * report queries the dashboard sends first for a custom event's properties and for a filtered
 * panel. Prints each query's time and answer, what the collector's clients waited meanwhile, and
 * the server's memory before and after (peak included).
 *
 * BENCH_TAIL_EVENTS (default 750000); BENCH_SERVER_ROOT runs another checkout's server on the same
 * data and traffic, to compare with an earlier version.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApiKey } from '../server/admin/api-keys.ts';
import { addSite } from '../server/admin/sites.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { writeHistory } from '../tests/helpers/history.ts';
import { quantile, startSteadyLoad } from '../tests/helpers/load.ts';
import { childEnv, freePort, memoryOf, spawnNode, stopChild, waitUntilReady } from './children.ts';

const SITE = 'tail.bench';
const QUERIES: Record<string, unknown> = {
  'Signup by plan, today': { date_range: 'day', metrics: ['visitors', 'events'], dimensions: ['event:props:plan'], filters: [['is', 'event:name', ['Signup']]] },
  'pages where country is DE, today': { date_range: 'day', metrics: ['visitors', 'pageviews'], dimensions: ['event:page'], filters: [['is', 'visit:country', ['DE']]], pagination: { limit: 9 } },
};

export interface TailQueryReport {
  events: number;
  queries: Array<{ name: string; status: number; ms: number }>;
  collector: { requests: number; p50: number; p99: number; max: number; failed: number };
  rssMb: { before: number; after: number; peak: number };
}

const mb = (bytes: number | undefined) => Math.round((bytes ?? NaN) / 1024 / 1024);

export async function runTailQueryBench(env = process.env): Promise<TailQueryReport> {
  const events = Number(env.BENCH_TAIL_EVENTS ?? 750_000);
  const root = env.BENCH_SERVER_ROOT;
  const from = (file: string) => import(pathToFileURL(path.join(root ?? '', file)).href);
  const migrate: typeof migrateToLatest = root ? (await from('server/db/migrate.ts')).migrateToLatest : migrateToLatest;
  const add: typeof addSite = root ? (await from('server/admin/sites.ts')).addSite : addSite;
  const keyFor: typeof createApiKey = root ? (await from('server/admin/api-keys.ts')).createApiKey : createApiKey;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-tail-'));
  try {
    const db = openDatabase(path.join(dataDir, 'cairn.db'));
    await migrate(db.kysely);
    const site = await add(db.kysely, { domain: SITE });
    const { key } = await keyFor(db.kysely, { siteDomain: SITE, scope: 'read' });
    const written = await writeHistory(db, site.id, { events, days: 1 });
    await db.close();
    console.log(`  ${written} events today written; starting the server${root ? ` from ${root}` : ''}`);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const script = root ? path.join(root, 'server/main.ts') : 'server/main.ts';
    const server = spawnNode('server', script, childEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
    await waitUntilReady(server, `${baseUrl}/healthz`, 120_000);
    await new Promise((r) => setTimeout(r, 2_000)); // the start's own jobs
    const before = memoryOf(server.process.pid);

    const load = startSteadyLoad(baseUrl, SITE, { perSecond: 200 });
    await new Promise((r) => setTimeout(r, 1_000));
    const queries: TailQueryReport['queries'] = [];
    for (const [name, body] of Object.entries(QUERIES)) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/api/v2/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ site_id: SITE, ...(body as object) }),
      });
      await res.arrayBuffer();
      queries.push({ name, status: res.status, ms: performance.now() - started });
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const report = await load.stop();
    const after = memoryOf(server.process.pid);
    await stopChild(server);
    return {
      events: written,
      queries,
      collector: {
        requests: report.latencies.length,
        p50: quantile(report.latencies, 0.5),
        p99: quantile(report.latencies, 0.99),
        max: Math.max(...report.latencies),
        failed: report.statuses[0] ?? 0,
      },
      rssMb: { before: mb(before?.rss), after: mb(after?.rss), peak: mb(after?.peak) },
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printTailQuery(r: TailQueryReport) {
  console.log(`  ${r.events} raw events today`);
  for (const q of r.queries) console.log(`  ${q.name}: ${q.status}, ${(q.ms / 1000).toFixed(2)} s`);
  const c = r.collector;
  console.log(`  collector meanwhile: ${c.requests} requests, p50 ${c.p50.toFixed(1)} ms, p99 ${c.p99.toFixed(1)} ms, max ${c.max.toFixed(1)} ms${c.failed ? `, ${c.failed} failed` : ''}`);
  console.log(`  server RSS: ${r.rssMb.before} MB before, ${r.rssMb.after} MB after, peak ${r.rssMb.peak} MB`);
  console.log(`  target: collector p99 under 100 ms while the queries run: ${c.p99 < 100 ? 'PASS' : 'MISS'}`);
}
