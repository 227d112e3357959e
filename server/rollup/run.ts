import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { compileGoals, listGoals } from '../admin/goals.ts';
import { listSites } from '../admin/sites.queries.ts';
import { writeStatements } from '../db/busy-retry.ts';
import type { Db } from '../db/connect.ts';
import type { Schema, Site } from '../db/schema.ts';
import { acquireLock, releaseLock } from '../db/lease.ts';
import { addDays, createClock, dayStartUtc, monthOf } from '../calendar.ts';
import { dimensionContext } from '../engine/context.ts';
import { DAY_HEAD_MS, DAY_TAIL_MS } from '../engine/day-window.ts';
import type { DimensionContext } from '../engine/dimensions.ts';
import { loadEvents, maxEventId, newEventQuarters, firstEventTs } from '../engine/events.queries.ts';
import { ROLLUP_VERSION } from '../engine/stored-dimensions.ts';
import { dayRows } from './day-rows.ts';
import { clearFailure, clearFailureStatement, recordFailure, rollupFailures, type RollupFailure } from './failures.queries.ts';
import { builtMonths, monthRows, replaceDayStatements, writeMonthStatements, rolledDays, rollupState, saveRollupState } from './rollup.queries.ts';

const LOCK = 'rollup';
const LEASE_MS = 5 * 60_000;

export interface RollupOptions {
  now?: number;
  owner?: string;
  /** Test hook: called after each committed day; throwing simulates a crash half-way. */
  afterDay?: (site: Site, day: string) => void;
  /** Test hook: called before a day (YYYY-MM-DD) is recomputed or a month (YYYY-MM) rebuilt; throwing fails that one alone. */
  beforeWrite?: (site: Site, period: string) => void;
  /** Asked between days: true ends the run early (a shutdown), its lease released, the rest left for the next run. */
  shouldStop?: () => boolean;
}

/** Something a run could not do: write a day or a month (`day`), or, with `day` null, plan or finish the site. */
export interface RollupFailureReport {
  site: string;
  day: string | null;
  error: string;
}

export interface RollupReport {
  locked: boolean;
  days: number;
  events: number;
  ms: number;
  /** Failures of this run, for the caller to log; rollup_failures keeps them for the retries. */
  failed: RollupFailureReport[];
}

/**
 * Folds closed site-days into the aggregates: days never rolled up, and rolled days that late
 * or imported events (or a change of goals) made dirty. Each day is recomputed whole from its
 * raw events and replaced in one transaction, so a rerun, or a run after a crash, never counts
 * anything twice. A day closes 90 minutes after its end, when no visit can still grow into it.
 *
 * A day or month that throws is recorded in rollup_failures and retried on later runs with a
 * backoff; the run goes on with the other days and sites, since one bad day must not keep every
 * site's reports (and retention, which purges rolled days only) waiting.
 */
export async function runRollup(db: Db, options: RollupOptions = {}): Promise<RollupReport> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const owner = options.owner ?? randomUUID();
  if (!(await acquireLock(db.kysely, LOCK, owner, LEASE_MS, now))) return { locked: true, days: 0, events: 0, ms: 0, failed: [] };
  const report: RollupReport = { locked: false, days: 0, events: 0, ms: 0, failed: [] };
  try {
    const upTo = await maxEventId(db.kysely);
    // Renewed after every day, so a backlog of hours never outlives the lease while it runs.
    const renew = () => acquireLock(db.kysely, LOCK, owner, LEASE_MS, Date.now());
    for (const site of await listSites(db.kysely)) {
      if (!(await rollupSite(db.kysely, site, upTo, now, report, options, renew))) break;
    }
  } finally {
    await releaseLock(db.kysely, LOCK, owner);
  }
  report.ms = Date.now() - started;
  return report;
}

/** What one run does for a site: the days to recompute and the months to rebuild, in order. */
interface SitePlan {
  goalsHash: string;
  ctx: DimensionContext;
  days: string[];
  months: Set<string>;
  failures: Map<string, RollupFailure>;
}

/** False when the run must stop: asked to (a shutdown), or the lease was lost (another process took over after a stall). */
async function rollupSite(
  db: Kysely<Schema>,
  site: Site,
  upTo: number,
  now: number,
  report: RollupReport,
  options: RollupOptions,
  renew: () => Promise<boolean>,
): Promise<boolean> {
  const reportFailure = (day: string | null, error: unknown) => {
    const text = String(error);
    report.failed.push({ site: site.domain, day, error: text });
    return text;
  };
  let plan: SitePlan | null;
  try {
    plan = await planSite(db, site, upTo, now);
  } catch (error) {
    // Nothing written and the site's progress kept: the next run plans the same work again.
    reportFailure(null, error);
    return true;
  }
  if (plan === null) return true;
  const { ctx, failures } = plan;
  // The site's progress may pass a failed day only once its row is stored: the row asks for the retry.
  let remembered = true;
  /** Runs one day's or month's work; a throw is recorded against it and the run goes on. */
  const attempt = async (period: string, work: () => Promise<void>): Promise<boolean> => {
    try {
      options.beforeWrite?.(site, period);
      await work();
      return true;
    } catch (error) {
      const text = reportFailure(period, error);
      try {
        await recordFailure(db, site.id, period, text, (failures.get(period)?.attempts ?? 0) + 1, now);
      } catch (unrecorded) {
        remembered = false;
        reportFailure(null, unrecorded);
      }
      return false;
    }
  };
  const cleared = (period: string) => (failures.has(period) ? [clearFailureStatement(db, site.id, period)] : []);

  for (const day of plan.days) {
    const start = dayStartUtc(day, site.timezone);
    const end = dayStartUtc(addDays(day, 1), site.timezone);
    let inDay = 0;
    const done = await attempt(day, async () => {
      const events = await loadEvents(db, site.id, start - DAY_HEAD_MS, end + DAY_TAIL_MS);
      const { rows, hours } = dayRows({ events, start, end }, ctx);
      const maxId = events.reduce((m, e) => Math.max(m, e.id), 0);
      await writeStatements(db, [...replaceDayStatements(db, site.id, day, rows, hours, maxId, now), ...cleared(day)]);
      inDay = events.filter((e) => e.ts >= start && e.ts < end).length;
    });
    if (!done) continue;
    report.days++;
    report.events += inDay;
    plan.months.add(monthOf(day));
    options.afterDay?.(site, day);
    if (options.shouldStop?.() || !(await renew())) return false;
  }
  for (const month of plan.months) {
    if ((failures.get(month)?.retryAt ?? 0) > now) continue;
    await attempt(month, async () => {
      // Only one rollup runs at a time (the lease), so the days summed here stay as they are until the write.
      const sums = await monthRows(db, site.id, month);
      await writeStatements(db, [...writeMonthStatements(db, site.id, month, sums), ...cleared(month)]);
    });
  }
  if (!remembered) return true;
  try {
    await saveRollupState(db, site.id, upTo, plan.goalsHash);
  } catch (error) {
    reportFailure(null, error);
  }
  return true;
}

/**
 * The days to recompute: days never rolled up, rolled days that new events, a change of goals or
 * an older rollup version made dirty, and failed days due for a retry; failed days still in their
 * backoff wait. The months to rebuild: those not built. Null when the site has no events.
 */
async function planSite(db: Kysely<Schema>, site: Site, upTo: number, now: number): Promise<SitePlan | null> {
  const goals = await listGoals(db, site.id);
  const goalsHash = createHash('sha256').update(JSON.stringify(goals.map((g) => [g.name, g.kind, g.pattern]))).digest('hex');
  const state = await rollupState(db, site.id);
  const first = await firstEventTs(db, site.id);
  if (first === null) {
    await saveRollupState(db, site.id, upTo, goalsHash);
    return null;
  }

  const clock = createClock(site.timezone);
  const rolled = await rolledDays(db, site.id);
  const lastClosed = lastClosedDay(clock, site.timezone, now);
  const todo = new Set<string>();
  for (let day = clock(first).day; day <= lastClosed; day = addDays(day, 1)) if (!rolled.has(day)) todo.add(day);
  const recomputable = (day: string) => rolled.has(day) && !rolled.get(day)!.purged && day <= lastClosed;
  // A change of goals changes every day's goal rows; an older rollup's days lack newer dimensions.
  for (const [day, { version }] of rolled) {
    if ((goalsHash !== state.goalsHash || version < ROLLUP_VERSION) && recomputable(day)) todo.add(day);
  }
  for (const quarter of await newEventQuarters(db, site.id, state.lastEventId, upTo)) {
    for (const day of new Set([clock(quarter).day, clock(quarter - DAY_TAIL_MS).day])) if (recomputable(day)) todo.add(day);
  }

  // Months left unbuilt: by a crash between a day and its month, a failed rebuild, or migration 0004.
  const built = await builtMonths(db, site.id);
  const months = new Set([...rolled.keys()].map(monthOf).filter((m) => !built.has(m)));

  // The site's progress has moved past what made a failed day dirty: its row is what brings it back.
  const failures = await rollupFailures(db, site.id);
  for (const [period, { retryAt }] of failures) {
    if (isDay(period) ? rolled.get(period)?.purged : built.has(period)) {
      // Nothing left to retry: the day's raw events are gone, or a later run built the month.
      await clearFailure(db, site.id, period);
      failures.delete(period);
    } else if (isDay(period)) {
      if (retryAt > now) todo.delete(period);
      else if (period <= lastClosed) todo.add(period);
    }
  }
  return { goalsHash, ctx: dimensionContext(clock, compileGoals(goals)), days: [...todo].sort(), months, failures };
}

const isDay = (period: string) => period.length === 10;

/** The latest site-local day that ended at least DAY_TAIL_MS ago. */
export function lastClosedDay(clock: (ts: number) => { day: string }, timezone: string, now: number): string {
  let day = addDays(clock(now).day, -1);
  while (dayStartUtc(addDays(day, 1), timezone) + DAY_TAIL_MS > now) day = addDays(day, -1);
  return day;
}
