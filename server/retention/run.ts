import { randomUUID } from 'node:crypto';
import { listSites } from '../admin/sites.queries.ts';
import type { Db } from '../db/connect.ts';
import type { Site } from '../db/schema.ts';
import { addDays, createClock, dayStartUtc } from '../calendar.ts';
import { acquireLock, releaseLock } from '../db/lease.ts';
import { firstEventTs } from '../engine/events.queries.ts';
import { DAY_HEAD_MS } from '../engine/day-window.ts';
import {
  countEventsBefore,
  deleteAggregatesBefore,
  deleteEventsBefore,
  deleteOrphanEvents,
  firstFailedDay,
  markRawPurged,
  rolledDayList,
} from './retention.queries.ts';

export interface SiteRetention {
  domain: string;
  /** Raw events before this day are (or would be) deleted. */
  rawBefore: string | null;
  rawEvents: number;
  /** Aggregate rows before this day are (or would be) deleted. */
  aggregatesBefore: string | null;
  aggregateRows: number;
}

export interface RetentionReport {
  locked: boolean;
  dryRun: boolean;
  sites: SiteRetention[];
}

/**
 * Applies each site's retention: raw events older than `raw_retention_days` (0: as soon as their
 * day is rolled up), but never a day not rolled up yet, and aggregates older than
 * `aggregate_retention_months` (0: forever). Days whose raw events are gone are marked, so the
 * rollup never recomputes them from nothing.
 */
export interface RetentionOptions {
  now?: number;
  dryRun?: boolean;
  /** Asked between sites and between delete batches: true ends the run early (a shutdown); what is left waits for the next run. */
  shouldStop?: () => boolean;
}

export async function runRetention(db: Db, options: RetentionOptions = {}): Promise<RetentionReport> {
  const now = options.now ?? Date.now();
  const dryRun = options.dryRun ?? false;
  const owner = randomUUID();
  if (!dryRun && !(await acquireLock(db.kysely, 'retention', owner, 30 * 60_000, now))) return { locked: true, dryRun, sites: [] };
  try {
    const sites: SiteRetention[] = [];
    const stop = options.shouldStop ?? (() => false);
    for (const site of await listSites(db.kysely)) {
      if (stop()) break;
      sites.push(await retainSite(db, site, now, dryRun, stop));
    }
    if (!dryRun && !stop()) await deleteOrphanEvents(db.kysely, stop);
    return { locked: false, dryRun, sites };
  } finally {
    if (!dryRun) await releaseLock(db.kysely, 'retention', owner);
  }
}

async function retainSite(db: Db, site: Site, now: number, dryRun: boolean, stop: () => boolean): Promise<SiteRetention> {
  const today = createClock(site.timezone)(now).day;
  const report: SiteRetention = { domain: site.domain, rawBefore: null, rawEvents: 0, aggregatesBefore: null, aggregateRows: 0 };

  // Raw: up to the retention cut, but never past a day the aggregates do not hold yet: a day not
  // rolled up (from the site's first raw event on, so an import's older days count too), or one
  // whose rollup failed and waits for its retry.
  let cut = addDays(today, -site.raw_retention_days);
  const rolled = await rolledDayList(db.kysely, site.id);
  if (rolled.length === 0) return report;
  const first = await firstEventTs(db.kysely, site.id);
  if (first === null) return report;
  const pending = firstGap(new Set(rolled), createClock(site.timezone)(first).day, cut);
  if (pending < cut) cut = pending;
  const failed = await firstFailedDay(db.kysely, site.id);
  if (failed !== null && failed < cut) cut = failed;
  // The last half hour before the cut stays: the first kept day's visits may begin there.
  const before = dayStartUtc(cut, site.timezone) - DAY_HEAD_MS;
  report.rawBefore = cut;
  if (dryRun) report.rawEvents = await countEventsBefore(db.kysely, site.id, before);
  else {
    const deleted = await deleteEventsBefore(db.kysely, site.id, before, stop);
    report.rawEvents = deleted.count;
    // Days are marked purged only once all their raw events are gone; a stopped run leaves them for the next.
    if (deleted.complete) await markRawPurged(db.kysely, site.id, cut);
  }

  if (site.aggregate_retention_months > 0) {
    const month = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
    month.setUTCMonth(month.getUTCMonth() - site.aggregate_retention_months);
    const day = month.toISOString().slice(0, 10);
    report.aggregatesBefore = day;
    report.aggregateRows = await deleteAggregatesBefore(db.kysely, site.id, day, dryRun, stop);
  }
  return report;
}

/** The first day from `from` on that is not rolled up, or `cut` if none before it. */
function firstGap(rolled: ReadonlySet<string>, from: string, cut: string): string {
  for (let day = from; day < cut; day = addDays(day, 1)) if (!rolled.has(day)) return day;
  return cut;
}
