import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import type { DimensionContext } from '../engine/dimensions.ts';
import type { RecentEvents } from './recent-events.ts';

/** What a query reads about its site. */
export interface SiteInfo {
  id: number;
  timezone: string;
  raw_retention_days: number;
}

/**
 * Everything answering one query needs besides the query itself, made once by answerQuery and
 * handed down every step of the pipeline (plan, aggregates, raw events, totals, comparison), as
 * Plausible's query runner carries its query's context: the database, the site, its clock and
 * goals, and the process's copy of recent events.
 */
export interface QueryRun {
  readonly db: Kysely<Schema>;
  readonly site: SiteInfo;
  readonly ctx: DimensionContext;
  readonly recent?: RecentEvents;
  /** Every read from raw events, the aggregates untouched: the reference that tests and the bench hold the planner to. */
  readonly forceEvents?: boolean;
}
