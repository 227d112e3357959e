/**
 * Dashboard bench: time from navigation to every panel rendered, in headless Chromium, against
 * the real server over a large dataset, for "Last 30 days" and "Last 12 months".
 *
 *   BENCH_DB=/tmp/cairn-query-bench-XXXX/cairn.db node --import tsx bench/dashboard.ts
 *
 * BENCH_DB is a database the query bench kept (BENCH_KEEP=1: 10 million events, rolled up). Without
 * it, a fresh one is generated with BENCH_EVENTS events (default 1,000,000) and rolled up first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { addUser } from '../server/auth/users.ts';
import { openDatabase } from '../server/db/connect.ts';
import { createEventAppender } from '../server/db/event-appender.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { addGoal } from '../server/admin/goals.ts';
import { addSite } from '../server/admin/sites.ts';
import { runRollup } from '../server/rollup/run.ts';
import { chromiumAvailable, launchChromium } from '../tests/helpers/chromium.ts';
import { settled } from '../tests/helpers/dashboard-session.ts';
import { childEnv, freePort, spawnNode, stopChild, waitUntilReady } from './children.ts';
import { BENCH_SITE, generateEvents, toEventRow } from './event-generator.ts';

export const TARGET_MS = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PERIODS = ['30d', '12mo'] as const;

async function prepareDatabase(): Promise<string> {
  if (process.env.BENCH_DB) return process.env.BENCH_DB;
  const events = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-dashboard-bench-')), 'cairn.db');
  const db = openDatabase(file);
  await migrateToLatest(db.kysely);
  const site = await addSite(db.kysely, { domain: BENCH_SITE, timezone: 'Europe/Berlin' });
  await addGoal(db.kysely, BENCH_SITE, { event: 'Signup' });
  const append = createEventAppender(db);
  const now = Date.now();
  for (const batch of generateEvents({ events, days: 365, now, timezone: 'Europe/Berlin' })) append(batch.map((e) => toEventRow(site.id, e)));
  const rolled = await runRollup(db, { now });
  console.log(`  generated ${events} events, rolled up ${rolled.days} days in ${(rolled.ms / 1000).toFixed(1)} s`);
  await db.close();
  return file;
}

export async function runDashboardBench() {
  if (!chromiumAvailable()) throw new Error('the dashboard bench needs Chromium (apt-get install chromium)');
  const file = await prepareDatabase();
  const db = openDatabase(file);
  await migrateToLatest(db.kysely); // a database the query bench kept may predate the users table
  const email = 'bench@example.com';
  const password = 'bench password 1234';
  await db.kysely.deleteFrom('users').where('email', '=', email).execute();
  await addUser(db.kysely, { email, password });
  const events = (db.sqlite.prepare('select count(*) as n from events').get() as { n: number }).n;
  await db.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawnNode('server', 'server/main.ts', childEnv({ PORT: String(port), HOST: '127.0.0.1', BASE_URL: base, DATA_DIR: path.dirname(file), LOG_LEVEL: 'warn' }));
  const browser = await launchChromium();
  try {
    await waitUntilReady(server, `${base}/healthz`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/sites/${BENCH_SITE}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForURL(`**/sites/${BENCH_SITE}**`), page.getByRole('button', { name: 'Sign in' }).click()]);
    console.log(`dashboard: ${events.toLocaleString('en-US')} events in ${file}; ${RUNS} timed loads per period after one warm-up`);
    const results: Record<string, number[]> = {};
    for (const period of PERIODS) {
      const times: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const started = performance.now();
        await page.goto(`${base}/sites/${BENCH_SITE}?period=${period}`);
        await settled(page);
        if (run > 0) times.push(performance.now() - started);
      }
      results[period] = times.sort((a, b) => a - b);
    }
    console.log('  period   p50 ms   max ms   target');
    for (const [period, times] of Object.entries(results)) {
      const p50 = times[Math.floor(times.length / 2)]!;
      const verdict = p50 < TARGET_MS ? 'PASS' : 'MISS';
      console.log(`  ${period.padEnd(7)} ${p50.toFixed(0).padStart(7)} ${times.at(-1)!.toFixed(0).padStart(8)}   < ${TARGET_MS} ms ${verdict}`);
    }
    return results;
  } finally {
    await browser.close();
    await stopChild(server);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDashboardBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
