import { findSiteByDomain } from '../admin/sites.queries.ts';
import type { Db } from '../db/connect.ts';
import { badRequest } from '../errors.ts';
import { answerQuery, type QueryAnswer } from '../query/answer-query.ts';
import { parseQuery } from '../query/model.ts';
import { createRecentEvents } from '../query/recent-events.ts';
import { eventPropKeys, purgedDayPropKeys } from './dashboard.queries.ts';
import { readableSite, type Principal } from './principal.ts';

export interface QueryInput {
  /** The request's JSON body, parsed here: compiled filters do not cross threads. */
  body: unknown;
  principal: Principal;
  now: number;
}

export interface PropKeysInput {
  siteId: number;
  event: string;
  /** Site-local days, and the instants they span. */
  days: { from: string; to: string };
  span: { from: number; to: number };
  max: number;
}

/**
 * The reads that may take long (a query over raw events, a scan for property keys): what the
 * query worker runs with its own connection and its own copy of recent events, away from the
 * collector's event loop. Over an in-memory database (unit tests) the same functions run
 * in-process.
 */
export function createQueryTasks(db: Db) {
  const recent = createRecentEvents(db.kysely);
  return {
    async query({ body, principal, now }: QueryInput): Promise<QueryAnswer> {
      const query = parseQuery(body);
      const site = readableSite(principal, await findSiteByDomain(db.kysely, query.site), `site_id "${query.site}"`, () =>
        badRequest(`site_id: no site "${query.site}"`, 'invalid_query'),
      );
      return answerQuery(db.kysely, site, query, now, { recent });
    },

    /** The Properties tab's key picker: raw events' keys by use, then keys only the aggregates kept. */
    async propKeys({ siteId, event, days, span, max }: PropKeysInput): Promise<string[]> {
      const raw = await eventPropKeys(db.kysely, siteId, event, span);
      const rolled = await purgedDayPropKeys(db.kysely, siteId, days.from, days.to);
      const byUse = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);
      return [...byUse(raw), ...byUse(rolled).filter((key) => !raw.has(key))].slice(0, max);
    },

    /** Events the copy of recent events holds, for tests and metrics. */
    heldEvents: async () => recent.size(),
  };
}

export type QueryTasks = ReturnType<typeof createQueryTasks>;
