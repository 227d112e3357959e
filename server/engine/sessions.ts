import type { RawEvent } from './raw-event.ts';

/** A visit ends after this long without an event. */
export const VISIT_GAP_MS = 30 * 60_000;

/** A visitor's run of events with no gap over 30 minutes. */
export interface Visit {
  visitor: number;
  /** The first event: the visit's source, location and device come from it. */
  first: RawEvent;
  start: number;
  end: number;
  entryPage: string;
  exitPage: string;
  pageviews: number;
  interactiveEvents: number;
}

export const isBounce = (v: Visit) => v.pageviews <= 1 && v.interactiveEvents === 0;

/**
 * Groups events (in time order) into visits. `visitOf[i]` is the index of event i's visit,
 * or -1 for an engagement event that arrives after its visit lapsed: engagement reports on a
 * page already counted, so it never opens a visit of its own.
 */
export interface Visits {
  visits: Visit[];
  /** The index of each event's visit, -1 for a lapsed engagement event. */
  visitOf: Int32Array;
}

export function buildVisits(events: readonly RawEvent[]): Visits {
  const visits: Visit[] = [];
  const visitOf = new Int32Array(events.length);
  const current = new Map<number, number>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const engagement = e.name === 'engagement';
    const open = current.get(e.visitor);
    const visit = open === undefined ? undefined : visits[open];
    if (visit && e.ts - visit.end <= VISIT_GAP_MS) {
      visitOf[i] = open!;
      visit.end = e.ts;
      if (e.name === 'pageview') {
        visit.pageviews++;
        visit.exitPage = e.pathname;
      } else if (!engagement && e.interactive) visit.interactiveEvents++;
    } else if (engagement) {
      visitOf[i] = -1;
    } else {
      visitOf[i] = visits.length;
      current.set(e.visitor, visits.length);
      const pageview = e.name === 'pageview';
      visits.push({
        visitor: e.visitor,
        first: e,
        start: e.ts,
        end: e.ts,
        entryPage: e.pathname,
        exitPage: e.pathname,
        pageviews: pageview ? 1 : 0,
        interactiveEvents: !pageview && e.interactive ? 1 : 0,
      });
    }
  }
  return { visits, visitOf };
}
