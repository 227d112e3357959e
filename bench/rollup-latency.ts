/**
 * Collector latency while the server rolls up ~150,000 events of the last 14 days, measured on
 * the real server with steady event traffic (200 events a second, each sent on time whether or not
 * earlier ones were answered, so a stall shows in every request it holds up), in the two ways a
 * rollup meets traffic:
 *
 * - at start: the history is there before the server starts (a restart after a long stop, or an
 *   upgrade that recomputes old days); prints when the server first answered, and the latency
 *   while its rollup ran;
 * - periodic: the server runs, then the history arrives (an import) and the next minute's
 *   rollup folds it while events keep coming.
 *
 * BENCH_ROLLUP_EVENTS (default 150000), BENCH_ROLLUP_DAYS (14); BENCH_SERVER_ROOT runs another
 * checkout's server on the same data and traffic, to compare with an earlier version.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { addSite } from '../server/admin/sites.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { quantile, sentWithin, startSteadyLoad } from '../tests/helpers/load.ts';
import { writeHistory } from '../tests/helpers/history.ts';
import { childEnv, freePort, spawnNode, stopChild, waitUntilReady } from './children.ts';

interface Latency {
  requests: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RollupLatencyReport {
  events: number;
  atStart: { firstAnswerMs: number; rollupMs: number | null; during: Latency };
  periodic: { rollupMs: number | null; during: Latency };
  after: Latency;
}

const figures = (latencies: number[]): Latency => ({
  requests: latencies.length,
  p50: quantile(latencies, 0.5),
  p99: quantile(latencies, 0.99),
  max: latencies.length ? Math.max(...latencies) : NaN,
});

const ROLLED = /"message":"rollup"/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runRollupLatencyBench(env = process.env): Promise<RollupLatencyReport> {
  const events = Number(env.BENCH_ROLLUP_EVENTS ?? 150_000);
  const days = Number(env.BENCH_ROLLUP_DAYS ?? 14);
  const root = env.BENCH_SERVER_ROOT;
  // Another checkout's schema, when comparing with it: its migrations and its site creation.
  const from = (file: string) => import(pathToFileURL(path.join(root ?? '', file)).href);
  const migrate: typeof migrateToLatest = root ? (await from('server/db/migrate.ts')).migrateToLatest : migrateToLatest;
  const add: typeof addSite = root ? (await from('server/admin/sites.ts')).addSite : addSite;
  const dirs: string[] = [];

  /** A migrated data directory with the site, and the history written now or by the returned function. */
  async function prepare(withHistory: boolean) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-rollup-'));
    dirs.push(dataDir);
    const file = path.join(dataDir, 'cairn.db');
    const db = openDatabase(file);
    await migrate(db.kysely);
    const site = await add(db.kysely, { domain: 'latency.bench' });
    await db.close();
    const history = async () => {
      const writer = openDatabase(file);
      const n = await writeHistory(writer, site.id, { events, days });
      await writer.close();
      return n;
    };
    return { dataDir, history: withHistory ? (await history(), undefined) : history };
  }

  async function start(dataDir: string) {
    const port = await freePort();
    const script = root ? path.join(root, 'server/main.ts') : 'server/main.ts';
    const server = spawnNode('server', script, childEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' }));
    let log = '';
    server.process.stdout!.on('data', (d: Buffer) => (log += d));
    return { server, baseUrl: `http://127.0.0.1:${port}`, log: () => log };
  }

  try {
    // At start.
    const first = await prepare(true);
    const a = await start(first.dataDir);
    const started = Date.now();
    // Traffic from the moment the port may be open: the clients of a restarted collector do not wait.
    const load = startSteadyLoad(a.baseUrl, 'latency.bench', { perSecond: 200 });
    await waitUntilReady(a.server, `${a.baseUrl}/healthz`, 600_000);
    const firstAnswerMs = Date.now() - started;
    while (!ROLLED.test(a.log()) && Date.now() - started < 600_000) await sleep(50);
    const atStartRollupMs = ROLLED.test(a.log()) ? Date.now() - started : null;
    // From the first answer on: requests sent before it waited for the process to start, not for the rollup.
    const atStart = sentWithin(await load.stop(), started + firstAnswerMs, Date.now());
    const afterLoad = startSteadyLoad(a.baseUrl, 'latency.bench', { perSecond: 200 });
    await sleep(5_000);
    const after = (await afterLoad.stop()).latencies;
    await stopChild(a.server);

    // Periodic.
    const second = await prepare(false);
    const b = await start(second.dataDir);
    await waitUntilReady(b.server, `${b.baseUrl}/healthz`, 600_000);
    await sleep(1_000); // the start's own (empty) rollup
    const seen = b.log().length;
    const periodicLoad = startSteadyLoad(b.baseUrl, 'latency.bench', { perSecond: 200 });
    const written = await second.history!();
    // The next minute's run picks the history up: it holds the rollup lease from its first step to its last.
    const watcher = openDatabase(path.join(second.dataDir, 'cairn.db'));
    const leased = async () => (await watcher.kysely.selectFrom('locks').select('name').where('name', '=', 'rollup').executeTakeFirst()) !== undefined;
    const waitFrom = Date.now();
    while (!(await leased()) && !ROLLED.test(b.log().slice(seen)) && Date.now() - waitFrom < 180_000) await sleep(10);
    const rollupStart = Date.now();
    while (!ROLLED.test(b.log().slice(seen)) && Date.now() - rollupStart < 600_000) await sleep(20);
    const rollupEnd = Date.now();
    await watcher.close();
    const periodicMs = ROLLED.test(b.log().slice(seen)) ? rollupEnd - rollupStart : null;
    // Requests sent while the rollup ran; one sent just before may have waited through all of it.
    const periodic = sentWithin(await periodicLoad.stop(), rollupStart - 1_000, rollupEnd);
    await stopChild(b.server);

    return {
      events: written,
      atStart: { firstAnswerMs, rollupMs: atStartRollupMs, during: figures(atStart) },
      periodic: { rollupMs: periodicMs, during: figures(periodic) },
      after: figures(after),
    };
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printRollupLatency(r: RollupLatencyReport) {
  const line = (label: string, f: Latency) =>
    console.log(`  ${label}: ${f.requests} requests, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`);
  const seconds = (ms: number | null) => (ms === null ? 'not seen' : `${(ms / 1000).toFixed(1)} s`);
  console.log(`  ${r.events} events over the last days, never rolled up`);
  console.log(`  at start: first answer ${(r.atStart.firstAnswerMs / 1000).toFixed(1)} s after start, rollup done ${seconds(r.atStart.rollupMs)} after start`);
  line('  collector meanwhile', r.atStart.during);
  console.log(`  periodic (the next minute's run after the history arrived): the rollup took ${seconds(r.periodic.rollupMs)}`);
  line('  collector meanwhile', r.periodic.during);
  line('no rollup running   ', r.after);
  const worst = Math.max(r.atStart.during.p99, r.periodic.during.p99);
  const started = r.atStart.firstAnswerMs < 5_000;
  console.log(`  target: collector p99 under 100 ms while a rollup runs: ${worst < 100 ? 'PASS' : 'MISS'} (${worst.toFixed(1)} ms)`);
  console.log(`  target: answers within 5 s of start, before its rollup: ${started ? 'PASS' : 'MISS'} (${(r.atStart.firstAnswerMs / 1000).toFixed(1)} s)`);
}
