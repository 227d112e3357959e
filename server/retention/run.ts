import { randomUUID } from 'node:crypto';
import { listSites } from '../admin/sites.queries.ts';
import type { Db } from '../db/connect.ts';
import type { Site } from '../db/schema.ts';
import { addDays, createClock, dayStart } from '../rollup/clock.ts';
import { acquireLock, releaseLock } from '../rollup/lock.ts';
import { DAY_HEAD_MS } from '../rollup/run.ts';
import {
  countEventsBefore,
  deleteAggregatesBefore,
  deleteEventsBefore,
  deleteOrphanEvents,
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
export async function runRetention(db: Db, options: { now?: number; dryRun?: boolean } = {}): Promise<RetentionReport> {
  const now = options.now ?? Date.now();
  const dryRun = options.dryRun ?? false;
  const owner = randomUUID();
  if (!dryRun && !(await acquireLock(db.kysely, 'retention', owner, 30 * 60_000, now))) return { locked: true, dryRun, sites: [] };
  try {
    const sites: SiteRetention[] = [];
    for (const site of await listSites(db.kysely)) sites.push(await retainSite(db, site, now, dryRun));
    if (!dryRun) await deleteOrphanEvents(db.kysely);
    return { locked: false, dryRun, sites };
  } finally {
    if (!dryRun) await releaseLock(db.kysely, 'retention', owner);
  }
}

async function retainSite(db: Db, site: Site, now: number, dryRun: boolean): Promise<SiteRetention> {
  const today = createClock(site.timezone)(now).day;
  const report: SiteRetention = { domain: site.domain, rawBefore: null, rawEvents: 0, aggregatesBefore: null, aggregateRows: 0 };

  // Raw: up to the retention cut, but not past the first day still waiting for the rollup.
  let cut = addDays(today, -site.raw_retention_days);
  const rolled = await rolledDayList(db.kysely, site.id);
  if (rolled.length === 0) return report;
  const pending = firstGap(rolled, cut);
  if (pending < cut) cut = pending;
  // The last half hour before the cut stays: the first kept day's visits may begin there.
  const before = dayStart(cut, site.timezone) - DAY_HEAD_MS;
  report.rawBefore = cut;
  if (dryRun) report.rawEvents = await countEventsBefore(db.kysely, site.id, before);
  else {
    report.rawEvents = await deleteEventsBefore(db.kysely, site.id, before);
    await markRawPurged(db.kysely, site.id, cut);
  }

  if (site.aggregate_retention_months > 0) {
    const month = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
    month.setUTCMonth(month.getUTCMonth() - site.aggregate_retention_months);
    const day = month.toISOString().slice(0, 10);
    report.aggregatesBefore = day;
    report.aggregateRows = await deleteAggregatesBefore(db.kysely, site.id, day, dryRun);
  }
  return report;
}

/** The first day from the first rolled one on that is not rolled up, or `cut` if none before it. */
function firstGap(rolled: string[], cut: string): string {
  let expected = rolled[0]!;
  for (const day of rolled) {
    if (expected >= cut) return cut;
    if (day !== expected) return expected;
    expected = addDays(day, 1);
  }
  return expected < cut ? expected : cut;
}
