import { eventRow } from './test-db.ts';
import { parseStoredProps, type Props } from '../../server/props.ts';
import { createClock } from '../../server/calendar.ts';
import type { DimensionContext } from '../../server/engine/dimensions.ts';
import type { RawEvent } from '../../server/engine/raw-event.ts';

/** 2026-03-10 00:00 UTC: the day most engine tests look at. */
export const DAY = Date.UTC(2026, 2, 10);
export const MIN = 60_000;

let nextId = 1;

/** A raw event at `minute` past DAY's midnight (UTC), with neutral values. */
export function ev(minute: number, visitor: number, over: Partial<RawEvent> = {}): RawEvent {
  const row = eventRow({ ts: DAY + minute * MIN, visitor, ...over });
  return { id: nextId++, ...row } as RawEvent;
}

export function testContext(goals: DimensionContext['goals'] = () => []): DimensionContext {
  const cache = new WeakMap<RawEvent, Props | null>();
  return {
    clock: createClock('UTC'),
    goals,
    props: (e) => {
      if (!cache.has(e)) cache.set(e, parseStoredProps(e.props));
      return cache.get(e)!;
    },
  };
}

export const dayWindow = (events: RawEvent[], start = DAY) => ({
  events: [...events].sort((a, b) => a.ts - b.ts || a.id - b.id),
  start,
  end: start + 86_400_000,
});
