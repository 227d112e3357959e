/**
 * Query bench: a year of generated traffic in a fresh SQLite file, then every query the dashboard
 * makes, over 30 days and 12 months, through the normal planner (aggregates plus a raw tail) and
 * forced over raw events. Also times the bulk insert, the import path, the rollup, and the
 * database size.
 *
 *   node --import tsx bench/query.ts      BENCH_EVENTS=10000000 BENCH_KEEP=1 BENCH_RAW_12MO=0 ...
 *
 * See bench/README.md for every variable and how to read the figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { addGoal } from '../server/admin/goals.ts';
import { addSite } from '../server/admin/sites.ts';
import { openGeoLookup, type GeoLookup } from '../server/collect/enrich/geo.ts';
import { openDatabase, type Db } from '../server/db/connect.ts';
import { createEventAppender, type EventInsert } from '../server/db/event-appender.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { Site } from '../server/db/schema.ts';
import { addDays, localDay } from '../server/calendar.ts';
import { resolveDateRange, type DayRange } from '../server/query/date-range.ts';
import type { ResultRow } from '../server/query/run-query.ts';
import { runRollup } from '../server/rollup/run.ts';
import { BENCH_SITE, generateEvents, toEventRow, toImportLine } from './event-generator.ts';
import { runInChild, type ChildResult } from './query-child.ts';
import { DASHBOARD_CASES, FILTERED_CASE, median, queryTarget, readsRaw, runCase, sameResults, timeCase, type QueryCase } from './query-cases.ts';

export const TARGET_QUERY_MS = 20;
export const TARGET_FILTERED_MS = 1_000;
const TIMEZONE = 'Europe/Berlin';
const BATCH = 5_000;

export interface QueryBenchOptions {
  events: number;
  days: number;
  /** Timed runs per query through the planner, and forced raw over 30 days. */
  plannerRuns: number;
  rawRuns: number;
  /** Run the raw 12-month queries (in a child process), and with how much heap. */
  raw12mo: boolean;
  rawHeapMb: number;
  importLines: number;
  keep: boolean;
}

export function optionsFromEnv(env = process.env): QueryBenchOptions {
  const num = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
  };
  return {
    events: num('BENCH_EVENTS', 10_000_000),
    days: num('BENCH_DAYS', 365),
    plannerRuns: num('BENCH_RUNS', 7),
    rawRuns: num('BENCH_RAW_RUNS', 3),
    raw12mo: env.BENCH_RAW_12MO !== '0',
    // The server's own default: what a raw 12-month query gets in production.
    rawHeapMb: num('BENCH_RAW_HEAP_MB', Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)),
    importLines: num('BENCH_IMPORT_LINES', 200_000),
    keep: env.BENCH_KEEP === '1',
  };
}

/** p50s in ms (NaN: not run), and whether raw answered like the planner (null: not compared). */
export interface CaseFigures {
  name: string;
  /** The planner reads raw events for it over the whole range: there is no faster path to compare. */
  readsRaw: boolean;
  planner: Record<RangeName, number>;
  raw: Record<RangeName, number>;
  agrees: Record<RangeName, boolean | null>;
  errors: string[];
}

type RangeName = '30d' | '12mo';

export interface QueryReport {
  dir: string;
  kept: boolean;
  events: number;
  days: number;
  todayEvents: number;
  insertPerSecond: number;
  generatePerSecond: number;
  importPerSecond: number | null;
  importNote: string;
  rollupMs: number;
  rollupDays: number;
  dbBytes: number;
  tableBytes: Map<string, number>;
  ranges: Record<RangeName, DayRange>;
  cases: CaseFigures[];
  filtered: CaseFigures;
  rawHeapMb: number;
  problems: string[];
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const perMillion = (value: number, events: number) => (value * 1e6) / events;

function ms(value: number): string {
  if (Number.isNaN(value)) return '-';
  if (value >= 1_000) return `${(value / 1_000).toFixed(2)} s`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

async function createSite(file: string): Promise<{ db: Db; site: Site }> {
  const db = openDatabase(file);
  await migrateToLatest(db.kysely);
  const site = await addSite(db.kysely, { domain: BENCH_SITE, timezone: TIMEZONE });
  return { db, site };
}

/**
 * Generates the year and appends it 5,000 rows a transaction, in time order; times the appender
 * alone. Yields to the event loop once a day, so Ctrl-C is handled while it runs.
 */
async function fill(db: Db, site: Site, opts: QueryBenchOptions, now: number) {
  const append = createEventAppender(db);
  const today = localDay(now, TIMEZONE);
  let batch: EventInsert[] = [];
  let events = 0;
  let todayEvents = 0;
  let appendMs = 0;
  let nextReport = 1_000_000;
  const flush = () => {
    const started = performance.now();
    append(batch);
    appendMs += performance.now() - started;
    batch = [];
  };
  const started = performance.now();
  const days = generateEvents({ events: opts.events, days: opts.days, now, timezone: TIMEZONE });
  let lastDay = '';
  for (const dayEvents of days) {
    for (const e of dayEvents) {
      batch.push(toEventRow(site.id, e));
      if (batch.length === BATCH) flush();
    }
    events += dayEvents.length;
    lastDay = dayEvents.length > 0 ? localDay(dayEvents[0]!.ts, TIMEZONE) : lastDay;
    if (lastDay === today) todayEvents += dayEvents.length;
    if (events >= nextReport) {
      console.log(`  ... ${fmt(events)} events (${lastDay})`);
      nextReport += 1_000_000;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (batch.length > 0) flush();
  const totalMs = performance.now() - started;
  return {
    events,
    todayEvents,
    insertPerSecond: events / (appendMs / 1_000),
    generatePerSecond: events / ((totalMs - appendMs) / 1_000),
    overallPerSecond: events / (totalMs / 1_000),
  };
}

type ImportFn = (db: Db, site: Site, lines: AsyncIterable<string>, options: { geo: GeoLookup }) => Promise<{ imported: number; skipped: number; rejected: number }>;

/**
 * The real import path (`cairn import`: parse, drop rules, UA parsing, GeoIP, visitor keys,
 * same appender) over generated NDJSON lines, into a database of its own.
 */
async function timeImport(dir: string, lines: number, now: number): Promise<{ perSecond: number | null; note: string }> {
  const path = join(import.meta.dirname, '..', 'server', 'collect', 'import', 'import-events.ts');
  if (!existsSync(path)) return { perSecond: null, note: 'skipped: server/collect/import/import-events.ts does not exist' };
  let importEvents: ImportFn;
  try {
    const mod = (await import(pathToFileURL(path).href)) as { importEvents?: unknown };
    if (typeof mod.importEvents !== 'function') return { perSecond: null, note: 'skipped: import-events.ts exports no importEvents' };
    importEvents = mod.importEvents as ImportFn;
  } catch (error) {
    return { perSecond: null, note: `skipped: cannot load import-events.ts: ${(error as Error).message}` };
  }
  const ndjson: string[] = [];
  for (const day of generateEvents({ events: lines, days: 30, now, timezone: TIMEZONE, seed: 7 })) {
    for (const e of day) if (ndjson.length < lines) ndjson.push(toImportLine(e));
  }
  async function* source() {
    yield* ndjson;
  }
  const file = join(dir, 'import.db');
  const { db, site } = await createSite(file);
  try {
    const geo = await openGeoLookup({});
    const started = performance.now();
    const summary = await importEvents(db, site, source(), { geo });
    const seconds = (performance.now() - started) / 1_000;
    const note = `${fmt(ndjson.length)} lines: ${fmt(summary.imported)} imported, ${fmt(summary.skipped)} skipped, ${fmt(summary.rejected)} rejected`;
    return { perSecond: ndjson.length / seconds, note };
  } catch (error) {
    return { perSecond: null, note: `skipped: importEvents failed: ${(error as Error).message}` };
  } finally {
    await db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

function figures(q: QueryCase): CaseFigures {
  return {
    name: q.name,
    readsRaw: readsRaw(q),
    planner: { '30d': NaN, '12mo': NaN },
    raw: { '30d': NaN, '12mo': NaN },
    agrees: { '30d': null, '12mo': null },
    errors: [],
  };
}

/** The commit the bench ran on, and whether server/ had uncommitted changes: others edit it as it runs. */
function revision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} + uncommitted changes in server/` : head;
  } catch {
    return 'unknown (no git)';
  }
}

/** File plus WAL after a truncating checkpoint, and bytes per table and index when dbstat is there. */
function databaseSize(db: Db, file: string) {
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  const tableBytes = new Map<string, number>();
  try {
    const rows = db.sqlite.prepare('select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc').all() as Array<{ name: string; bytes: number }>;
    for (const r of rows) tableBytes.set(r.name, r.bytes);
  } catch {
    // SQLite built without SQLITE_ENABLE_DBSTAT_VTAB: the total is still right.
  }
  return { bytes: size(file) + size(`${file}-wal`), tableBytes };
}

export async function runQueryBench(opts = optionsFromEnv()): Promise<QueryReport> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-query-bench-'));
  const file = join(dir, 'cairn.db');
  const interrupted = () => {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const now = Date.now();
  const problems: string[] = [];
  const { db, site } = await createSite(file);
  try {
    console.log(`query: ${fmt(opts.events)} events over ${opts.days} days in ${file}; code ${revision()}`);
    const [load1] = loadavg();
    if (load1 > availableParallelism() / 2) console.log(`  warning: load average ${load1.toFixed(1)} at start; expect noisy figures`);
    await addGoal(db.kysely, BENCH_SITE, { event: 'Signup' }, now);
    await addGoal(db.kysely, BENCH_SITE, { page: '/pricing' }, now);

    // 1. Insert.
    const filled = await fill(db, site, opts, now);
    const stored = (db.sqlite.prepare('select count(*) as n from events').get() as { n: number }).n;
    if (stored !== filled.events) problems.push(`${fmt(filled.events)} events generated but ${fmt(stored)} stored`);
    console.log(
      `  inserted ${fmt(filled.events)} events (${fmt(filled.todayEvents)} today so far): ` +
        `insert ${fmt(filled.insertPerSecond)} events/s (appender, ${BATCH} rows a transaction), ` +
        `generator ${fmt(filled.generatePerSecond)} events/s, together ${fmt(filled.overallPerSecond)} events/s`,
    );

    // 2. The import path, for comparison: enrichment per line.
    const imported = await timeImport(dir, opts.importLines, now);
    if (imported.perSecond === null) console.log(`  import speed (enrichment path): ${imported.note}`);
    else console.log(`  import speed (enrichment path): ${fmt(imported.perSecond)} lines/s (${imported.note})`);

    // 3. Rollup and size.
    const rollup = await runRollup(db, { now });
    console.log(
      `  rollup: ${rollup.days} days, ${fmt(rollup.events)} events in ${(rollup.ms / 1_000).toFixed(1)} s ` +
        `= ${(perMillion(rollup.ms, filled.events) / 1_000).toFixed(1)} s per million events`,
    );
    const size = databaseSize(db, file);
    const parts = [...size.tableBytes].slice(0, 6).map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ');
    console.log(
      `  database: ${mb(size.bytes)} = ${mb(perMillion(size.bytes, filled.events))} per million events` +
        (parts ? ` (${parts})` : ''),
    );

    // 4. Queries.
    const today = localDay(now, TIMEZONE);
    const ranges: Record<RangeName, DayRange> = {
      '30d': { from: addDays(today, -29), to: today },
      '12mo': resolveDateRange({ kind: 'preset', preset: '12mo' }, { timezone: TIMEZONE, now }) as DayRange,
    };
    console.log(`  ranges: 30d ${ranges['30d'].from}..${today}, 12mo ${ranges['12mo'].from}..${today} (today from raw events)`);
    const target = await queryTarget(db.kysely, site);
    const plannerRows = new Map<string, ResultRow[]>();
    const all = [...DASHBOARD_CASES, FILTERED_CASE].map((q) => ({ q, f: figures(q) }));
    for (const { q, f } of all) {
      try {
        if (f.readsRaw) {
          // No faster path: the planner's own runs are raw runs; 12 months run in the child.
          f.planner['30d'] = median((await timeCase(target, q, ranges['30d'], false, opts.rawRuns)).ms);
        } else {
          for (const range of ['30d', '12mo'] as const) f.planner[range] = median((await timeCase(target, q, ranges[range], false, opts.plannerRuns)).ms);
          const raw = await timeCase(target, q, ranges['30d'], true, opts.rawRuns);
          f.raw['30d'] = median(raw.ms);
          // Compared on the same data: no live event between the last raw run and this planner run.
          f.agrees['30d'] = sameResults(await runCase(target, q, ranges['30d'], false), raw.rows);
        }
      } catch (error) {
        f.errors.push((error as Error).message);
        problems.push(`${q.name}: ${(error as Error).message}`);
      }
      const raw30 = f.readsRaw ? 'planner reads raw events' : `raw ${ms(f.raw['30d'])}`;
      const planner12 = f.readsRaw ? '' : `; 12mo: planner ${ms(f.planner['12mo'])}`;
      console.log(`  ${q.name.padEnd(34)} 30d: planner ${ms(f.planner['30d'])}, ${raw30}${planner12}`);
    }

    // 5. Raw reads over 12 months, in a child with the server's heap: they may not fit. No live
    // events are stored from here on, so the planner's answers below hold for the child's reads.
    if (opts.raw12mo) {
      for (const { q, f } of all) if (!f.readsRaw) plannerRows.set(`${q.name}/12mo`, await runCase(target, q, ranges['12mo'], false));
      console.log(`  12-month raw reads, one run each, in a child process with a ${fmt(opts.rawHeapMb)} MB heap:`);
      const byName = new Map(all.map(({ q, f }) => [q.name, f]));
      const runs = [
        ...all.filter(({ f }) => f.readsRaw).map(({ q }) => ({ name: q.name, force: false })),
        ...all.filter(({ f }) => !f.readsRaw).map(({ q }) => ({ name: q.name, force: true })),
      ];
      await runInChild({ file, domain: BENCH_SITE, range: ranges['12mo'], runs }, opts.rawHeapMb, (r: ChildResult) => {
        const f = byName.get(r.name)!;
        const label = `${r.name.padEnd(34)} ${r.force ? 'forced raw' : 'planner   '}`;
        if (r.error) {
          f.errors.push(`12mo: ${r.error}`);
          console.log(`    ${label} FAILED: ${r.error}`);
          return;
        }
        if (r.force) {
          f.raw['12mo'] = r.ms!;
          f.agrees['12mo'] = sameResults(plannerRows.get(`${r.name}/12mo`)!, r.rows!);
        } else f.planner['12mo'] = r.ms!;
        console.log(`    ${label} ${ms(r.ms!)}  (child peak RSS ${fmt(r.maxRssMb)} MB)`);
      });
    }

    const cases = all.filter(({ q }) => q !== FILTERED_CASE).map(({ f }) => f);
    const filtered = all.find(({ q }) => q === FILTERED_CASE)!.f;
    return {
      dir,
      kept: opts.keep,
      events: filled.events,
      days: opts.days,
      todayEvents: filled.todayEvents,
      insertPerSecond: filled.insertPerSecond,
      generatePerSecond: filled.generatePerSecond,
      importPerSecond: imported.perSecond,
      importNote: imported.note,
      rollupMs: rollup.ms,
      rollupDays: rollup.days,
      dbBytes: size.bytes,
      tableBytes: size.tableBytes,
      ranges,
      cases,
      filtered,
      rawHeapMb: opts.rawHeapMb,
      problems,
    };
  } finally {
    await db.close();
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}

export function printQuerySummary(r: QueryReport) {
  const ratio = (raw: number, planner: number) => (Number.isNaN(raw) || Number.isNaN(planner) ? '' : `${fmt(raw / planner)}x`);
  const rawCell = (c: CaseFigures, range: RangeName) =>
    c.readsRaw ? '(same)' : ms(c.raw[range]) + (c.agrees[range] === false ? ' *' : '');
  const verdict = (c: CaseFigures) => (Number.isNaN(c.planner['12mo']) ? 'n/a' : c.planner['12mo'] < TARGET_QUERY_MS ? 'PASS' : 'MISS');
  const rows = [
    ['query (p50)', 'planner reads', '30d planner', 'raw', 'raw/planner', '12mo planner', 'raw', 'raw/planner', `12mo < ${TARGET_QUERY_MS} ms`],
    ...[...r.cases, r.filtered].map((c) => [
      c.name,
      c.readsRaw ? 'raw events' : 'aggregates',
      ms(c.planner['30d']),
      rawCell(c, '30d'),
      ratio(c.raw['30d'], c.planner['30d']),
      ms(c.planner['12mo']),
      rawCell(c, '12mo'),
      ratio(c.raw['12mo'], c.planner['12mo']),
      c === r.filtered ? '(filtered)' : verdict(c),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const pad = (cell: string, i: number) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!));
  for (const row of rows) console.log(`  ${row.map(pad).join('  ')}`);
  console.log('  "aggregates": rolled-up days from the aggregates, today from raw events; "raw events": the planner reads raw events for the whole range');
  if (r.cases.some((c) => c.agrees['30d'] === false || c.agrees['12mo'] === false)) {
    console.log('  * raw events answered differently: the rollup keeps 1,000 values per dimension and day and sums the rest into "(other)"');
  }
  for (const c of [...r.cases, r.filtered]) for (const e of c.errors) console.log(`  ${c.name}: ${e}`);

  const measured = r.cases.filter((c) => !Number.isNaN(c.planner['12mo']));
  const missed = measured.filter((c) => !(c.planner['12mo'] < TARGET_QUERY_MS)).map((c) => `${c.name} ${ms(c.planner['12mo'])}`);
  const unmeasured = r.cases.length - measured.length;
  console.log(`  events: ${fmt(r.events)} over ${r.days} days (${fmt(r.todayEvents)} today so far)`);
  console.log(`  insert speed: ${fmt(r.insertPerSecond)} events/s (pre-enriched rows, appender only)`);
  console.log(
    r.importPerSecond === null
      ? `  import speed (enrichment path): ${r.importNote}`
      : `  import speed (enrichment path): ${fmt(r.importPerSecond)} lines/s`,
  );
  console.log(`  rollup: ${(r.rollupMs / 1_000).toFixed(1)} s for ${r.rollupDays} days = ${(perMillion(r.rollupMs, r.events) / 1_000).toFixed(1)} s per million events`);
  console.log(`  database: ${mb(r.dbBytes)} = ${mb(perMillion(r.dbBytes, r.events))} per million events`);
  console.log(
    `  unfiltered queries over 12 months, planner p50 < ${TARGET_QUERY_MS} ms each: ` +
      `${measured.length - missed.length} of ${measured.length} ${missed.length === 0 ? 'PASS' : 'MISS'}` +
      (unmeasured > 0 ? ` (${unmeasured} not measured: they read raw events, BENCH_RAW_12MO=0 or failed)` : ''),
  );
  for (const m of missed) console.log(`    MISS ${m}`);
  const f = r.filtered;
  const fv = f.planner['30d'];
  const fVerdict = Number.isNaN(fv) ? 'ERROR' : fv < TARGET_FILTERED_MS ? 'PASS' : 'MISS';
  console.log(`  filtered query over 30 days (raw events) < ${fmt(TARGET_FILTERED_MS)} ms: ${ms(fv)} ${fVerdict}`);
  const f12 = f.planner['12mo'];
  const f12Note = f.errors.find((e) => e.startsWith('12mo')) ?? 'not run';
  console.log(`  filtered query over 12 months (raw events, informational): ${Number.isNaN(f12) ? f12Note : ms(f12)}`);
  if ([...r.cases, f].some((c) => c.errors.some((e) => e.includes('out of memory')))) {
    console.log(`  12-month raw reads ran out of memory with a ${fmt(r.rawHeapMb)} MB heap`);
  }
  if (r.kept) console.log(`  kept: ${join(r.dir, 'cairn.db')} (site ${BENCH_SITE}, ${TIMEZONE}); remove ${r.dir} when done`);
  for (const p of r.problems) console.log(`  PROBLEM: ${p}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runQueryBench().then(
    (report) => {
      console.log('query summary:');
      printQuerySummary(report);
      process.exit(report.problems.length > 0 ? 1 : 0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
