import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { compileGoals, listGoals } from '../admin/goals.ts';
import { listSites } from '../admin/sites.queries.ts';
import type { Db } from '../db/connect.ts';
import type { Schema, Site } from '../db/schema.ts';
import { addDays, createClock, dayStart, monthOf } from './clock.ts';
import { dayRows } from './day-rows.ts';
import type { DimensionContext } from './dimensions.ts';
import { loadEvents, maxEventId, newEventQuarters, firstEventTs } from './events.queries.ts';
import { acquireLock, releaseLock } from './lock.ts';
import type { RawEvent } from './raw-event.ts';
import { builtMonths, rebuildMonth, replaceDay, rolledDays, rollupState, saveRollupState } from './rollup.queries.ts';
import { ROLLUP_VERSION } from './stored-dimensions.ts';

/** Events of a day's visits reach this far past its end (an hour of key continuation plus a visit gap). */
export const DAY_TAIL_MS = 90 * 60_000;
/** Events this far before a day's start tell whether its first events continue earlier visits. */
export const DAY_HEAD_MS = 30 * 60_000;
const LOCK = 'rollup';
const LEASE_MS = 5 * 60_000;

export interface RollupOptions {
  now?: number;
  owner?: string;
  /** Test hook: called after each committed day; throwing simulates a crash half-way. */
  afterDay?: (site: Site, day: string) => void;
}

export interface RollupReport {
  locked: boolean;
  days: number;
  events: number;
  ms: number;
}

/**
 * Folds closed site-days into the aggregates: days never rolled up, and rolled days that late
 * or imported events (or a change of goals) made dirty. Each day is recomputed whole from its
 * raw events and replaced in one transaction, so a rerun, or a run after a crash, never counts
 * anything twice. A day closes 90 minutes after its end, when no visit can still grow into it.
 */
export async function runRollup(db: Db, options: RollupOptions = {}): Promise<RollupReport> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const owner = options.owner ?? randomUUID();
  if (!(await acquireLock(db.kysely, LOCK, owner, LEASE_MS, now))) return { locked: true, days: 0, events: 0, ms: 0 };
  const report = { locked: false, days: 0, events: 0, ms: 0 };
  try {
    const upTo = await maxEventId(db.kysely);
    for (const site of await listSites(db.kysely)) {
      await rollupSite(db.kysely, site, upTo, now, report, options);
      await acquireLock(db.kysely, LOCK, owner, LEASE_MS, Date.now());
    }
  } finally {
    await releaseLock(db.kysely, LOCK, owner);
  }
  report.ms = Date.now() - started;
  return report;
}

async function rollupSite(db: Kysely<Schema>, site: Site, upTo: number, now: number, report: RollupReport, options: RollupOptions) {
  const goals = await listGoals(db, site.id);
  const goalsHash = createHash('sha256').update(JSON.stringify(goals.map((g) => [g.name, g.kind, g.pattern]))).digest('hex');
  const state = await rollupState(db, site.id);
  const first = await firstEventTs(db, site.id);
  if (first === null) return saveRollupState(db, site.id, upTo, goalsHash);

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

  const ctx = dimensionContext(clock, compileGoals(goals));
  // Months left unbuilt: by a crash between a day and its month, or by migration 0004.
  const built = await builtMonths(db, site.id);
  const months = new Set([...rolled.keys()].map(monthOf).filter((m) => !built.has(m)));
  for (const day of [...todo].sort()) {
    const start = dayStart(day, site.timezone);
    const end = dayStart(addDays(day, 1), site.timezone);
    const events = await loadEvents(db, site.id, start - DAY_HEAD_MS, end + DAY_TAIL_MS);
    const { rows, hours } = dayRows({ events, start, end }, ctx);
    const maxId = events.reduce((m, e) => Math.max(m, e.id), 0);
    await db.transaction().execute((tx) => replaceDay(tx, site.id, day, rows, hours, maxId, now));
    report.days++;
    report.events += events.filter((e) => e.ts >= start && e.ts < end).length;
    months.add(monthOf(day));
    options.afterDay?.(site, day);
  }
  for (const month of months) await db.transaction().execute((tx) => rebuildMonth(tx, site.id, month));
  await saveRollupState(db, site.id, upTo, goalsHash);
}

/** The latest site-local day that ended at least DAY_TAIL_MS ago. */
export function lastClosedDay(clock: (ts: number) => { day: string }, timezone: string, now: number): string {
  let day = addDays(clock(now).day, -1);
  while (dayStart(addDays(day, 1), timezone) + DAY_TAIL_MS > now) day = addDays(day, -1);
  return day;
}

/** What a DimensionContext's answers depend on: the site's zone and its goals. */
export const contextKey = (timezone: string, goals: ReadonlyArray<{ name: string; kind: string; pattern: string }>) =>
  JSON.stringify([timezone, goals.map((g) => [g.name, g.kind, g.pattern])]);

export function dimensionContext(clock: DimensionContext['clock'], goals: DimensionContext['goals'], cacheKey?: string): DimensionContext {
  const parsed = new WeakMap<RawEvent, Record<string, string> | null>();
  return {
    clock,
    goals,
    cacheKey,
    props(e) {
      if (e.props === null) return null;
      let p = parsed.get(e);
      if (p === undefined) parsed.set(e, (p = JSON.parse(e.props) as Record<string, string>));
      return p;
    },
  };
}
