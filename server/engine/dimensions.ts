import type { Props } from '../props.ts';
import type { Clock } from '../calendar.ts';
import { monthOf, weekOf } from '../calendar.ts';
import type { RawEvent } from './raw-event.ts';
import type { Visit } from './sessions.ts';
import { DIMENSIONS, isPropertyDimension, propertyKey, type DimensionEntry } from '../vocabulary/dimensions.ts';

/** What a dimension reads: the event, the visit it belongs to, and the site's clock and goals. */
export interface DimensionContext {
  clock: Clock;
  goals: (event: { name: string; pathname: string }) => string[];
  /** The event's props, without a prototype (server/props.ts), or null when it has none. */
  props: (event: RawEvent) => Props | null;
  /** Names the clock and goals, for caches of computed groups; without it nothing is cached. */
  cacheKey?: string;
}

/** One value for most dimensions; goals give a list (none, one or several). */
type Reader = (e: RawEvent, v: Visit, ctx: DimensionContext, ts: number) => string | string[];

const visitColumn = (column: keyof RawEvent): Reader => (_e, v) => v.first[column] as string;
const eventColumn = (column: keyof RawEvent): Reader => (e) => e[column] as string;

/** Site-local buckets of `ts` (see dimensionReader). */
const BUCKETS: Record<'hour' | 'day' | 'week' | 'month', Reader> = {
  hour: (_e, _v, ctx, ts) => ctx.clock(ts).hour,
  day: (_e, _v, ctx, ts) => ctx.clock(ts).day,
  week: (_e, _v, ctx, ts) => weekOf(ctx.clock(ts).day),
  month: (_e, _v, ctx, ts) => monthOf(ctx.clock(ts).day),
};

/** A table row's reader: what its `from` says, on the column it names. */
function readerOf(d: DimensionEntry): Reader {
  switch (d.from) {
    case 'visit':
      return visitColumn(d.column);
    case 'event':
      return eventColumn(d.column);
    case 'entry-page':
      return (_e, v) => v.entryPage;
    case 'exit-page':
      return (_e, v) => v.exitPage;
    case 'goal':
      return (e, _v, ctx) => ctx.goals(e);
    case 'time':
      return BUCKETS[d.bucket];
  }
}

// A Map, so that only these names are dimensions: an object would also answer to `constructor`.
const READERS = new Map<string, Reader>(DIMENSIONS.map((d) => [d.name, readerOf(d)]));

/** The value a property dimension takes on events that lack the property. */
export const NO_PROPERTY = '(none)';

/**
 * How to read a dimension's value from an event: one string for most, a list for goals.
 * `ts` places time dimensions: the event's time for event metrics, the visit's start for visit metrics.
 */
export function dimensionReader(dimension: string): Reader {
  const reader = READERS.get(dimension) ?? propertyReaders.get(dimension);
  if (reader) return reader;
  if (isPropertyDimension(dimension)) {
    const key = propertyKey(dimension);
    const read: Reader = (e, _v, ctx) => {
      const value = ctx.props(e)?.[key];
      // Props have no prototype, so an absent key is undefined; a context that handed out an
      // ordinary object would give `constructor` a function, which no group can be keyed by.
      return typeof value === 'string' ? value : NO_PROPERTY;
    };
    // Filters look readers up per event; property keys are few per site, but bound the map anyway.
    if (propertyReaders.size >= 1_000) propertyReaders.clear();
    propertyReaders.set(dimension, read);
    return read;
  }
  throw new Error(`unknown dimension ${dimension}`);
}

const propertyReaders = new Map<string, Reader>();

export function dimensionValues(dimension: string, e: RawEvent, v: Visit, ctx: DimensionContext, ts: number): string[] {
  const value = dimensionReader(dimension)(e, v, ctx, ts);
  return typeof value === 'string' ? [value] : value;
}

