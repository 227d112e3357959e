/**
 * Ingest bench: how many events/s the real collector (POST /api/event, committed to SQLite
 * before the 202) sustains, against a bare Hono server on the same HTTP stack, and a check that
 * every acknowledged event is in the database.
 *
 *   node --import tsx bench/ingest.ts        BENCH_SECONDS=15 BENCH_WARMUP=3 BENCH_CONNECTIONS=50
 *   BENCH_CPU_PROF=/tmp/prof ...             also writes a .cpuprofile of the collector
 *
 * Each target runs alone (the other is not started yet or already stopped), with autocannon in
 * this process: on a 2-core machine that gives one core to the server and one to the load
 * generator, the same for both targets, so their ratio is fair.
 */
import autocannon, { type Request, type Result } from 'autocannon';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addSite } from '../server/admin/sites.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import {
  childEnv,
  cpuTimeMs,
  freePort,
  memoryOf,
  spawnNode,
  stopChild,
  waitUntilReady,
  type Child,
  type Memory,
} from './children.ts';
import { BENCH_DOMAIN, buildEventPool, USER_AGENTS } from './event-pool.ts';

export const TARGET_RATIO = 0.5;

export interface IngestOptions {
  /** Measured seconds per target. */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  poolSize: number;
  /** Directory for a --cpu-prof of the collector; off when undefined. */
  cpuProfDir?: string;
}

export interface TargetFigures {
  name: string;
  /** Mean of autocannon's per-second samples. */
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** 2xx answers in the measured run. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  memory?: Memory;
  /** Server CPU time per answered request in the measured run (µs), and the share of one core used. */
  cpuPerRequestUs?: number;
  cpuUtilization?: number;
}

export interface IngestReport {
  collector: TargetFigures;
  bare: TargetFigures;
  ratio: number;
  /** 202s the collector gave: preflight, warm-up and measured run. */
  acknowledged: number;
  committed: number;
  /** Reasons the run is invalid (errors, lost events); empty when it is sound. */
  problems: string[];
}

export function optionsFromEnv(env = process.env): IngestOptions {
  const num = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    seconds: num('BENCH_SECONDS', 15),
    warmupSeconds: num('BENCH_WARMUP', 3),
    connections: num('BENCH_CONNECTIONS', 50),
    poolSize: num('BENCH_POOL', 4_000),
    cpuProfDir: env.BENCH_CPU_PROF || undefined,
  };
}

/**
 * One autocannon run over the pool. A shared cursor hands each send the next pool entry, so the
 * 50 connections interleave different visitors instead of replaying the pool in lockstep.
 */
function load(url: string, pool: Request[], seconds: number, connections: number) {
  let cursor = 0;
  const next: Request = {
    method: 'POST',
    path: '/api/event',
    // autocannon passes its defaults (host, port) in `req` and writes Content-Length into the
    // returned headers, so merge onto req and copy the headers rather than hand out the pool's.
    setupRequest: (req) => {
      const entry = pool[cursor++ % pool.length];
      return { ...req, ...entry, headers: { ...entry.headers } };
    },
  };
  return autocannon({ url, connections, duration: seconds, timeout: 10, requests: [next] });
}

function figures(name: string, result: Result, memory?: Memory): TargetFigures {
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    memory,
  };
}

/**
 * Warm-up (JIT, caches, SQLite pages), then the measured run; both returned: every 2xx counts.
 * The server's CPU time over the measured run tells whether it was saturated (near 100% of a
 * core) or waiting on the load generator.
 */
async function warmAndMeasure(url: string, pool: Request[], opts: IngestOptions, pid?: number) {
  const warmup = await load(url, pool, opts.warmupSeconds, opts.connections);
  const cpuBefore = cpuTimeMs(pid);
  const started = Date.now();
  const measured = await load(url, pool, opts.seconds, opts.connections);
  const cpuMs = (cpuTimeMs(pid) ?? NaN) - (cpuBefore ?? NaN);
  const answered = measured['2xx'] + measured.non2xx;
  const cpu = { cpuPerRequestUs: (cpuMs * 1000) / answered, cpuUtilization: cpuMs / (Date.now() - started) };
  return { warmup, measured, cpu };
}

async function benchBare(pool: Request[], opts: IngestOptions): Promise<TargetFigures> {
  const port = await freePort();
  const env = childEnv({ PORT: String(port), HOST: '127.0.0.1' });
  const child = spawnNode('bare server', 'bench/bare-server.ts', env);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilReady(child, `${base}/healthz`);
    const { measured, cpu } = await warmAndMeasure(base, pool, opts, child.process.pid);
    return { ...figures('bare Hono', measured, memoryOf(child.process.pid)), ...cpu };
  } finally {
    await stopChild(child, 'SIGKILL');
  }
}

/**
 * Sends one event per distinct user agent before the load and checks none is dropped: a drop is
 * still a 202, and would later look like a lost event. Returns how many were acknowledged.
 */
async function preflight(base: string, pool: Request[]): Promise<number> {
  const seen = new Set<string>();
  let acknowledged = 0;
  for (const req of pool) {
    const ua = req.headers!['user-agent'];
    if (seen.has(ua)) continue;
    seen.add(ua);
    const init = { method: 'POST', headers: req.headers, body: req.body as string };
    const res = await fetch(`${base}/api/event`, init);
    const dropped = res.headers.get('x-cairn-dropped');
    if (res.status !== 202 || dropped) {
      throw new Error(`preflight: ${res.status} ${dropped ?? (await res.text())} for ${ua}`);
    }
    acknowledged++;
  }
  if (seen.size < USER_AGENTS.length * 0.9) {
    throw new Error(`pool uses only ${seen.size} user agents`);
  }
  return acknowledged;
}

async function benchCollector(pool: Request[], opts: IngestOptions, dataDir: string) {
  const dbFile = join(dataDir, 'cairn.db');
  const db = openDatabase(dbFile);
  try {
    await migrateToLatest(db.kysely);
    await addSite(db.kysely, { domain: BENCH_DOMAIN, timezone: 'Europe/Berlin' });
  } finally {
    await db.close();
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = childEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: base,
    DATA_DIR: dataDir,
    TRUST_PROXY: 'true', // X-Forwarded-For carries the pool's client addresses
    LOG_LEVEL: 'warn',
  });
  const profArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const child: Child = spawnNode('collector', 'server/main.ts', env, profArgs);
  let exitCode: number | null = null;
  try {
    await waitUntilReady(child, `${base}/healthz`);
    const preflightAcks = await preflight(base, pool);
    const { warmup, measured, cpu } = await warmAndMeasure(base, pool, opts, child.process.pid);
    const result = { ...figures('Cairn collector', measured, memoryOf(child.process.pid)), ...cpu };
    // SIGTERM drains: in-flight requests finish, queued events commit, the WAL is checkpointed.
    exitCode = await stopChild(child, 'SIGTERM');
    if (exitCode !== 0) {
      throw new Error(`collector exited with ${exitCode} on SIGTERM:\n${child.output()}`);
    }
    const acknowledged = preflightAcks + warmup['2xx'] + measured['2xx'];
    return { result, acknowledged, committed: countEvents(dbFile) };
  } finally {
    if (exitCode === null) await stopChild(child, 'SIGKILL');
  }
}

function countEvents(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export async function runIngestBench(opts = optionsFromEnv()): Promise<IngestReport> {
  const pool = buildEventPool(opts.poolSize);
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
  // Ctrl-C would skip `finally`; remove the temp dir here, and exiting kills the children.
  const interrupted = () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    console.log(
      `ingest: ${opts.connections} connections, ${opts.warmupSeconds} s warm-up + ` +
        `${opts.seconds} s measured per target, pool of ${pool.length} requests`,
    );
    // Server and load generator need a core each; anything else running skews both targets.
    const [load1] = loadavg();
    if (load1 > availableParallelism() / 2) {
      console.log(`  warning: load average ${load1.toFixed(1)} at start; expect noisy figures`);
    }
    const bare = await benchBare(pool, opts);
    printTarget(bare);
    const run = await benchCollector(pool, opts, dataDir);
    const { result: collector, acknowledged, committed } = run;
    printTarget(collector);

    const problems: string[] = [];
    for (const t of [bare, collector]) {
      if (t.errors || t.timeouts || t.non2xx) {
        problems.push(`${t.name}: ${t.non2xx} non-2xx, ${t.errors} errors, ${t.timeouts} timeouts`);
      }
    }
    // More rows than 202s is fine: requests in flight when autocannon stopped (up to one per
    // connection per run) were committed, but their answers were never read.
    if (committed < acknowledged) {
      problems.push(`lost events: ${acknowledged - committed} acknowledged but not committed`);
    }
    const ratio = collector.requestsPerSecond / bare.requestsPerSecond;
    return { collector, bare, ratio, acknowledged, committed, problems };
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mb = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function printTarget(t: TargetFigures) {
  console.log(
    `  ${t.name.padEnd(16)} ${t.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
      `p50 ${t.p50} ms  p99 ${t.p99} ms  non-2xx ${t.non2xx}  errors ${t.errors}  ` +
      `timeouts ${t.timeouts}  RSS ${mb(t.memory?.rss)} (peak ${mb(t.memory?.peak)})  ` +
      `server CPU ${t.cpuPerRequestUs?.toFixed(0) ?? 'n/a'} µs/request (${pct(t.cpuUtilization)} of a core)`,
  );
}

const pct = (share: number | undefined) => (share === undefined || Number.isNaN(share) ? 'n/a' : `${(share * 100).toFixed(0)}%`);

export function printIngestSummary(r: IngestReport) {
  const rows = [
    ['', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'timeouts', 'RSS', 'peak RSS', 'CPU µs/req', 'core'],
    ...[r.collector, r.bare].map((t) =>
      [t.name, t.requestsPerSecond.toFixed(0), t.p50, t.p99, t.non2xx, t.errors, t.timeouts]
        .map(String)
        .concat(mb(t.memory?.rss), mb(t.memory?.peak), t.cpuPerRequestUs?.toFixed(0) ?? 'n/a', pct(t.cpuUtilization)),
    ),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const pad = (cell: string, i: number) =>
    i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]);
  for (const row of rows) console.log(`  ${row.map(pad).join('  ')}`);
  const verdict = r.ratio >= TARGET_RATIO ? 'PASS' : 'MISS';
  const ratio = r.ratio.toFixed(2);
  console.log(`  ratio collector/bare: ${ratio} (target: ratio >= ${TARGET_RATIO}) ${verdict}`);
  const inFlight = r.committed - r.acknowledged;
  const note = inFlight > 0 ? ` (+${inFlight} in flight when autocannon stopped)` : '';
  console.log(`  committed: ${r.committed} of ${r.acknowledged} acknowledged${note}`);
  for (const p of r.problems) console.log(`  PROBLEM: ${p}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runIngestBench().then(
    (report) => {
      printIngestSummary(report);
      process.exit(report.problems.length > 0 ? 1 : 0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
